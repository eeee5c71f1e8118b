import datetime
import re
from typing import Any

from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.centers.choices import AppointmentRole, CenterKind, CenterStatus
from liaison.centers.models import Appointment, Center
from tests.centers.factories import (
    AppointmentFactory,
    CenterFactory,
    CommitteeFactory,
)
from tests.people.factories import PersonFactory
from tests.web.pages import ObjectPageChecks


class TestCenterPages(ObjectPageChecks):
    model = Center
    factory = CenterFactory
    url_base = "centers:center"
    stale_field = "name_en"
    stale_value = "Renamed Meanwhile Center"

    def shown_as(self, obj: Any) -> str:
        # The English name holds "&", which the page escapes.
        return str(obj.name_zh)

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "name_zh": "生物医用材料中心",
            "name_en": "Biomedical Materials Center",
            "kind": CenterKind.RESEARCH_CENTER,
            "status": CenterStatus.ACTIVE,
            "established_on": "2023-05-06",
            "focus_areas": "医用高分子\n丝素蛋白",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "kind": "spaceport"}, "kind"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(kind=CenterKind.LABORATORY, name_en="Kept Laboratory")
        dropped = self.make(kind=CenterKind.INCUBATION, name_en="Dropped Incubator")
        return {"kind": CenterKind.LABORATORY}, kept, dropped


class TestAppointmentPages(ObjectPageChecks):
    model = Appointment
    factory = AppointmentFactory
    url_base = "centers:appointment"
    editable = False

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(role=AppointmentRole.CHIEF_SCIENTIST)
        dropped = self.make(role=AppointmentRole.DIRECTOR)
        return {"role": AppointmentRole.CHIEF_SCIENTIST}, kept, dropped

    def shown_as(self, obj: Any) -> str:
        return str(obj.person)


def running_term() -> dict[str, Any]:
    return {"starts_on": datetime.date(2023, 5, 6), "ends_on": datetime.date(2099, 5, 5)}


def test_center_page_offers_its_steps_and_appoints_through_the_service(
    signed_in: Client, staff_user: User, db: None
) -> None:
    center = CenterFactory.create()
    committee = CommitteeFactory.create(center=center)
    person = PersonFactory.create(name_en="New Member")
    step = reverse("centers:center_action", args=(center.pk, "appoint"))
    assert (
        step in signed_in.get(reverse("centers:center_detail", args=(center.pk,))).content.decode()
    )

    response = signed_in.post(
        step,
        {
            "person": person.pk,
            "role": AppointmentRole.COMMITTEE_MEMBER,
            "starts_on": "2024-01-01",
            "loaded_version": center.version,
        },
    )
    assert response.status_code == 400
    assert "committee" in response.context["form"].errors
    assert not Appointment.objects.filter(person=person).exists()

    response = signed_in.post(
        step,
        {
            "person": person.pk,
            "role": AppointmentRole.COMMITTEE_MEMBER,
            "committee": committee.pk,
            "starts_on": "2024-01-01",
            "loaded_version": center.version,
        },
    )
    assert response["Location"] == reverse("centers:center_detail", args=(center.pk,))
    appointment = Appointment.objects.get(person=person)
    assert appointment.committee == committee
    assert appointment.history.get().history_user == staff_user


def test_an_appointment_term_is_ended_from_its_page_and_no_longer_offered(
    signed_in: Client, db: None
) -> None:
    appointment = AppointmentFactory.create(role=AppointmentRole.DIRECTOR)
    detail = reverse("centers:appointment_detail", args=(appointment.pk,))
    step = reverse("centers:appointment_action", args=(appointment.pk, "end-term"))
    assert step in signed_in.get(detail).content.decode()

    response = signed_in.post(
        step, {"ends_on": "2020-01-01", "loaded_version": appointment.version}
    )
    assert response.status_code == 400
    assert "ends_on" in response.context["form"].errors

    signed_in.post(step, {"ends_on": "2024-05-06", "loaded_version": appointment.version})
    appointment.refresh_from_db()
    assert appointment.ends_on == datetime.date(2024, 5, 6)
    assert step not in signed_in.get(detail).content.decode()


def test_current_filter_keeps_the_terms_running_today(signed_in: Client, db: None) -> None:
    AppointmentFactory.create(person=PersonFactory.create(name_en="Serving Now"), **running_term())
    AppointmentFactory.create(
        person=PersonFactory.create(name_en="Served Before"),
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2020, 1, 1),
    )
    page = signed_in.get(reverse("centers:appointment_list"), {"current": "true"}).content.decode()
    assert "Serving Now" in page
    assert "Served Before" not in page


def test_focus_filter_matches_a_whole_focus_area(signed_in: Client, db: None) -> None:
    CenterFactory.create(name_en="Silk Center", focus_areas=["丝素蛋白", "医用高分子"])
    CenterFactory.create(name_en="Near Center", focus_areas=["丝素蛋白材料"])
    page = signed_in.get(reverse("centers:center_list"), {"focus": "丝素蛋白"}).content.decode()
    assert "Silk Center" in page
    assert "Near Center" not in page


def test_a_user_without_rights_sees_no_center_nor_its_chains(
    client: Client, django_user_model: type[User], db: None
) -> None:
    center = CenterFactory.create(name_en="Hidden Center")
    client.force_login(django_user_model.objects.create_user(username="outsider"))
    assert "Hidden Center" not in client.get(reverse("centers:center_list")).content.decode()
    assert client.get(reverse("centers:center_detail", args=(center.pk,))).status_code == 404
    assert client.get(reverse("centers:center_chains", args=(center.pk,))).status_code == 404


def test_the_running_term_filter_reads_in_the_page_language(signed_in: Client, db: None) -> None:
    url = reverse("centers:appointment_list")
    html = signed_in.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    select = re.search(r'<select name="current".*?</select>', html, re.S)
    assert select
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0)) == ["不限", "是", "否"]
