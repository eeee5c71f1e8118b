import pytest

from liaison.accounts.models import User
from liaison.core.errors import StaleEditError
from liaison.organizations.models import Organization
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_new_record_starts_at_version_one() -> None:
    assert OrganizationFactory.create().version == 1


def test_each_save_moves_the_version_on() -> None:
    org = OrganizationFactory.create()
    org.industry = "医疗器械"
    org.save()
    org.refresh_from_db()
    assert org.version == 2


def test_a_stale_copy_is_refused_and_the_newer_change_kept() -> None:
    org = OrganizationFactory.create(industry="食品")
    mine = Organization.objects.get(pk=org.pk)
    theirs = Organization.objects.get(pk=org.pk)
    theirs.industry = "乳制品"
    theirs.save()
    mine.industry = "饮料"
    with pytest.raises(StaleEditError) as error:
        mine.save()
    assert error.value.current_version == 2
    org.refresh_from_db()
    assert org.industry == "乳制品"


def test_saving_a_deleted_record_is_refused() -> None:
    org = OrganizationFactory.create()
    copy = Organization.objects.get(pk=org.pk)
    Organization.objects.filter(pk=org.pk).delete()
    with pytest.raises(StaleEditError):
        copy.save()


def test_every_change_is_kept_in_the_history_with_its_author(staff_user: User) -> None:
    org = OrganizationFactory.create(industry="食品")
    org.industry = "乳制品"
    org._history_user = staff_user  # type: ignore[attr-defined]  # django-simple-history's
    org.save()
    newest, older = org.history.order_by("-history_id")[:2]
    assert newest.history_user == staff_user
    changes = newest.diff_against(older).changes
    assert [(c.field, c.old, c.new) for c in changes if c.field == "industry"] == [
        ("industry", "食品", "乳制品")
    ]


def test_restrict_shows_nothing_to_an_anonymous_user() -> None:
    from django.contrib.auth.models import AnonymousUser

    OrganizationFactory.create()
    assert Organization.objects.restrict(AnonymousUser(), "view").count() == 0


def test_restrict_shows_everything_to_staff(staff_user: User) -> None:
    OrganizationFactory.create_batch(2)
    assert Organization.objects.restrict(staff_user, "view").count() == 2


def test_a_record_is_named_in_english_while_english_is_spoken_if_it_has_an_english_name() -> None:
    from django.utils import translation

    named = OrganizationFactory.build(name_zh="宁波大学", name_en="Ningbo University")
    unnamed = OrganizationFactory.build(name_zh="象山县第一人民医院", name_en="")
    with translation.override("en"):
        assert (str(named), str(unnamed)) == ("Ningbo University", "象山县第一人民医院")
    with translation.override("zh-hans"):
        assert str(named) == "宁波大学"


def test_a_save_that_fails_in_the_database_leaves_the_copy_at_its_version() -> None:
    from django.db import IntegrityError, transaction

    taken = OrganizationFactory.create()
    org = OrganizationFactory.create()
    org.credit_code = taken.credit_code
    with pytest.raises(IntegrityError), transaction.atomic():
        org.save()
    assert org.version == 1
    org.refresh_from_db()
    org.industry = "食品"
    org.save()
    assert org.version == 2
