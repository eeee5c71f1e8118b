import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.people.choices import Honour, PersonKind
from liaison.people.models import Affiliation, Person
from tests.accounts.factories import UserFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import AffiliationFactory, PersonFactory
from tests.web.pages import ObjectPageChecks, export_text


class TestPersonPages(ObjectPageChecks):
    model = Person
    factory = PersonFactory
    url_base = "people:person"
    stale_field = "title"
    stale_value = "Chief physician meanwhile"

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "name_zh": "张红杰",
            "name_en": "Zhang Hongjie",
            "kind": PersonKind.RESEARCHER,
            "honours": [Honour.ACADEMICIAN_CAS],
            "expertise": "医用高分子\n丝素蛋白",
            "email": "zhang@example.org",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "email": "not an address"}, "email"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(kind=PersonKind.EXPERT, name_en="Kept Expert")
        dropped = self.make(kind=PersonKind.STAFF, name_en="Dropped Staff")
        return {"kind": PersonKind.EXPERT}, kept, dropped


class TestAffiliationPages(ObjectPageChecks):
    model = Affiliation
    factory = AffiliationFactory
    url_base = "people:affiliation"
    editable = False

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(is_primary=True)
        dropped = self.make(is_primary=False)
        return {"is_primary": "true"}, kept, dropped

    def shown_as(self, obj: Any) -> str:
        return str(obj.person)


def test_contact_data_is_shown_to_staff_and_never_listed_or_exported(
    signed_in: Client, db: None
) -> None:
    person = PersonFactory.create(email="private@example.org", phone="0577-1234")
    detail = signed_in.get(reverse("people:person_detail", args=(person.pk,))).content.decode()
    assert "private@example.org" in detail
    assert "0577-1234" in detail
    assert (
        "private@example.org" not in signed_in.get(reverse("people:person_list")).content.decode()
    )
    export = signed_in.get(reverse("people:person_export") + "?format=csv")
    assert "private@example.org" not in export_text(export)
    assert (
        "private@example.org"
        not in signed_in.get(reverse("people:person_list"), {"q": "private@"}).content.decode()
    )


def test_contact_data_is_hidden_from_roles_that_do_not_see_it(client: Client, db: None) -> None:
    person = PersonFactory.create(email="private@example.org")
    client.force_login(UserFactory.create(role=RoleKind.LEADERSHIP))
    html = client.get(reverse("people:person_detail", args=(person.pk,))).content.decode()
    assert person.name_en in html
    assert "private@example.org" not in html
    assert "hidden" in html


def test_list_shows_the_primary_affiliation_and_honour_names(signed_in: Client, db: None) -> None:
    person = PersonFactory.create(honours=[Honour.ACADEMICIAN_CAE])
    AffiliationFactory.create(
        person=person,
        organization=OrganizationFactory.create(name_en="Wenzhou Medical University"),
        is_primary=True,
    )
    AffiliationFactory.create(
        person=person, organization=OrganizationFactory.create(name_en="Secondary Hospital")
    )
    page = signed_in.get(reverse("people:person_list")).content.decode()
    assert "Wenzhou Medical University" in page
    assert "Secondary Hospital" not in page
    assert "Academician of the Chinese Academy of Engineering" in page


def test_a_new_primary_affiliation_demotes_the_old_one_through_the_service(
    signed_in: Client, staff_user: User, db: None
) -> None:
    person = PersonFactory.create()
    old = AffiliationFactory.create(person=person, is_primary=True)
    new_home = OrganizationFactory.create()
    step = reverse("people:person_action", args=(person.pk, "add-affiliation"))
    assert (
        step in signed_in.get(reverse("people:person_detail", args=(person.pk,))).content.decode()
    )
    response = signed_in.post(
        step,
        {
            "organization": new_home.pk,
            "position": "教授",
            "starts_on": "2024-01-01",
            "is_primary": "on",
            "loaded_version": person.version,
        },
    )
    assert response["Location"] == reverse("people:person_detail", args=(person.pk,))
    old.refresh_from_db()
    assert not old.is_primary
    assert person.affiliations.get(is_primary=True).organization == new_home


def test_an_affiliation_ending_before_it_started_is_refused_under_its_date(
    signed_in: Client, db: None
) -> None:
    affiliation = AffiliationFactory.create(starts_on=datetime.date(2020, 1, 1))
    step = reverse("people:affiliation_action", args=(affiliation.pk, "end"))
    response = signed_in.post(
        step, {"ends_on": "2019-01-01", "loaded_version": affiliation.version}
    )
    assert response.status_code == 400
    assert "ends_on" in response.context["form"].errors
    signed_in.post(step, {"ends_on": "2024-01-01", "loaded_version": affiliation.version})
    affiliation.refresh_from_db()
    assert affiliation.ends_on == datetime.date(2024, 1, 1)
    detail = signed_in.get(
        reverse("people:affiliation_detail", args=(affiliation.pk,))
    ).content.decode()
    assert step not in detail


def test_expertise_filter_matches_a_whole_keyword(signed_in: Client, db: None) -> None:
    PersonFactory.create(name_en="Silk Expert", expertise=["丝素蛋白", "止血"])
    PersonFactory.create(name_en="Near Expert", expertise=["丝素蛋白材料"])
    page = signed_in.get(reverse("people:person_list"), {"expertise": "丝素蛋白"}).content.decode()
    assert "Silk Expert" in page
    assert "Near Expert" not in page


def filter_options(html: str, name: str) -> list[str]:
    """The labels a list's filter offers, in order, read from the rendered page."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, f"no filter {name!r} on the page"
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))


@pytest.mark.parametrize(
    ("url", "names"),
    [
        ("people:person_list", ("available",)),
        ("people:affiliation_list", ("is_primary", "current")),
    ],
)
def test_yes_no_filters_read_in_the_page_language(
    signed_in: Client, db: None, url: str, names: tuple[str, ...]
) -> None:
    chinese = signed_in.get(reverse(url), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english = signed_in.get(reverse(url), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for name in names:
        assert filter_options(chinese, name) == ["不限", "是", "否"]
        assert filter_options(english, name) == ["Any", "Yes", "No"]
