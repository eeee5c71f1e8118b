"""The researcher's own page shows the open calls taking applications, and their applications."""

from __future__ import annotations

from typing import Any

from liaison.core.permissions import user_may
from liaison.people.researcher import PageSection, add_section

from .models import CallApplication, OpenCall
from .selectors import open_calls_for, own_applications

SHOWN = 10


def _open_calls_and_applications(*, user: Any, person: Any) -> dict[str, Any] | None:
    """The calls open today and the user's own applications, or None if their roles show
    them no call."""
    if not user_may(user, "view", OpenCall):
        return None
    applications = (
        list(own_applications(user=user)[:SHOWN]) if user_may(user, "view", CallApplication) else []
    )
    return {
        "calls": list(open_calls_for(user=user)[:SHOWN]),
        "applications": applications,
    }


def install() -> None:
    add_section(
        PageSection(
            key="open_calls",
            template="opencalls/your_applications.html",
            data=_open_calls_and_applications,
            order=30,
        )
    )
