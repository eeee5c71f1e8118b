"""Financing rounds and their investors.

A round is named by the day it was announced, its venture (or, without one, its achievement)
and its kind: `2022-06-01 91330… series_a`. It is recorded announced; closed or cancelled once
the investors' sheet has added its investors, who join only a round still announced.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils.translation import gettext as _

from liaison.financing import services
from liaison.financing.choices import RoundStatus
from liaison.financing.models import FinancingRound, RoundInvestor

from .. import widgets as cells
from ..columns import KindsResource, by_render
from ..registry import register
from ..resources import Lifecycle, Step, natural_key
from . import achievements  # noqa: F401  (achievements are named first)
from .organizations import organization_key

_ROUND = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s+(.+?)\s+(\S+)\s*$")


def round_key(financing_round: FinancingRound) -> str:
    subject = (
        organization_key(financing_round.venture)
        if financing_round.venture is not None
        else financing_round.achievement.title_zh
        if financing_round.achievement is not None
        else ""
    )
    return f"{financing_round.announced_on:%Y-%m-%d} {subject} {financing_round.kind}"


def resolve_rounds(values: list[str]) -> dict[str, Any]:
    days: set[datetime.date] = set()
    for value in values:
        match = _ROUND.match(value)
        if match:
            try:
                days.add(datetime.date.fromisoformat(match.group(1)))
            except ValueError:
                continue
    if not days:
        return {}
    found = FinancingRound.objects.filter(announced_on__in=days).select_related(
        "venture", "achievement"
    )
    return by_render(found, round_key, values)


natural_key(
    FinancingRound,
    lambda: cells.NaturalKey(
        FinancingRound,
        resolve=resolve_rounds,
        render=round_key,
        unknown=lambda: _(
            "No financing round is “%(value)s”: write the day it was announced, its venture's "
            "credit code (or its achievement's title) and its kind, as 2022-06-01 "
            "91330100MA2XXXXX0X series_a."
        ),
        ambiguous=lambda: _("Several financing rounds are “%(value)s”."),
    ),
)

ROUND_LIFE = Lifecycle(
    initial=RoundStatus.ANNOUNCED,
    steps=(
        Step(
            RoundStatus.CLOSED,
            lambda r, v, by: services.round_close(round=r, closed_on=v["closed_on"], by=by),
            needs=("closed_on",),
            final=True,
        ),
        Step(
            RoundStatus.CANCELLED,
            lambda r, v, by: services.round_cancel(
                round=r, reason=v.get("cancel_reason") or "", by=by
            ),
            final=True,
        ),
    ),
    # Investors join a round still announced: it closes once their sheet is in.
    after="round-investors",
    errors_on={"reason": "cancel_reason"},
)


class RoundResource(KindsResource):
    lifecycle = ROUND_LIFE
    step_columns = ("cancel_reason",)
    optional_keys = ("venture", "achievement")
    headers = {
        "venture": ("Venture (credit code or Chinese name)", "融资企业（信用代码或中文名称）"),
        "achievement": ("Achievement (Chinese title)", "成果（中文标题）"),
    }

    class Meta(KindsResource.Meta):
        model = FinancingRound
        fields = (
            "venture",
            "achievement",
            "kind",
            "announced_on",
            "amount",
            "currency",
            "cny_rate",
            "confidentiality",
            "note",
            "status",
            "closed_on",
            "cancel_reason",
        )
        # The kind first: the records are looked up by the first column, never empty.
        import_id_fields = ("kind", "announced_on", "venture", "achievement")


register("financing-rounds", RoundResource, order=120)


class RoundInvestorResource(KindsResource):
    headers = {
        "round": (
            "Round (announced on, venture or achievement, kind)",
            "融资轮次（公布日期、企业或成果、类型）",
        ),
        "organization": ("Investor (credit code or Chinese name)", "投资方（信用代码或中文名称）"),
    }

    class Meta(KindsResource.Meta):
        model = RoundInvestor
        fields = ("round", "organization", "amount", "is_lead")
        import_id_fields = ("round", "organization")

    def export_queryset(self, user: Any) -> Any:
        return super().export_queryset(user).select_related("round__venture", "round__achievement")


register("round-investors", RoundInvestorResource, order=125)
