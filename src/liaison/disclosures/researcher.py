"""The researcher's own page shows their disclosures, and where to submit one."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from liaison.core.permissions import user_may
from liaison.people.researcher import PageSection, add_section

from .models import Disclosure
from .selectors import own_disclosures

SHOWN = 10


def _your_disclosures(*, user: Any, person: Any) -> dict[str, Any] | None:
    """The user's own disclosures, newest first, or None if their roles show them none."""
    if not user_may(user, "view", Disclosure):
        return None
    disclosures = list(own_disclosures(user=user)[: SHOWN + 1])
    return {
        "disclosures": disclosures[:SHOWN],
        "more_url": reverse("disclosures:disclosure_list") if len(disclosures) > SHOWN else None,
        "submit_url": reverse("disclosures:disclosure_add")
        if user_may(user, "add", Disclosure)
        else None,
    }


def install() -> None:
    add_section(
        PageSection(
            key="disclosures",
            template="disclosures/your_disclosures.html",
            data=_your_disclosures,
            order=20,
        )
    )
