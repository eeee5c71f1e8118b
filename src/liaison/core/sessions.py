"""How a session begins and ends: the sign-in's throttling and the idle session's expiry.

Sign-in throttling is django-axes' (settings/base.py, AXES_*); this module gives it the
client's address as Liaison trusts it and the page a locked-out person sees. A session ends
after SESSION_COOKIE_AGE seconds (LIAISON_SESSION_IDLE_MINUTES) without a request:
`IdleSessionMiddleware` moves its expiry forward as the person works, writing the session
at most once a minute instead of on every request.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# When the session's expiry was last moved forward (seconds since the epoch).
REFRESHED_AT = "_liaison_refreshed_at"
# How often, at most, a session in use is written to move its expiry.
REFRESH_SECONDS = 60


def refresh_interval() -> int:
    """Seconds between two writes of a session in use: a minute, or half a shorter lifetime."""
    return min(REFRESH_SECONDS, settings.SESSION_COOKIE_AGE // 2)


class IdleSessionMiddleware:
    """End a signed-in session after SESSION_COOKIE_AGE seconds without a request.

    Django sets a session's expiry (and its cookie's) each time it saves it; saving it on
    every request (SESSION_SAVE_EVERY_REQUEST) is one database write per request. Here a
    request saves it only when the last save is a minute old or more, so the session ends
    between SESSION_COOKIE_AGE minus a minute and SESSION_COOKIE_AGE after the last request.
    The save is asked for after the view: a sign-out in this request saves nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            if now - int(session.get(REFRESHED_AT, 0)) >= refresh_interval():
                # A change marks the session modified: SessionMiddleware saves it with a new
                # expiry and sends its cookie again.
                session[REFRESHED_AT] = now
        return response


def stamp_sign_in(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """A session just signed in is as fresh as a refreshed one: `login` saves it anyway, so
    the first request after it writes nothing (`user_logged_in` receiver)."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_AT] = int(time.time())


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for axes: the connection's, or the one the trusted proxies saw.

    With LIAISON_TRUSTED_PROXIES = N reverse proxies in front of Liaison, each appends the
    address it was connected from to X-Forwarded-For, so the client is the N-th entry from
    the right; entries further left were written by the client and are never believed.
    """
    remote: str | None = request.META.get("REMOTE_ADDR")
    proxies: int = settings.LIAISON_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < proxies:
        # Not through all of the proxies: only the connection is known.
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def lockout_minutes() -> int:
    """How long a locked-out account waits, in whole minutes (AXES_COOLOFF_TIME)."""
    return math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The page axes shows a locked-out sign-in (AXES_LOCKOUT_CALLABLE): Liaison's layout, the
    person's language, 429 Too Many Requests."""
    return render(
        request,
        "core/login_locked.html",
        {"minutes": lockout_minutes()},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
