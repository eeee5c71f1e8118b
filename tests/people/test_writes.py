"""The one write path of people and affiliations: their create, update and delete services and
the rules they hold on every face — the services themselves, the generic pages and the admin."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.core import writes
from liaison.core.errors import StaleEditError
from liaison.people.choices import PersonKind
from liaison.people.models import Affiliation, Person
from liaison.people.services import (
    affiliation_create,
    affiliation_delete,
    affiliation_update,
    person_create,
    person_delete,
    person_update,
)
from tests.centers.factories import AppointmentFactory
from tests.core.admin_pages import admin_url, posted_back
from tests.core.errors import codes, messages_of
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import AffiliationFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_people_and_affiliations_have_their_write_services() -> None:
    assert writes.writes_for(Person).create is person_create
    assert writes.writes_for(Affiliation).update is affiliation_update
    assert writes.writes_for(Affiliation).target == "affiliation"


# People --------------------------------------------------------------------------------------


def test_person_update_saves_with_the_author(staff_user: User) -> None:
    person = PersonFactory.create()

    person_update(person=person, by=staff_user, version=person.version, title="教授")

    person.refresh_from_db()
    assert person.title == "教授"
    assert person.history.latest().history_user == staff_user


def test_person_update_refuses_a_stale_version() -> None:
    person = PersonFactory.create()
    with pytest.raises(StaleEditError):
        person_update(person=person, by=None, version=person.version + 1, title="教授")


def test_person_update_refuses_an_invalid_email_under_the_field() -> None:
    person = PersonFactory.create()
    with pytest.raises(ValidationError) as error:
        person_update(person=person, by=None, email="not-mail")
    assert "email" in error.value.error_dict


def test_person_delete_keeps_a_history_row_naming_the_author(staff_user: User) -> None:
    person = PersonFactory.create()
    AffiliationFactory.create(person=person)
    pk = person.pk

    person_delete(person=person, by=staff_user)

    assert not Person.objects.filter(pk=pk).exists()
    deleted = Person.history.get(id=pk, history_type="-")
    assert deleted.history_user == staff_user


def test_an_appointed_person_is_not_deleted() -> None:
    appointment = AppointmentFactory.create()

    with pytest.raises(ValidationError) as error:
        person_delete(person=appointment.person, by=None)

    assert codes(error) == ["protected"]
    assert str(appointment) in error.value.messages[0]
    assert Person.objects.filter(pk=appointment.person.pk).exists()


# Affiliations --------------------------------------------------------------------------------


def test_affiliation_create_is_the_add_service(staff_user: User) -> None:
    affiliation = affiliation_create(
        person=PersonFactory.create(),
        organization=OrganizationFactory.create(),
        starts_on=D(2020, 1, 1),
        by=staff_user,
    )
    assert affiliation.history.get().history_user == staff_user


def test_affiliation_update_refuses_an_end_before_the_start() -> None:
    affiliation = AffiliationFactory.create(starts_on=D(2020, 1, 1))

    with pytest.raises(ValidationError) as error:
        affiliation_update(affiliation=affiliation, by=None, ends_on=D(2019, 1, 1))

    assert codes(error, "ends_on") == ["ends_before_start"]
    affiliation.refresh_from_db()
    assert affiliation.ends_on is None


def test_affiliation_update_refuses_a_start_after_the_recorded_end() -> None:
    affiliation = AffiliationFactory.create(starts_on=D(2020, 1, 1), ends_on=D(2021, 1, 1))

    with pytest.raises(ValidationError) as error:
        affiliation_update(affiliation=affiliation, by=None, starts_on=D(2022, 1, 1))

    assert codes(error, "ends_on") == ["ends_before_start"]


def test_making_an_affiliation_primary_demotes_the_other_one(staff_user: User) -> None:
    person = PersonFactory.create()
    old = AffiliationFactory.create(person=person, is_primary=True)
    new = AffiliationFactory.create(person=person)

    affiliation_update(affiliation=new, by=staff_user, version=new.version, is_primary=True)

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.is_primary, new.is_primary) == (False, True)
    assert old.history.latest().history_user == staff_user


def test_affiliation_update_refuses_a_stale_version() -> None:
    affiliation = AffiliationFactory.create()
    with pytest.raises(StaleEditError):
        affiliation_update(affiliation=affiliation, by=None, version=affiliation.version + 1)


def test_a_mistaken_affiliation_is_deleted_with_a_history_row(staff_user: User) -> None:
    affiliation = AffiliationFactory.create()
    pk = affiliation.pk

    affiliation_delete(affiliation=affiliation, by=staff_user)

    assert not Affiliation.objects.filter(pk=pk).exists()
    deleted = Affiliation.history.get(id=pk, history_type="-")
    assert deleted.history_user == staff_user


def test_affiliation_delete_refuses_a_stale_version() -> None:
    affiliation = AffiliationFactory.create()
    with pytest.raises(StaleEditError):
        affiliation_delete(affiliation=affiliation, by=None, version=affiliation.version + 1)
    assert Affiliation.objects.filter(pk=affiliation.pk).exists()


# The generic pages ---------------------------------------------------------------------------


def test_the_person_edit_page_saves_through_the_service(
    signed_in: Client, staff_user: User
) -> None:
    person = PersonFactory.create()
    url = reverse("people:person_edit", args=(person.pk,))
    data = {
        "name_zh": person.name_zh,
        "kind": PersonKind.EXPERT,
        "loaded_version": person.version,
    }

    response = signed_in.post(url, data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.kind == PersonKind.EXPERT
    assert person.history.latest().history_user == staff_user


def test_the_person_edit_page_shows_the_refusal_under_the_field(signed_in: Client) -> None:
    person = PersonFactory.create()
    url = reverse("people:person_edit", args=(person.pk,))
    data = {
        "name_zh": person.name_zh,
        "kind": person.kind,
        "email": "not-mail",
        "loaded_version": person.version,
    }

    response = signed_in.post(url, data)

    assert response.status_code == 400
    assert "email" in response.context["form"].errors


def test_the_person_delete_page_refuses_an_appointed_person(signed_in: Client) -> None:
    appointment = AppointmentFactory.create()
    person = appointment.person

    response = signed_in.post(reverse("people:person_delete", args=(person.pk,)))

    assert response.status_code == 302
    assert response["Location"] == reverse("people:person_detail", args=(person.pk,))
    assert any("refer to it" in m for m in messages_of(response))
    assert Person.objects.filter(pk=person.pk).exists()


# The admin -----------------------------------------------------------------------------------


def test_the_person_page_offers_adding_an_affiliation(admin_client: Client) -> None:
    person = PersonFactory.create()
    response = admin_client.get(admin_url(Person, "change", person.pk))
    assert [link["url"] for link in response.context["liaison_inline_adds"]] == [
        f"{admin_url(Affiliation, 'add')}?person={person.pk}"
    ]


def test_an_affiliation_is_added_on_its_own_admin_page_with_its_author(
    client: Client, staff_user: User
) -> None:
    person = PersonFactory.create()
    client.force_login(staff_user)
    url = f"{admin_url(Affiliation, 'add')}?person={person.pk}"
    data = posted_back(client.get(url))
    data.update(organization=OrganizationFactory.create().pk, starts_on="2020-01-01")

    assert client.post(url, data).status_code == 302
    assert person.affiliations.get().history.get().history_user == staff_user


def test_the_admin_refuses_an_affiliation_ending_before_it_starts(admin_client: Client) -> None:
    person = PersonFactory.create()
    url = f"{admin_url(Affiliation, 'add')}?person={person.pk}"
    data = posted_back(admin_client.get(url))
    data.update(
        organization=OrganizationFactory.create().pk, starts_on="2020-01-01", ends_on="2019-01-01"
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    # The model's constraint speaks first on the admin's form; the service says the same.
    assert "cannot end before it starts" in " ".join(
        response.context["adminform"].form.non_field_errors()
    )
    assert not person.affiliations.exists()


def test_the_admin_change_page_refuses_an_affiliation_ending_before_it_starts(
    admin_client: Client,
) -> None:
    affiliation = AffiliationFactory.create(starts_on=D(2020, 1, 1))
    url = admin_url(Affiliation, "change", affiliation.pk)

    response = admin_client.post(
        url, {**posted_back(admin_client.get(url)), "ends_on": "2019-01-01"}
    )

    assert response.status_code == 200
    assert "cannot end before it starts" in " ".join(
        response.context["adminform"].form.non_field_errors()
    )
    affiliation.refresh_from_db()
    assert affiliation.ends_on is None


def test_the_admin_refuses_deleting_an_appointed_person(admin_client: Client) -> None:
    person = AppointmentFactory.create().person

    response = admin_client.post(admin_url(Person, "delete", person.pk), {"post": "yes"})

    # The admin's delete page names the protecting appointment itself, before any service.
    assert response.status_code == 200
    assert response.context["protected"]
    assert Person.objects.filter(pk=person.pk).exists()
