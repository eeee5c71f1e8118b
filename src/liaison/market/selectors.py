"""Reads of roadshows and matchmaking fairs: an event's funnel and what it led to.

The funnel follows the intentions noted at an event: matched → carried to an agreement →
signed → contract registered → income received. Each stage counts the intentions that got
this far and the value of the distinct agreements they reached, computed in SQL; each count
comes with the address of the list of exactly those intentions.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from liaison.agreements.choices import SIGNED_STATUSES, RegistrationStatus
from liaison.agreements.models import Agreement
from liaison.core import permissions
from liaison.core.choices import Currency
from liaison.needs.models import MatchCandidate
from liaison.transfer.models import Income

from .choices import SEATED_STATUSES, EventStatus, FunnelStage
from .models import EventAttendance, EventOutcome, MarketEvent

# The signed agreements an event's page lists; the list of intentions has them all.
SIGNED_SHOWN = 20
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=20, decimal_places=2)


def may_see_income(user: Any) -> bool:
    return permissions.user_may(user, "view", Income)


def visible_income(user: Any) -> QuerySet[Income]:
    return Income.objects.restrict(user, "view")


def reached(stage: str, user: Any) -> Q:
    """The intentions that got as far as `stage` (or further), as a filter on `EventOutcome`.

    An intention carried to an agreement without a recorded match got past matching too.
    """
    if stage == FunnelStage.MATCHED:
        return Q(match__isnull=False) | Q(agreement__isnull=False)
    if stage == FunnelStage.AGREEMENT:
        return Q(agreement__isnull=False)
    if stage == FunnelStage.SIGNED:
        return Q(agreement__status__in=SIGNED_STATUSES)
    if stage == FunnelStage.REGISTERED:
        return Q(agreement__registration__status=RegistrationStatus.REGISTERED)
    if stage == FunnelStage.INCOME:
        if not may_see_income(user):
            return Q(pk__in=[])
        return Q(agreement__in=visible_income(user).values("agreement"))
    return Q()


def outcomes_at(*, event: MarketEvent, user: Any) -> QuerySet[EventOutcome]:
    """The intentions noted at `event` that the user may see."""
    return EventOutcome.objects.restrict(user, "view").filter(event=event)


@dataclasses.dataclass(frozen=True)
class Stage:
    key: str
    label: str
    count: int
    url: str
    value: Decimal | None = None


@dataclasses.dataclass(frozen=True)
class LedTo:
    """A signed agreement an intention of the event was carried to, and what followed it."""

    agreement: Agreement
    months_after: int
    registered_value: Any
    income: Decimal | None


@dataclasses.dataclass(frozen=True)
class EventFunnel:
    stages: list[Stage]
    signed: list[LedTo]
    signed_more: bool
    signed_value: Decimal
    registered_value: Decimal
    income_received: Decimal | None
    hidden: int
    signed_url: str

    def chart(self) -> dict[str, Any]:
        """What the page's chart draws: the stages' counts in their order."""
        return {"items": [{"name": s.label, "value": s.count} for s in self.stages]}


def _months_between(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def _list_url(**query: Any) -> str:
    return f"{reverse('market:eventoutcome_list')}?{urlencode(query)}"


def event_funnel(*, event: MarketEvent, user: Any) -> EventFunnel:
    """The event's funnel, from the intentions noted to the income received under the
    agreements they led to, and those signed agreements with what they brought."""
    outcomes = outcomes_at(event=event, user=user)
    keys = [s.value for s in FunnelStage]
    # Aliases of their own: "agreement" would name the field.
    counts = outcomes.aggregate(
        **{f"n_{key}": Count("pk", filter=reached(key, user)) for key in keys}
    )
    carried = Agreement.objects.restrict(user, "view").filter(
        pk__in=outcomes.filter(agreement__isnull=False).values("agreement")
    )
    # Only the values the user is cleared for are added up; the page says how many not.
    cleared = permissions.cleared(carried, user, "value")
    yuan = Q(currency=Currency.CNY)
    signed_q = Q(status__in=SIGNED_STATUSES)
    registered_q = Q(registration__status=RegistrationStatus.REGISTERED)
    values = cleared.aggregate(
        v_agreement=Sum("value", filter=yuan),
        v_signed=Sum("value", filter=yuan & signed_q),
        v_registered=Sum(
            "registration__approved_income",
            filter=Q(registration__currency=Currency.CNY) & registered_q,
        ),
    )
    income_total: Decimal | None = None
    if may_see_income(user):
        income_total = visible_income(user).filter(
            agreement__in=carried.values("pk"), currency=Currency.CNY
        ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    stage_values: dict[str, Decimal | None] = {
        FunnelStage.AGREEMENT: values["v_agreement"] or Decimal(0),
        FunnelStage.SIGNED: values["v_signed"] or Decimal(0),
        FunnelStage.REGISTERED: values["v_registered"] or Decimal(0),
        FunnelStage.INCOME: income_total,
    }
    stages = [
        Stage(
            key=stage.value,
            label=str(stage.label),
            count=counts[f"n_{stage.value}"],
            url=_list_url(event=event.pk, reached=stage.value),
            value=stage_values.get(stage.value),
        )
        for stage in FunnelStage
    ]
    signed = carried.filter(signed_q).select_related("registration").order_by("signed_on", "pk")
    if may_see_income(user):
        income = (
            visible_income(user)
            .filter(agreement=OuterRef("pk"), currency=Currency.CNY)
            .order_by()
            .values("agreement")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        signed = signed.annotate(
            income_received=Coalesce(Subquery(income, output_field=MONEY), Value(Decimal(0)))
        )
    rows = list(signed[: SIGNED_SHOWN + 1])
    led_to = [
        LedTo(
            agreement=agreement,
            months_after=_months_between(event.held_on, agreement.signed_on),
            registered_value=_registered_value(agreement),
            income=getattr(agreement, "income_received", None),
        )
        for agreement in rows[:SIGNED_SHOWN]
    ]
    return EventFunnel(
        stages=stages,
        signed=led_to,
        signed_more=len(rows) > SIGNED_SHOWN,
        signed_value=values["v_signed"] or Decimal(0),
        registered_value=values["v_registered"] or Decimal(0),
        income_received=income_total,
        hidden=permissions.hidden_count(carried, user, "value"),
        signed_url=_list_url(event=event.pk, reached=FunnelStage.SIGNED),
    )


def _registered_value(agreement: Agreement) -> Any:
    """The technical income approved at the agreement's registration, hidden with its value."""
    registration = getattr(agreement, "registration", None)
    if registration is None or registration.status != RegistrationStatus.REGISTERED:
        return None
    if permissions.is_hidden(agreement.value):
        return permissions.HIDDEN
    return registration.approved_income


@dataclasses.dataclass(frozen=True)
class Attendance:
    """How many organizations registered for an event, by status, against its capacity."""

    by_status: list[tuple[str, int, str]]
    seated: int
    capacity: int | None


def event_attendance(*, event: MarketEvent, user: Any) -> Attendance:
    from .choices import AttendanceStatus

    registrations = EventAttendance.objects.restrict(user, "view").filter(event=event)
    counts = dict(registrations.values_list("status").annotate(n=Count("pk")).order_by())
    list_url = reverse("market:eventattendance_list")
    return Attendance(
        by_status=[
            (
                str(label),
                counts.get(value, 0),
                f"{list_url}?{urlencode({'event': event.pk, 'status': value})}",
            )
            for value, label in AttendanceStatus.choices
        ],
        seated=sum(n for status, n in counts.items() if status in SEATED_STATUSES),
        capacity=event.capacity,
    )


# The portal ---------------------------------------------------------------------------------


def events_open_for_registration(*, user: Any) -> QuerySet[MarketEvent]:
    """The events an enterprise may register for today: open, not past their closing date."""
    today = timezone.localdate()
    return (
        MarketEvent.objects.restrict(user, "view")
        .filter(status=EventStatus.REGISTRATION_OPEN)
        .filter(
            Q(registration_closes_on__gte=today)
            | Q(registration_closes_on__isnull=True, held_on__gte=today)
        )
        .annotate(seated=Count("attendances", filter=Q(attendances__status__in=SEATED_STATUSES)))
        .order_by("held_on", "pk")
    )


def registrations_of(*, user: Any, organization_ids: list[int]) -> QuerySet[EventAttendance]:
    """The registrations of the user's organizations, latest event first."""
    return (
        EventAttendance.objects.restrict(user, "view")
        .filter(organization_id__in=organization_ids)
        .select_related("event", "organization")
        .order_by("-event__held_on", "-pk")
    )


@dataclasses.dataclass(frozen=True)
class Trace:
    """Where one intention led: its match, its agreement, the registration, the income."""

    match: Any
    agreement: Agreement | None
    registration: Any
    income: list[Income]
    income_total: Decimal | None
    income_visible: bool


def outcome_trace(*, outcome: EventOutcome, user: Any) -> Trace:
    """The records one intention is traced to, as far as the user may see them."""
    match = None
    if outcome.match_id is not None:
        match = (
            MatchCandidate.objects.restrict(user, "view")
            .select_related("need", "achievement", "person")
            .filter(pk=outcome.match_id)
            .first()
        )
    agreement = None
    registration = None
    income: list[Income] = []
    if outcome.agreement_id is not None:
        agreement = (
            Agreement.objects.restrict(user, "view")
            .select_related("registration")
            .filter(pk=outcome.agreement_id)
            .first()
        )
    if agreement is not None:
        registration = getattr(agreement, "registration", None)
        if may_see_income(user):
            income = list(
                visible_income(user)
                .filter(agreement=agreement)
                .select_related("achievement")
                .order_by("received_on", "pk")[:50]
            )
    visible = may_see_income(user)
    return Trace(
        match=match,
        agreement=agreement,
        registration=registration,
        income=income,
        income_total=(
            sum((i.amount for i in income if i.currency == Currency.CNY), Decimal(0))
            if visible
            else None
        ),
        income_visible=visible,
    )
