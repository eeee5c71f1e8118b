import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from liaison.accounts.models import User
from liaison.core.history import history_entries, last_change
from tests.accounts.factories import UserFactory
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_each_save_is_told_with_its_author_and_each_field_before_and_after(
    django_user_model: type[User],
) -> None:
    editor = UserFactory.create(username="editor")
    organization = OrganizationFactory.create(name_en="Before Co.", kind="enterprise")
    organization.name_en = "After Co."
    organization.kind = "university"
    organization._history_user = editor  # type: ignore[attr-defined]  # django-simple-history's
    organization.save()
    [changed, created] = history_entries(organization)
    assert created.kind == "+"
    assert created.changes == ()
    assert changed.who == editor
    with translation.override("en"):
        told = {c.field: (str(c.old), str(c.new)) for c in changed.changes}
    assert told == {"name_en": ("Before Co.", "After Co."), "kind": ("Enterprise", "University")}


def test_related_records_are_named_in_a_bounded_number_of_queries() -> None:
    organization = OrganizationFactory.create()
    for n in range(6):
        organization.parent = OrganizationFactory.create(name_en=f"Parent {n}")
        organization.save()
    with CaptureQueriesContext(connection) as queries:
        entries = history_entries(organization, limit=5)
    assert len(queries) == 2
    assert entries[0].changes[0].new.name_en == "Parent 5"
    assert entries[0].changes[0].old.name_en == "Parent 4"


def test_the_last_change_is_the_newest_save() -> None:
    organization = OrganizationFactory.create(name_en="One")
    organization.name_en = "Two"
    organization.save()
    change = last_change(organization)
    assert change is not None
    assert [(c.old, c.new) for c in change.changes] == [("One", "Two")]
