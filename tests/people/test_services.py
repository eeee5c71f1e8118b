import datetime

import pytest
from django.core.exceptions import ValidationError

from liaison.accounts.models import User
from liaison.people.choices import PersonKind
from liaison.people.models import Affiliation, Person
from liaison.people.services import affiliation_add, affiliation_end, person_create
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import AffiliationFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_person_create_saves_the_person_with_the_author_in_the_history(staff_user: User) -> None:
    person = person_create(by=staff_user, name_zh="王研究员", kind=PersonKind.RESEARCHER)
    assert Person.objects.filter(pk=person.pk).exists()
    assert person.history.get().history_user == staff_user


def test_person_create_refuses_an_invalid_email() -> None:
    with pytest.raises(ValidationError) as error:
        person_create(by=None, name_zh="王研究员", kind=PersonKind.RESEARCHER, email="not-mail")
    assert "email" in error.value.error_dict


def test_affiliation_add_records_the_position_with_its_author(staff_user: User) -> None:
    person = PersonFactory.create()
    university = OrganizationFactory.create(kind="university")
    affiliation = affiliation_add(
        person=person,
        organization=university,
        position="教授",
        starts_on=D(2019, 9, 1),
        by=staff_user,
    )
    assert list(person.affiliations.all()) == [affiliation]
    assert affiliation.history.get().history_user == staff_user


def test_affiliation_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError) as error:
        affiliation_add(
            person=PersonFactory.create(),
            organization=OrganizationFactory.create(),
            starts_on=D(2020, 1, 1),
            ends_on=D(2019, 12, 31),
            by=None,
        )
    assert [e.code for e in error.value.error_dict["ends_on"]] == ["ends_before_start"]
    assert not Affiliation.objects.exists()


def test_a_new_primary_affiliation_demotes_the_previous_primary_one(staff_user: User) -> None:
    person = PersonFactory.create()
    old = AffiliationFactory.create(person=person, is_primary=True)
    new = affiliation_add(
        person=person, organization=OrganizationFactory.create(), is_primary=True, by=staff_user
    )
    old.refresh_from_db()
    assert not old.is_primary
    assert new.is_primary
    assert old.history.order_by("-history_id").first().history_user == staff_user


def test_affiliation_end_sets_the_end_date_with_its_author(staff_user: User) -> None:
    affiliation = AffiliationFactory.create(starts_on=D(2019, 9, 1))
    affiliation_end(affiliation=affiliation, ends_on=D(2023, 6, 30), by=staff_user)
    affiliation.refresh_from_db()
    assert affiliation.ends_on == D(2023, 6, 30)
    assert affiliation.history.order_by("-history_id").first().history_user == staff_user


def test_affiliation_cannot_be_ended_before_it_started() -> None:
    affiliation = AffiliationFactory.create(starts_on=D(2019, 9, 1))
    with pytest.raises(ValidationError) as error:
        affiliation_end(affiliation=affiliation, ends_on=D(2019, 8, 31), by=None)
    assert [e.code for e in error.value.error_dict["ends_on"]] == ["ends_before_start"]
    affiliation.refresh_from_db()
    assert affiliation.ends_on is None


def test_an_ended_affiliation_cannot_be_ended_again() -> None:
    affiliation = AffiliationFactory.create(starts_on=D(2019, 9, 1), ends_on=D(2021, 1, 1))
    with pytest.raises(ValidationError) as error:
        affiliation_end(affiliation=affiliation, ends_on=D(2022, 1, 1), by=None)
    assert [e.code for e in error.value.error_dict["ends_on"]] == ["already_ended"]


def test_a_second_primary_affiliation_is_refused_where_no_service_demotes_the_first() -> None:
    person = PersonFactory.create()
    AffiliationFactory.create(person=person, is_primary=True)
    second = Affiliation(person=person, organization=OrganizationFactory.create(), is_primary=True)
    with pytest.raises(ValidationError, match="already has a primary affiliation"):
        second.full_clean()


def test_a_refused_primary_affiliation_leaves_the_previous_one_primary() -> None:
    person = PersonFactory.create()
    old = AffiliationFactory.create(person=person, is_primary=True)
    with pytest.raises(ValidationError):
        affiliation_add(
            person=person,
            organization=OrganizationFactory.create(),
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2023, 1, 1),
            is_primary=True,
            by=None,
        )
    old.refresh_from_db()
    assert old.is_primary
