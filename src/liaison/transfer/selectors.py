"""Reads of the transfer side: the policy in force, an achievement's net income over a period
with its parts, and a researcher's own reward shares."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from liaison.achievements.models import Achievement
from liaison.core.choices import Currency
from liaison.patents.models import FeePayment

from . import rewards
from .models import Cost, Income, RewardPolicy, RewardShare


def policy_in_force(*, on: datetime.date) -> RewardPolicy | None:
    """The institute's reward policy in force on `on`, if it has one."""
    return (
        RewardPolicy._base_manager.filter(effective_from__lte=on)
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=on))
        .order_by("-effective_from", "-pk")
        .first()
    )


def policy_terms(policy: RewardPolicy) -> rewards.PolicyTerms:
    """A policy record as the reward engine reads it."""
    return rewards.PolicyTerms(
        label=str(policy) if policy.effective_from else policy.title,
        regime=policy.regime,
        transfer_rate=policy.transfer_rate,
        equity_rate=policy.equity_rate,
        implementation_rate=policy.implementation_rate,
        implementation_years=policy.implementation_years,
        grant_bonus_invention=policy.grant_bonus_invention,
        grant_bonus_other=policy.grant_bonus_other,
    )


@dataclasses.dataclass(frozen=True)
class NetIncome:
    """An achievement's net income over a period: income less costs less patent fees paid.

    Amounts are in yuan; records in another currency are listed apart (`not_in_yuan`) and left
    out of the sums rather than converted at a rate nobody recorded.
    """

    achievement: Achievement
    start: datetime.date
    end: datetime.date
    income: list[Income]
    costs: list[Cost]
    fees: list[Any]
    not_in_yuan: list[Any]

    @property
    def income_total(self) -> Decimal:
        return sum((i.amount for i in self.income), Decimal(0))

    @property
    def costs_total(self) -> Decimal:
        return sum((c.amount for c in self.costs), Decimal(0))

    @property
    def fees_total(self) -> Decimal:
        return sum((f.amount for f in self.fees), Decimal(0))

    @property
    def net(self) -> Decimal:
        return self.income_total - self.costs_total - self.fees_total

    def as_inputs(self) -> dict[str, Any]:
        """The parts as JSON-ready values, kept on a reward computed from them."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "income": str(self.income_total),
            "costs": str(self.costs_total),
            "fees": str(self.fees_total),
            "net": str(self.net),
            "income_ids": [i.pk for i in self.income],
            "cost_ids": [c.pk for c in self.costs],
            "fee_ids": [f.pk for f in self.fees],
            "left_out_not_in_yuan": len(self.not_in_yuan),
        }


def net_income(*, achievement: Achievement, start: datetime.date, end: datetime.date) -> NetIncome:
    """The achievement's income received, costs incurred and patent fees paid from `start` to
    `end` (both included), and what is left. Read for the system: pages restrict the record
    that asks (the reward, the achievement) before calling it."""
    income = list(
        Income._base_manager.filter(
            achievement=achievement, received_on__gte=start, received_on__lte=end
        )
        .select_related("agreement", "milestone")
        .order_by("received_on", "pk")
    )
    costs = list(
        Cost._base_manager.filter(
            achievement=achievement, incurred_on__gte=start, incurred_on__lte=end
        ).order_by("incurred_on", "pk")
    )
    fees = list(
        FeePayment._base_manager.filter(
            patent__achievement=achievement, paid_on__gte=start, paid_on__lte=end
        )
        .select_related("patent")
        .order_by("paid_on", "pk")
    )
    yuan = Currency.CNY
    return NetIncome(
        achievement=achievement,
        start=start,
        end=end,
        income=[i for i in income if i.currency == yuan],
        costs=[c for c in costs if c.currency == yuan],
        fees=[f for f in fees if f.currency == yuan],
        not_in_yuan=[
            *(i for i in income if i.currency != yuan),
            *(c for c in costs if c.currency != yuan),
            *(f for f in fees if f.currency != yuan),
        ],
    )


def own_reward_shares(*, user: Any) -> QuerySet[RewardShare]:
    """The reward shares of the person `user` is, as they may see them, newest first."""
    return (
        RewardShare.objects.restrict(user, "view")
        .filter(person__user_id=user.pk)
        .select_related("reward", "reward__achievement")
        .order_by("-reward__proposed_on", "-pk")
    )


# For the annual transformation report (Art. 21) and the AUTM metrics: read for the system, the
# report restricting what it shows to its reader.


def reward_shares_paid(*, start: datetime.date, end: datetime.date) -> QuerySet[RewardShare]:
    """The reward shares paid from `start` to `end`: one row a person-time, `amount` summed
    for the amount paid (in the reward's currency, `reward__currency`)."""
    return RewardShare._base_manager.filter(paid_on__gte=start, paid_on__lte=end).select_related(
        "reward", "person"
    )


def income_received(
    *, start: datetime.date, end: datetime.date, kinds: tuple[str, ...] = ()
) -> QuerySet[Income]:
    """The income received from `start` to `end` (of `kinds`, all if none), with its agreement."""
    found = Income._base_manager.filter(received_on__gte=start, received_on__lte=end)
    if kinds:
        found = found.filter(kind__in=kinds)
    return found.select_related("agreement", "achievement")
