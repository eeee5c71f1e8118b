"""The generation that keys cached readings: every change of a record moves it on."""

import pytest
from django.contrib.auth import user_logged_in
from django.core.cache import cache
from django.test import Client, RequestFactory

from liaison.accounts.models import User
from liaison.core import freshness
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_saving_changing_and_deleting_a_record_move_the_generation_on() -> None:
    before = freshness.generation()
    organization = OrganizationFactory.create()
    created = freshness.generation()
    organization.name_en = "Renamed Co."
    organization.save()
    changed = freshness.generation()
    TechnicalNeedFactory.create(organization=organization).delete()

    assert before < created < changed < freshness.generation()


def test_a_many_to_many_change_moves_it_on(staff_user: User) -> None:
    need = TechnicalNeedFactory.create()
    before = freshness.generation()

    need.assigned_staff.add(staff_user)

    assert freshness.generation() > before


def test_signing_in_and_sessions_do_not_move_it(client: Client, staff_user: User) -> None:
    before = freshness.generation()

    client.force_login(staff_user)
    user_logged_in.send(sender=User, request=RequestFactory().get("/"), user=staff_user)
    client.get("/")

    assert freshness.generation() == before


def test_a_forgotten_generation_starts_again_above_every_earlier_one() -> None:
    OrganizationFactory.create()
    earlier = freshness.generation()

    cache.delete(freshness.KEY)

    assert freshness.generation() > earlier
    freshness.moved()  # and moving on from a forgotten one starts again too
    cache.delete(freshness.KEY)
    freshness.moved()
    assert freshness.generation() > earlier


def test_a_reading_key_names_its_parts_under_the_current_generation() -> None:
    key = freshness.reading_key("dashboard", 7, None)
    assert key == f"liaison:reading:{freshness.generation()}:dashboard:7:None"

    OrganizationFactory.create()

    assert freshness.reading_key("dashboard", 7, None) != key
