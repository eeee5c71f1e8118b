"""A session ends after its idle time, its expiry moving forward at most once a minute; the
client's address for the sign-in's throttling is the connection's unless proxies are trusted."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from liaison.core import sessions

pytestmark = pytest.mark.django_db

PAGE = "/organizations/"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The time the middleware reads, moved on by the test: clock[0] seconds since the epoch,
    starting now (the sign-in stamped the session with the real time)."""
    now = [time.time()]
    monkeypatch.setattr(sessions.time, "time", lambda: now[0])
    return now


def expiry_of(client: Client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_idle_time_is_an_hour_by_default() -> None:
    assert settings.SESSION_COOKIE_AGE == 60 * 60
    assert not settings.SESSION_SAVE_EVERY_REQUEST


def test_the_first_request_after_signing_in_writes_nothing(
    signed_in: Client, clock: list[float]
) -> None:
    signed_in_until = expiry_of(signed_in)

    signed_in.get(PAGE)

    assert expiry_of(signed_in) == signed_in_until


def test_a_request_within_a_minute_of_the_last_refresh_writes_nothing(
    signed_in: Client, clock: list[float]
) -> None:
    signed_in.get(PAGE)
    refreshed = expiry_of(signed_in)

    # 59 s after the sign-in's stamp, not after the clock's start: on a busy machine the
    # sign-in and the fixture's start are a second or more apart.
    clock[0] = signed_in.session[sessions.REFRESHED_AT] + 59
    signed_in.get(PAGE)

    assert expiry_of(signed_in) == refreshed


def test_a_request_a_minute_after_the_last_refresh_moves_the_expiry_forward(
    signed_in: Client, clock: list[float]
) -> None:
    signed_in.get(PAGE)
    refreshed = expiry_of(signed_in)

    clock[0] += 60
    response = signed_in.get(PAGE)

    assert expiry_of(signed_in) > refreshed
    assert expiry_of(signed_in) > timezone.now() + datetime.timedelta(minutes=59)
    assert response.cookies["sessionid"]["max-age"] == 60 * 60


def test_an_idle_session_sends_the_person_to_the_login_page_with_next(
    signed_in: Client,
) -> None:
    signed_in.get(PAGE)
    Session.objects.filter(session_key=signed_in.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = signed_in.get(PAGE)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={PAGE}"


def test_an_anonymous_request_makes_no_session(client: Client) -> None:
    client.get("/login/")

    assert not Session.objects.exists()


def test_signing_out_is_not_undone_by_the_refresh(signed_in: Client, clock: list[float]) -> None:
    signed_in.get(PAGE)
    clock[0] += 3600

    signed_in.post("/logout/")

    assert signed_in.get(PAGE).status_code == 302


@override_settings(SESSION_COOKIE_AGE=60)
def test_a_short_idle_time_is_refreshed_twice_as_often_as_it_lasts() -> None:
    assert sessions.refresh_interval() == 30


def ip_of(**meta: Any) -> str | None:
    return sessions.client_ip(RequestFactory().get("/login/", **meta))


def test_the_client_address_is_the_connections_by_default() -> None:
    assert ip_of(REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9") == "192.0.2.1"


@override_settings(LIAISON_TRUSTED_PROXIES=1)
def test_behind_one_trusted_proxy_the_address_it_appended_is_the_clients() -> None:
    # The client wrote 10.0.0.1 itself; the proxy appended the address it was connected from.
    forwarded = "10.0.0.1, 203.0.113.9"

    assert ip_of(REMOTE_ADDR="192.0.2.254", HTTP_X_FORWARDED_FOR=forwarded) == "203.0.113.9"


@override_settings(LIAISON_TRUSTED_PROXIES=2)
def test_behind_two_trusted_proxies_the_outer_ones_entry_is_the_clients() -> None:
    forwarded = "10.0.0.1, 203.0.113.9, 198.51.100.2"

    assert ip_of(REMOTE_ADDR="192.0.2.254", HTTP_X_FORWARDED_FOR=forwarded) == "203.0.113.9"


@override_settings(LIAISON_TRUSTED_PROXIES=1)
def test_without_the_proxys_header_or_with_nonsense_in_it_the_connection_is_used() -> None:
    assert ip_of(REMOTE_ADDR="192.0.2.254") == "192.0.2.254"
    assert ip_of(REMOTE_ADDR="192.0.2.254", HTTP_X_FORWARDED_FOR="unknown") == "192.0.2.254"
