"""What roadshows and fairs add to another app's page: the agreement's page names the events
whose intentions led to it (agreements sits below market and never imports it)."""

from __future__ import annotations

from typing import Any

from liaison.agreements.models import Agreement
from liaison.agreements.views import AgreementSection, add_section

from .models import EventOutcome


def agreement_outcomes(*, agreement: Agreement, user: Any) -> list[EventOutcome] | None:
    """The intentions noted at events that the agreement was carried from; None for none."""
    outcomes = list(
        EventOutcome.objects.restrict(user, "view")
        .filter(agreement=agreement)
        .select_related("event", "organization")
        .order_by("noted_on", "pk")[:10]
    )
    return outcomes or None


add_section(
    AgreementSection(
        key="market",
        template="market/agreement_outcomes.html",
        data=agreement_outcomes,
        order=60,
    )
)
