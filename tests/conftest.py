from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from liaison.accounts.models import User
from tests.accounts.factories import UserFactory


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    # A request in Chinese leaves Chinese active in the thread: every test starts and ends in
    # the default language, whatever the one before asked for.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def staff_user(db: None) -> User:
    """A member of the office's staff: the default "Office staff" role."""
    return UserFactory.create(username="staff", password="staff-pass-123")


@pytest.fixture
def signed_in(client: Client, staff_user: User) -> Client:
    """The test client, signed in as a member of the office's staff."""
    client.force_login(staff_user)
    return client
