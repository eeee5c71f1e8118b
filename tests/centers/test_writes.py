"""The one write path of centers, partners, committees and appointments: their services, the
center's table of status moves, and the rules they hold on the pages and in the admin."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.centers.choices import CENTER_ENDED, CENTER_MOVES, AppointmentRole, CenterStatus
from liaison.centers.models import Appointment, Center, CenterPartner, Committee
from liaison.centers.services import (
    appointment_create,
    appointment_delete,
    appointment_update,
    center_delete,
    center_update,
    centerpartner_create,
    centerpartner_delete,
    centerpartner_update,
    committee_create,
    committee_delete,
    committee_update,
)
from liaison.core import writes
from liaison.core.errors import StaleEditError
from liaison.core.lifecycle import today
from tests.centers.factories import (
    AppointmentFactory,
    CenterFactory,
    CenterPartnerFactory,
    CommitteeFactory,
)
from tests.core.admin_pages import admin_url, posted_back
from tests.core.errors import codes, messages_of
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def closed_center() -> Center:
    return CenterFactory.create(status=CenterStatus.CLOSED)


def test_every_center_model_has_its_write_services() -> None:
    for model in (Center, CenterPartner, Committee, Appointment):
        assert writes.writes_for(model)
    assert writes.writes_for(CenterPartner).target == "partner"


# Centers and their table of moves -------------------------------------------------------------


def test_a_center_is_planned_opens_and_closes_for_good() -> None:
    assert CENTER_MOVES.into(CenterStatus.ACTIVE) == {CenterStatus.PLANNED}
    assert CENTER_MOVES.into(CenterStatus.CLOSED) == {CenterStatus.PLANNED, CenterStatus.ACTIVE}
    assert {CenterStatus.CLOSED} == CENTER_ENDED


def test_center_update_opens_a_planned_center_with_the_author(staff_user: User) -> None:
    center = CenterFactory.create(status=CenterStatus.PLANNED)

    center_update(center=center, by=staff_user, version=center.version, status="active")

    center.refresh_from_db()
    assert center.status == CenterStatus.ACTIVE
    assert center.history.latest().history_user == staff_user


@pytest.mark.parametrize(
    ("current", "wanted"),
    [(CenterStatus.ACTIVE, CenterStatus.PLANNED), (CenterStatus.CLOSED, CenterStatus.ACTIVE)],
)
def test_center_update_refuses_a_move_absent_from_the_table(current: str, wanted: str) -> None:
    center = CenterFactory.create(status=current)

    with pytest.raises(ValidationError) as error:
        center_update(center=center, by=None, status=wanted)

    assert codes(error, "status") == ["illegal_transition"]
    center.refresh_from_db()
    assert center.status == current


def test_center_update_refuses_a_sub_center_as_parent() -> None:
    center = CenterFactory.create()
    child = CenterFactory.create(parent=center)

    with pytest.raises(ValidationError) as error:
        center_update(center=center, by=None, parent=child)

    assert codes(error, "parent") == ["parent_cycle"]


def test_center_update_refuses_a_stale_version() -> None:
    center = CenterFactory.create()
    with pytest.raises(StaleEditError):
        center_update(center=center, by=None, version=center.version + 1, description="x")


def test_a_center_with_appointments_is_closed_not_deleted() -> None:
    appointment = AppointmentFactory.create()

    with pytest.raises(ValidationError) as error:
        center_delete(center=appointment.center, by=None)

    assert codes(error) == ["not_deletable"]
    assert "Closed" in error.value.messages[0]
    assert Appointment.objects.filter(pk=appointment.pk).exists()


def test_a_parent_center_is_refused_by_its_sub_centers() -> None:
    center = CenterFactory.create()
    CenterFactory.create(parent=center)
    with pytest.raises(ValidationError) as error:
        center_delete(center=center, by=None)
    assert codes(error) == ["protected"]


def test_a_mistaken_center_is_deleted_with_a_history_row(staff_user: User) -> None:
    center = CenterFactory.create()
    CenterPartnerFactory.create(center=center)
    pk = center.pk

    center_delete(center=center, by=staff_user)

    assert not Center.objects.filter(pk=pk).exists()
    deleted = Center.history.get(id=pk, history_type="-")
    assert deleted.history_user == staff_user


# Partners and committees ----------------------------------------------------------------------


def test_no_partner_joins_a_closed_center() -> None:
    with pytest.raises(ValidationError) as error:
        centerpartner_create(
            center=closed_center(), organization=OrganizationFactory.create(), by=None
        )
    assert codes(error, "center") == ["center_closed"]
    assert not CenterPartner.objects.exists()


def test_a_partner_is_corrected_with_its_author(staff_user: User) -> None:
    partner = CenterPartnerFactory.create()
    centerpartner_update(partner=partner, by=staff_user, version=partner.version, role="共建")
    partner.refresh_from_db()
    assert partner.role == "共建"
    assert partner.history.latest().history_user == staff_user


def test_the_partners_of_a_closed_center_are_kept() -> None:
    partner = CenterPartnerFactory.create(center=closed_center())
    with pytest.raises(ValidationError) as error:
        centerpartner_update(partner=partner, by=None, role="共建")
    assert codes(error, "center") == ["center_closed"]
    with pytest.raises(ValidationError) as error:
        centerpartner_delete(partner=partner, by=None)
    assert codes(error) == ["not_deletable"]


def test_a_mistaken_partner_is_removed_with_a_history_row(staff_user: User) -> None:
    partner = CenterPartnerFactory.create()
    pk = partner.pk
    centerpartner_delete(partner=partner, by=staff_user)
    deleted = CenterPartner.history.get(id=pk, history_type="-")
    assert deleted.history_user == staff_user


def test_no_committee_is_set_up_in_a_closed_center() -> None:
    with pytest.raises(ValidationError) as error:
        committee_create(center=closed_center(), kind="academic", name_zh="学术委员会", by=None)
    assert codes(error, "center") == ["center_closed"]


def test_a_committee_with_appointments_keeps_its_center_and_its_record() -> None:
    committee = CommitteeFactory.create()
    AppointmentFactory.create(
        center=committee.center, committee=committee, role=AppointmentRole.COMMITTEE_MEMBER
    )

    with pytest.raises(ValidationError) as error:
        committee_update(committee=committee, by=None, center=CenterFactory.create())
    assert codes(error, "center") == ["committee_has_appointments"]

    with pytest.raises(ValidationError) as error:
        committee_delete(committee=committee, by=None)
    assert codes(error) == ["not_deletable"]
    assert Committee.objects.filter(pk=committee.pk).exists()


def test_a_committee_without_appointments_is_deleted(staff_user: User) -> None:
    committee = CommitteeFactory.create()
    pk = committee.pk
    committee_delete(committee=committee, by=staff_user, version=committee.version)
    assert not Committee.objects.filter(pk=pk).exists()


# Appointments ---------------------------------------------------------------------------------


def test_nobody_is_appointed_in_a_closed_center() -> None:
    with pytest.raises(ValidationError) as error:
        appointment_create(
            person=PersonFactory.create(),
            center=closed_center(),
            role=AppointmentRole.DIRECTOR,
            starts_on=D(2023, 1, 1),
            by=None,
        )
    assert codes(error, "center") == ["center_closed"]


def test_appointment_update_refuses_a_term_ending_before_it_starts() -> None:
    appointment = AppointmentFactory.create(starts_on=D(2023, 5, 6))

    with pytest.raises(ValidationError) as error:
        appointment_update(appointment=appointment, by=None, ends_on=D(2023, 1, 1))

    assert codes(error, "ends_on") == ["ends_before_start"]


def test_appointment_update_saves_with_the_author(staff_user: User) -> None:
    appointment = AppointmentFactory.create()
    appointment_update(
        appointment=appointment,
        by=staff_user,
        version=appointment.version,
        role=AppointmentRole.DEPUTY_DIRECTOR,
    )
    appointment.refresh_from_db()
    assert appointment.role == AppointmentRole.DEPUTY_DIRECTOR
    assert appointment.history.latest().history_user == staff_user


def test_appointment_update_refuses_a_stale_version() -> None:
    appointment = AppointmentFactory.create()
    with pytest.raises(StaleEditError):
        appointment_update(appointment=appointment, by=None, version=appointment.version + 1)


def test_a_started_appointment_is_ended_not_deleted() -> None:
    appointment = AppointmentFactory.create(starts_on=D(2023, 5, 6))

    with pytest.raises(ValidationError) as error:
        appointment_delete(appointment=appointment, by=None)

    assert codes(error) == ["not_deletable"]
    assert "end the term" in error.value.messages[0]


def test_an_appointment_not_yet_started_may_be_deleted(staff_user: User) -> None:
    appointment = AppointmentFactory.create(starts_on=today() + datetime.timedelta(days=30))
    pk = appointment.pk

    appointment_delete(appointment=appointment, by=staff_user)

    deleted = Appointment.history.get(id=pk, history_type="-")
    assert deleted.history_user == staff_user


# The generic pages ----------------------------------------------------------------------------


def test_the_center_edit_page_shows_an_illegal_status_under_the_field(signed_in: Client) -> None:
    center = CenterFactory.create(status=CenterStatus.CLOSED)
    url = reverse("centers:center_edit", args=(center.pk,))
    data = {
        "name_zh": center.name_zh,
        "kind": center.kind,
        "status": CenterStatus.ACTIVE,
        "loaded_version": center.version,
    }

    response = signed_in.post(url, data)

    assert response.status_code == 400
    assert "status" in response.context["form"].errors
    center.refresh_from_db()
    assert center.status == CenterStatus.CLOSED


def test_the_center_delete_page_refuses_a_center_with_appointments(signed_in: Client) -> None:
    center = AppointmentFactory.create().center

    response = signed_in.post(reverse("centers:center_delete", args=(center.pk,)))

    assert response.status_code == 302
    assert any("end the appointments" in m for m in messages_of(response))
    assert Center.objects.filter(pk=center.pk).exists()


# The admin ------------------------------------------------------------------------------------


def test_the_center_page_offers_adding_its_rows(admin_client: Client) -> None:
    center = CenterFactory.create()
    response = admin_client.get(admin_url(Center, "change", center.pk))
    assert {link["url"] for link in response.context["liaison_inline_adds"]} == {
        f"{admin_url(model, 'add')}?center={center.pk}"
        for model in (CenterPartner, Committee, Appointment)
    }


def test_an_appointment_is_made_on_its_own_admin_page_with_its_author(
    client: Client, staff_user: User
) -> None:
    center = CenterFactory.create()
    client.force_login(staff_user)
    url = f"{admin_url(Appointment, 'add')}?center={center.pk}"
    data = posted_back(client.get(url))
    data.update(person=PersonFactory.create().pk, role="director", starts_on="2023-01-01")

    assert client.post(url, data).status_code == 302
    assert center.appointments.get().history.get().history_user == staff_user


def test_the_admin_refuses_a_partner_for_a_closed_center(admin_client: Client) -> None:
    center = closed_center()
    url = f"{admin_url(CenterPartner, 'add')}?center={center.pk}"
    data = posted_back(admin_client.get(url))
    data.update(organization=OrganizationFactory.create().pk)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "center" in response.context["adminform"].form.errors
    assert not CenterPartner.objects.exists()


def test_the_admin_change_page_refuses_reopening_a_closed_center(admin_client: Client) -> None:
    center = closed_center()
    url = admin_url(Center, "change", center.pk)

    response = admin_client.post(url, {**posted_back(admin_client.get(url)), "status": "active"})

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    center.refresh_from_db()
    assert center.status == CenterStatus.CLOSED


def test_the_admin_refuses_deleting_a_started_appointment(admin_client: Client) -> None:
    appointment = AppointmentFactory.create()

    response = admin_client.post(admin_url(Appointment, "delete", appointment.pk), {"post": "yes"})

    assert response.status_code == 302
    assert response["Location"] == admin_url(Appointment, "change", appointment.pk)
    assert any("end the term" in m for m in messages_of(response))
    assert Appointment.objects.filter(pk=appointment.pk).exists()


def test_an_appointments_moves_follow_its_dates() -> None:
    from liaison.centers.choices import APPOINTMENT_MOVES, TermState, term_state
    from liaison.centers.services import appointment_end
    from liaison.centers.steps import END_TERM

    day = datetime.timedelta(days=1)
    planned = AppointmentFactory.create(starts_on=today() + day)
    serving = AppointmentFactory.create(starts_on=today() - 10 * day, ends_on=today() + day)
    ended = AppointmentFactory.create(starts_on=today() - 10 * day, ends_on=today() - day)
    assert [term_state(a) for a in (planned, serving, ended)] == ["planned", "serving", "ended"]
    # The step is offered exactly where the table allows the move.
    assert [END_TERM.offered_for(a) for a in (planned, serving, ended)] == [True, True, False]
    assert APPOINTMENT_MOVES.final(TermState.values) == {"ended"}
    with pytest.raises(ValidationError) as error:
        appointment_end(appointment=ended, ends_on=today(), by=None)
    assert codes(error) == ["illegal_transition"]
