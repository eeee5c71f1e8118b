"""Reads behind the home dashboard: counts grouped in the database, a few queries each.

Every selector takes the user whose dashboard it is and narrows its rows with
`.restrict(user, "view")`, as the pages' querysets do; none loops over a table in Python.
Sums of a value marked confidential add up only the rows whose value the user is cleared
for (`permissions.cleared`); the figures say how many they left out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.urls import reverse
from django.utils.http import urlencode

from liaison.achievements.choices import Stage
from liaison.achievements.models import Achievement
from liaison.agreements.choices import RUNNING_STATUSES, AgreementKind
from liaison.agreements.models import Agreement, PaymentMilestone
from liaison.core import permissions
from liaison.needs.choices import NeedStatus
from liaison.needs.models import TechnicalNeed

from . import catalogue
from .metrics import financing_rounds_closed
from .periods import Period

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    User = AbstractBaseUser | AnonymousUser

# How far ahead an agreement's expiry, and how long a need's wait for triage, call for a look.
EXPIRY_HORIZON = datetime.timedelta(days=60)
TRIAGE_WAIT = datetime.timedelta(days=7)
# Milestones due within this horizon are listed with the overdue ones.
MILESTONE_HORIZON = datetime.timedelta(days=30)
# The stages of a need's pipeline, in lifecycle order; the ways out of it come after.
NEED_PIPELINE = (
    NeedStatus.SUBMITTED,
    NeedStatus.TRIAGED,
    NeedStatus.MATCHED,
    NeedStatus.IN_PROGRESS,
    NeedStatus.SOLVED,
)
ATTENTION_ROWS = 10

RowT = TypeVar("RowT")


@dataclass(frozen=True)
class LabelledCount:
    """A count under a choice's value and its translated label."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class YearKindCounts:
    """Agreements signed per year, split by kind: one series per kind, one column per year."""

    years: list[int]
    kinds: list[LabelledCount]  # each kind with its total over the years
    counts: dict[str, list[int]]  # kind value → count per year, aligned with `years`


@dataclass(frozen=True)
class FinancingPoint:
    month: datetime.date
    closed_cny: Decimal
    cumulative_cny: Decimal


@dataclass(frozen=True)
class AttentionList(Generic[RowT]):
    """The first rows of something that needs a look, how many there are in all, and the
    address of the list page filtered to all of them (empty when no list page can show them)."""

    total: int
    rows: list[RowT]
    see_all: str = ""

    @property
    def cut_short(self) -> bool:
        return self.total > len(self.rows)


def figures_for(*, user: User, as_of: datetime.date) -> list[catalogue.Figure]:
    """The headline figures as of `as_of`, counted over the rows `user` may see, without the
    values the user is not cleared for. For an administrator these are `liaison figures`'."""
    return catalogue.catalogue_for(
        period=Period.as_of(as_of), user=user, chosen=catalogue.headline()
    )


def agreements_signed_per_year_and_kind(*, user: User) -> YearKindCounts:
    """Agreements signed each year, per kind (one grouped query)."""
    grouped = (
        Agreement.objects.restrict(user, "view")
        .filter(signed_on__isnull=False)
        .annotate(year=ExtractYear("signed_on"))
        .values("year", "kind")
        .annotate(count=Count("id"))
        .order_by()
    )
    cells = {(row["year"], row["kind"]): row["count"] for row in grouped}
    if not cells:
        return YearKindCounts(years=[], kinds=[], counts={})
    first, last = min(y for y, _ in cells), max(y for y, _ in cells)
    years = list(range(first, last + 1))
    counts: dict[str, list[int]] = {}
    kinds: list[LabelledCount] = []
    for kind in AgreementKind:
        per_year = [cells.get((year, kind.value), 0) for year in years]
        if any(per_year):
            counts[kind.value] = per_year
            kinds.append(LabelledCount(kind.value, str(kind.label), sum(per_year)))
    return YearKindCounts(years=years, kinds=kinds, counts=counts)


def needs_pipeline(*, user: User) -> list[LabelledCount]:
    """How many needs stand at each status, the pipeline's stages first, in lifecycle order."""
    grouped = (
        TechnicalNeed.objects.restrict(user, "view")
        .values("status")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts = {row["status"]: row["count"] for row in grouped}
    order = [*NEED_PIPELINE, *(s for s in NeedStatus if s not in NEED_PIPELINE)]
    return [LabelledCount(s.value, str(s.label), counts.get(s.value, 0)) for s in order]


def achievements_by_stage(*, user: User) -> list[LabelledCount]:
    """How many achievements stand at each stage, from research to market."""
    grouped = (
        Achievement.objects.restrict(user, "view")
        .values("stage")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts = {row["stage"]: row["count"] for row in grouped}
    return [LabelledCount(s.value, str(s.label), counts.get(s.value, 0)) for s in Stage]


def cumulative_financing(*, user: User, as_of: datetime.date) -> list[FinancingPoint]:
    """Yuan raised in closed rounds month by month, and the running total up to `as_of`.

    The amounts are the figure `financing_cumulative_cny`'s own rows, so the last running
    total is that figure: the rounds whose amount the user is not cleared for are left out,
    and the figure says how many.
    """
    rows = permissions.cleared(financing_rounds_closed(as_of, user), user, "amount")
    grouped = (
        rows.annotate(month=TruncMonth("closed_on"))
        .values("month")
        .annotate(cents=Sum("amount_cny_cents"))
        .order_by("month")
    )
    points: list[FinancingPoint] = []
    running = 0
    for row in grouped:
        cents = int(row["cents"] or 0)
        running += cents
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        points.append(
            FinancingPoint(
                month=month,
                closed_cny=Decimal(cents).scaleb(-2),
                cumulative_cny=Decimal(running).scaleb(-2),
            )
        )
    return points


def _attention(rows: QuerySet[Any], limit: int, see_all: str = "") -> AttentionList[Any]:
    # A count and the first rows, not one query with a window count: the window makes the
    # database read every row in full before it keeps ten (on the demo, 1,700 needs waiting:
    # ~50-150 ms against ~20 ms for the two plain queries).
    return AttentionList(total=rows.count(), rows=list(rows[:limit]), see_all=see_all)


def _list_url(route: str, filters: list[tuple[str, Any]]) -> str:
    return f"{reverse(route)}?{urlencode(filters)}"


def _day_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=1)


def agreements_expiring(
    *, user: User, today: datetime.date, limit: int = ATTENTION_ROWS
) -> AttentionList[Agreement]:
    """Running agreements that expire within the next 60 days, soonest first."""
    rows = (
        Agreement.objects.restrict(user, "view")
        .filter(
            status__in=RUNNING_STATUSES,
            expires_on__gte=today,
            expires_on__lte=today + EXPIRY_HORIZON,
        )
        .order_by("expires_on", "id")
    )
    # The same agreements on the agreements list, through its own filters.
    see_all = _list_url(
        "agreements:agreement_list",
        [
            *(("status", status) for status in RUNNING_STATUSES),
            ("expires_on_after", today.isoformat()),
            ("expires_on_before", (today + EXPIRY_HORIZON).isoformat()),
            ("sort", "expires_on"),
        ],
    )
    return _attention(rows, limit, see_all)


def needs_awaiting_triage(
    *, user: User, today: datetime.date, limit: int = ATTENTION_ROWS
) -> AttentionList[TechnicalNeed]:
    """Needs submitted more than 7 days ago and still not triaged, longest waiting first."""
    rows = (
        TechnicalNeed.objects.restrict(user, "view")
        .filter(status=NeedStatus.SUBMITTED, submitted_on__lt=today - TRIAGE_WAIT)
        .select_related("organization")
        .order_by("submitted_on", "id")
    )
    # The same needs on the needs list: its date filter includes its bound, so the day before.
    see_all = _list_url(
        "needs:technicalneed_list",
        [
            ("status", NeedStatus.SUBMITTED),
            ("submitted_on_before", _day_before(today - TRIAGE_WAIT).isoformat()),
            ("sort", "submitted_on"),
        ],
    )
    return _attention(rows, limit, see_all)


def milestones_due(
    *, user: User, today: datetime.date, limit: int = ATTENTION_ROWS
) -> AttentionList[PaymentMilestone]:
    """Unmet milestones of running agreements, overdue or due within 30 days, earliest first."""
    rows = (
        PaymentMilestone.objects.restrict(user, "view")
        .filter(
            done_on__isnull=True,
            due_on__lte=today + MILESTONE_HORIZON,
            agreement__status__in=RUNNING_STATUSES,
        )
        .select_related("agreement")
        .order_by("due_on", "id")
    )
    # No page lists milestones across agreements: the dashboard says how many it leaves out.
    return _attention(rows, limit)
