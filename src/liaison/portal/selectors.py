"""What the portal's pages read, always as the signed-in user may see it."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from liaison.agreements.models import Agreement, AgreementAttachment, AgreementParty
from liaison.centers.models import Center
from liaison.core.lifecycle import status_label
from liaison.needs.choices import CandidateKind, Decision, NeedStatus
from liaison.needs.models import NeedAttachment, NeedMessage, ServiceRecord, TechnicalNeed
from liaison.people.models import Person

# The date field a status sets, where the need keeps one.
STATUS_DATES = {
    NeedStatus.SUBMITTED: "submitted_on",
    NeedStatus.TRIAGED: "triaged_on",
    NeedStatus.SOLVED: "solved_on",
    NeedStatus.CLOSED: "ended_on",
    NeedStatus.WITHDRAWN: "ended_on",
    NeedStatus.REJECTED: "ended_on",
}


def needs_of(user: Any) -> QuerySet[TechnicalNeed]:
    return (
        TechnicalNeed.objects.restrict(user, "view")
        .defer("description", "solution_summary", "close_reason")
        .order_by("-updated_at", "-pk")
    )


def need_of(user: Any, pk: Any, action: str = "view") -> TechnicalNeed | None:
    return (
        TechnicalNeed.objects.restrict(user, action)  # type: ignore[arg-type]
        .select_related("organization", "assigned_center")
        .filter(pk=pk)
        .first()
    )


@dataclasses.dataclass(frozen=True)
class Step:
    status: str
    label: str
    on: datetime.date
    current: bool


def need_steps(need: TechnicalNeed) -> list[Step]:
    """The statuses the need went through, each with the day it got there, oldest first.

    The day is the need's own date for the step where it keeps one (submitted, triaged,
    solved, ended on), else the day its history shows the status first.
    """
    reached: dict[str, datetime.date] = {}
    rows = need.history.order_by("history_date", "history_id").values_list("status", "history_date")
    for status, when in rows:
        reached.setdefault(status, timezone.localdate(when))
    reached.setdefault(need.status, timezone.localdate())
    steps = []
    for status, seen_on in reached.items():
        field = STATUS_DATES.get(NeedStatus(status)) if status in NeedStatus.values else None
        recorded = getattr(need, field, None) if field else None
        steps.append(
            Step(
                status=status,
                label=status_label(need, status),
                on=recorded or seen_on,
                current=status == need.status,
            )
        )
    return steps


@dataclasses.dataclass(frozen=True)
class Team:
    experts: list[Person]
    center: Center | None


def need_team(need: TechnicalNeed) -> Team | None:
    """Who works on the need, when the office lets the enterprise see it (`team_visible`).

    The experts the office accepted and the center assigned, by name only. The enterprise's
    roles do not reach people or candidates; the office's tick on the need is what shows
    them these names, and nothing else of them.
    """
    if not need.team_visible:
        return None
    experts = [
        candidate.person
        for candidate in need.candidates.filter(
            kind=CandidateKind.EXPERT, decision=Decision.ACCEPTED
        )
        .select_related("person")
        .order_by("rank", "pk")
        if candidate.person is not None
    ]
    return Team(experts=experts, center=need.assigned_center)


def need_attachments(user: Any, need: TechnicalNeed) -> list[NeedAttachment]:
    return list(
        NeedAttachment.objects.restrict(user, "view").filter(need=need).order_by("created_at", "pk")
    )


def need_messages(user: Any, need: TechnicalNeed) -> list[NeedMessage]:
    return list(
        NeedMessage.objects.restrict(user, "view")
        .filter(need=need)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def agreements_of(user: Any) -> QuerySet[Agreement]:
    return (
        Agreement.objects.restrict(user, "view")
        .defer("obligations", "description")
        .order_by("-signed_on", "-pk")
    )


def agreement_of(user: Any, pk: Any) -> Agreement | None:
    return Agreement.objects.restrict(user, "view").filter(pk=pk).first()


def agreement_parties(user: Any, agreement: Agreement) -> list[AgreementParty]:
    return list(
        AgreementParty.objects.restrict(user, "view")
        .filter(agreement=agreement)
        .select_related("organization")
        .order_by("pk")
    )


def agreement_attachments(user: Any, agreement: Agreement) -> list[AgreementAttachment]:
    return list(
        AgreementAttachment.objects.restrict(user, "view")
        .filter(agreement=agreement)
        .order_by("pk")
    )


def services_of(user: Any) -> QuerySet[ServiceRecord]:
    return (
        ServiceRecord.objects.restrict(user, "view")
        .select_related("center")
        .order_by("-delivered_on", "-pk")
    )
