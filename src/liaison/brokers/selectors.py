"""Reads of technology brokers: a broker's record for a period, and the office's ranking of
brokers by outcome, each aggregated in the database.

Every figure of a broker is one correlated subquery of the ranking's single query, so the
ranking sorts and pages brokers by any of them at any volume; the broker's own page reads
the same query for one broker. Amounts are added up in yuan (records in another currency are
left out) and only where the reader is cleared to see them.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import (
    DecimalField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from liaison.agreements.choices import RegistrationStatus
from liaison.core.choices import Currency
from liaison.core.lifecycle import today
from liaison.core.permissions import LEVELS, grants_of, user_may
from liaison.core.steps import DateInput
from liaison.needs.choices import Decision
from liaison.needs.models import MatchCandidate

from .choices import RankingOrder
from .models import Broker, BrokerEngagement, CommissionPayment, Introduction

MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=20, decimal_places=2)
RANKING_PER_PAGE = 50


@dataclasses.dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included; None at either end: open on that side."""

    start: datetime.date | None = None
    end: datetime.date | None = None

    @classmethod
    def this_year(cls) -> Period:
        day = today()
        return cls(datetime.date(day.year, 1, 1), day)

    def lookups(self, path: str) -> Q:
        """The records whose date at `path` lies in the period."""
        q = Q()
        if self.start is not None:
            q &= Q(**{f"{path}__gte": self.start})
        if self.end is not None:
            q &= Q(**{f"{path}__lte": self.end})
        return q


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("A period ends on or after the day it starts."))
        return cleaned


def period_from(params: Any, default: Period) -> tuple[Period, PeriodForm]:
    """The period asked for in `params` (`start`, `end`), or `default` when none is."""
    if not params.get("start") and not params.get("end"):
        form = PeriodForm(initial={"start": default.start, "end": default.end})
        return default, form
    form = PeriodForm(data={"start": params.get("start"), "end": params.get("end")})
    if not form.is_valid():
        return default, form
    return Period(form.cleaned_data.get("start"), form.cleaned_data.get("end")), form


def cleared_levels(user: Any) -> list[str]:
    """The confidentiality levels whose values `user` may see."""
    clearance = grants_of(user).clearance
    return [str(level) for level, rank in LEVELS.items() if rank <= clearance]


def _count(queryset: QuerySet[Any]) -> Coalesce:
    """The number of rows of `queryset`, as a subquery (an aggregate without a GROUP BY)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _sum(queryset: QuerySet[Any], field: str) -> Coalesce:
    """The sum of `field` over `queryset`, as a subquery."""
    summed = queryset.order_by().annotate(s=Func(F(field), function="SUM")).values("s")
    return Coalesce(Subquery(summed, output_field=MONEY), Value(Decimal(0)), output_field=MONEY)


def with_record(brokers: QuerySet[Broker], *, period: Period, user: Any) -> QuerySet[Broker]:
    """`brokers` each with their record for `period`: needs introduced, matches made,
    agreements signed, registered contract value, commission agreed and paid (in yuan)."""
    broker = OuterRef("pk")
    introduced = Introduction.objects.filter(
        period.lookups("introduced_on"), broker=broker
    ).exclude(need=None)
    matches = MatchCandidate.objects.filter(
        period.lookups("decided_at__date"),
        decision=Decision.ACCEPTED,
        need__broker_introductions__broker=broker,
    )
    signed = BrokerEngagement.objects.filter(
        period.lookups("agreement__signed_on"),
        broker=broker,
        agreement__signed_on__isnull=False,
    )
    levels = cleared_levels(user)
    cleared_cny = signed.filter(
        agreement__confidentiality__in=levels, agreement__currency=Currency.CNY
    )
    registered = cleared_cny.filter(agreement__registration__status=RegistrationStatus.REGISTERED)
    agreed = signed.filter(agreement__confidentiality__in=levels, currency=Currency.CNY)
    annotated = brokers.annotate(
        needs_introduced=_count(introduced),
        matches_made=_count(matches),
        agreements_signed=_count(signed),
        registered_value=_sum(registered, "agreement__value"),
        commission_agreed=_sum(agreed, "commission_amount"),
    )
    if user_may(user, "view", CommissionPayment):
        paid = CommissionPayment.objects.restrict(user, "view").filter(
            period.lookups("paid_on"), engagement__broker=broker, currency=Currency.CNY
        )
        annotated = annotated.annotate(commission_paid=_sum(paid, "amount"))
    return annotated


ORDERING = {
    RankingOrder.AGREEMENTS: "agreements_signed",
    RankingOrder.VALUE: "registered_value",
    RankingOrder.COMMISSION: "commission_agreed",
    RankingOrder.MATCHES: "matches_made",
}


def broker_ranking(*, user: Any, period: Period, order: str) -> QuerySet[Broker]:
    """The brokers `user` may see, the best by `order` first, each with their record."""
    key = ORDERING.get(
        RankingOrder(order) if order in RankingOrder.values else RankingOrder.AGREEMENTS
    )
    return (
        with_record(Broker.objects.restrict(user, "view"), period=period, user=user)
        .select_related("person", "organization")
        .order_by(f"-{key}", "-pk")
    )


@dataclasses.dataclass(frozen=True)
class BrokerRecord:
    """What a broker brought in a period; `commission_paid` is None for a reader who may not
    see payments; `hidden` counts the deals whose values the reader is not cleared for."""

    period: Period
    needs_introduced: int
    matches_made: int
    agreements_signed: int
    registered_value: Decimal
    commission_agreed: Decimal
    commission_paid: Decimal | None
    hidden: int


def broker_record(*, broker: Broker, user: Any, period: Period | None = None) -> BrokerRecord:
    """`broker`'s record for `period` (all time by default), as `user` may see it."""
    period = period or Period()
    row = with_record(Broker.objects.filter(pk=broker.pk), period=period, user=user).values(
        "needs_introduced",
        "matches_made",
        "agreements_signed",
        "registered_value",
        "commission_agreed",
        *(["commission_paid"] if user_may(user, "view", CommissionPayment) else []),
    )[0]
    hidden = (
        BrokerEngagement.objects.filter(
            period.lookups("agreement__signed_on"),
            broker=broker,
            agreement__signed_on__isnull=False,
        )
        .exclude(agreement__confidentiality__in=cleared_levels(user))
        .count()
    )
    return BrokerRecord(
        period=period,
        needs_introduced=row["needs_introduced"],
        matches_made=row["matches_made"],
        agreements_signed=row["agreements_signed"],
        registered_value=row["registered_value"],
        commission_agreed=row["commission_agreed"],
        commission_paid=row.get("commission_paid"),
        hidden=hidden,
    )


def broker_of(user: Any) -> Broker | None:
    """The broker `user` is (a person broker's account), as they may see it."""
    if user is None or not user.is_authenticated:
        return None
    found: Broker | None = (
        Broker.objects.restrict(user, "view").filter(person__user_id=user.pk).first()
    )
    return found
