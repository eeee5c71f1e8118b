"""Signing in: guesses are throttled per account, on the site's page and the admin's alike;
a locked account is told so in Liaison's page and the person's language; passwords are
hashed with Argon2; every page is sent under an enforced Content Security Policy."""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models import F
from django.http import HttpResponseBase
from django.test import Client, override_settings
from django.utils import translation

from liaison.accounts.models import User
from liaison.settings import base

PASSWORD = "right-pass-123"
WRONG = "wrong-pass-123"
SITE_LOGIN = "/login/"
ADMIN_LOGIN = "/admin/login/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(django_user_model: type[User]) -> User:
    return django_user_model.objects.create_user(
        username="member", password=PASSWORD, is_staff=True
    )


def sign_in(client: Client, password: str, *, page: str = SITE_LOGIN, **meta: Any) -> str:
    """Post the sign-in form of `page` for `member`; the status and the page's text."""
    response = client.post(page, {"username": "member", "password": password}, **meta)
    return f"{response.status_code} {html.unescape(response.content.decode())}"


def fail(client: Client, times: int, *, page: str = SITE_LOGIN) -> list[int]:
    return [int(sign_in(client, WRONG, page=page)[:3]) for _ in range(times)]


def test_the_limit_is_five_wrong_passwords_and_the_cool_off_thirty_minutes() -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username"]


def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(
    client: Client, member: User
) -> None:
    assert fail(client, 4) == [200] * 4
    assert fail(client, 1) == [429]

    page = sign_in(client, PASSWORD)

    assert page.startswith("429 ")
    assert "This account is locked for 30 minutes" in page
    assert "ask an administrator" in page
    assert '<html lang="en">' in page
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_is_in_the_persons_language(client: Client, member: User) -> None:
    fail(client, 5)

    page = sign_in(client, PASSWORD, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert page.startswith("429 ")
    assert '<html lang="zh-hans">' in page
    with translation.override("zh-hans"):
        # The layout's own words, and the page's (Chinese once the catalogue has them).
        assert translation.gettext("Skip to content") in page
        assert translation.gettext("Account locked") in page
        locked = translation.ngettext(
            "This account is locked for %(minutes)s minute after too many failed sign-in attempts.",
            "This account is locked for %(minutes)s minutes after too many failed sign-in attempts.",
            30,
        ) % {"minutes": 30}
        assert locked in page


def test_a_lockout_sends_no_bare_text_but_liaisons_page(client: Client, member: User) -> None:
    fail(client, 5)

    page = sign_in(client, PASSWORD)

    assert "Account locked: too many login attempts" not in page
    assert f'href="{SITE_LOGIN}"' in page
    assert re.search(r"<title>[^<]*Liaison</title>", page)


def age_attempts(minutes: int) -> None:
    """Make the recorded sign-in attempts `minutes` older, as if that time had passed."""
    attempts = apps.get_model("axes", "AccessAttempt").objects
    attempts.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes))


def test_the_lock_ends_after_the_cool_off(client: Client, member: User) -> None:
    fail(client, 5)

    age_attempts(31)

    assert sign_in(client, PASSWORD).startswith("302 ")


def test_an_attempt_while_locked_starts_the_wait_anew(client: Client, member: User) -> None:
    fail(client, 5)
    age_attempts(20)
    assert sign_in(client, PASSWORD).startswith("429 ")

    age_attempts(20)

    assert sign_in(client, PASSWORD).startswith("429 ")


def test_a_success_before_the_limit_forgets_the_failures(client: Client, member: User) -> None:
    fail(client, 4)
    assert sign_in(client, PASSWORD).startswith("302 ")
    client.logout()

    assert fail(client, 4) == [200] * 4
    assert sign_in(client, PASSWORD).startswith("302 ")


def test_failures_count_per_username_whatever_address_they_come_from(
    client: Client, member: User
) -> None:
    for number in range(5):
        sign_in(client, WRONG, REMOTE_ADDR=f"203.0.113.{number}")

    assert sign_in(client, PASSWORD, REMOTE_ADDR="198.51.100.7").startswith("429 ")


def test_another_account_is_not_locked_by_the_failures_of_one(
    client: Client, member: User, django_user_model: type[User]
) -> None:
    django_user_model.objects.create_user(username="other", password=PASSWORD)
    fail(client, 5)

    response = client.post(SITE_LOGIN, {"username": "other", "password": PASSWORD})

    assert response.status_code == 302


def test_the_admin_login_is_throttled_too(client: Client, member: User) -> None:
    assert fail(client, 5, page=ADMIN_LOGIN)[-1] == 429

    page = sign_in(client, PASSWORD, page=ADMIN_LOGIN)

    assert page.startswith("429 ")
    assert "This account is locked for 30 minutes" in page


def test_failures_on_the_admin_and_the_site_add_up(client: Client, member: User) -> None:
    fail(client, 3, page=ADMIN_LOGIN)
    fail(client, 2)

    assert sign_in(client, PASSWORD).startswith("429 ")


def test_attempts_are_recorded_with_who_when_address_and_browser(
    client: Client, member: User
) -> None:
    browser = {"REMOTE_ADDR": "192.0.2.10", "HTTP_USER_AGENT": "Firefox/140"}
    sign_in(client, WRONG, **browser)
    sign_in(client, PASSWORD, **browser)

    failure = apps.get_model("axes", "AccessFailureLog").objects.get()
    success = apps.get_model("axes", "AccessLog").objects.get()
    for entry in (failure, success):
        assert (entry.username, entry.ip_address, entry.user_agent) == (
            "member",
            "192.0.2.10",
            "Firefox/140",
        )
        assert entry.attempt_time is not None


def test_a_forged_forwarded_for_header_is_not_believed_by_default(
    client: Client, member: User
) -> None:
    sign_in(client, WRONG, REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="10.9.9.9")

    failure = apps.get_model("axes", "AccessFailureLog").objects.get()
    assert failure.ip_address == "192.0.2.10"


def test_passwords_are_hashed_with_argon2_first_and_older_hashes_still_verify() -> None:
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in base.PASSWORD_HASHERS[1:]


@override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
def test_a_pbkdf2_password_is_rehashed_with_argon2_at_sign_in(
    client: Client, django_user_model: type[User]
) -> None:
    user = django_user_model.objects.create(
        username="member", password=make_password(PASSWORD, hasher="pbkdf2_sha256")
    )

    assert sign_in(client, PASSWORD).startswith("302 ")

    user.refresh_from_db()
    assert user.password.startswith("argon2")


def policy_of(response: HttpResponseBase) -> dict[str, str]:
    """The directives of the response's enforced Content Security Policy, by name."""
    policy = response.headers["Content-Security-Policy"]
    return {
        name: value.strip()
        for name, _space, value in (part.strip().partition(" ") for part in policy.split(";"))
    }


def test_pages_are_sent_under_an_enforced_policy(client: Client) -> None:
    response = client.get(SITE_LOGIN)

    assert "Content-Security-Policy-Report-Only" not in response.headers
    assert policy_of(response) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
    }
    assert response.headers["X-Frame-Options"] == "DENY"


def test_an_inline_script_carries_the_nonce_its_page_allows(signed_in: Client) -> None:
    response = signed_in.get("/organizations/add/")

    nonce = re.fullmatch(r"'self' 'nonce-([A-Za-z0-9+/=]+)'", policy_of(response)["script-src"])
    assert nonce is not None
    assert f'<script nonce="{nonce.group(1)}">' in response.content.decode()
