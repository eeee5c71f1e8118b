"""The dashboard's charts as plain data: what ECharts draws and what the tables beside it say.

Each chart is built from a selector's result without touching the database; amounts are
written here the way the page's language writes them, so the script only draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from liaison.core.numbers import format_amount, is_chinese

from .dashboard import FinancingPoint, LabelledCount, YearKindCounts


@dataclass(frozen=True)
class AmountScale:
    """The unit a chart's axis counts money in: 亿元 / 万元 in Chinese, millions in English."""

    divisor: Decimal
    name: str


def amount_scale(largest: Decimal) -> AmountScale:
    if is_chinese():
        if largest >= Decimal(10) ** 8:
            return AmountScale(Decimal(10) ** 8, "亿元")
        return AmountScale(Decimal(10) ** 4, "万元")
    if largest >= Decimal(10) ** 9:
        return AmountScale(Decimal(10) ** 9, _("CNY billion"))
    return AmountScale(Decimal(10) ** 6, _("CNY million"))


def agreements_chart(counts: YearKindCounts) -> dict[str, Any]:
    """Stacked columns: one per year, one colour per kind of agreement."""
    return {
        "years": [str(year) for year in counts.years],
        "series": [
            {"name": kind.label, "data": counts.counts[kind.value]} for kind in counts.kinds
        ],
    }


def counts_chart(counts: list[LabelledCount]) -> dict[str, Any]:
    """Named counts in their order (the needs' statuses, the achievements' stages)."""
    return {"items": [{"name": c.label, "value": c.count} for c in counts]}


@dataclass(frozen=True)
class PipelineStage:
    """A need status: how many stand at it now and, along the pipeline, how many got this far."""

    label: str
    count: int
    reached: int | None  # None for the ways out of the pipeline (closed, withdrawn, rejected)


def needs_funnel(statuses: list[LabelledCount], *, stages: int) -> list[PipelineStage]:
    """The pipeline as a funnel: each of the first `stages` statuses with those past it."""
    along, ways_out = statuses[:stages], statuses[stages:]
    reached = [sum(s.count for s in along[i:]) for i in range(len(along))]
    return [
        *(PipelineStage(s.label, s.count, r) for s, r in zip(along, reached, strict=True)),
        *(PipelineStage(s.label, s.count, None) for s in ways_out),
    ]


def funnel_chart(funnel: list[PipelineStage]) -> dict[str, Any]:
    return {
        "items": [{"name": s.label, "value": s.reached} for s in funnel if s.reached is not None]
    }


def financing_chart(points: list[FinancingPoint]) -> dict[str, Any]:
    """The running total of yuan raised, month by month, on an axis in the language's unit."""
    largest = max((p.cumulative_cny for p in points), default=Decimal(0))
    scale = amount_scale(largest)
    return {
        "unit": scale.name,
        "months": [p.month.strftime("%Y-%m") for p in points],
        "values": [float(p.cumulative_cny / scale.divisor) for p in points],
        "labels": [format_amount(p.cumulative_cny) for p in points],
    }


@dataclass(frozen=True)
class FinancingYear:
    year: int
    closed: str
    cumulative: str


def financing_by_year(points: list[FinancingPoint]) -> list[FinancingYear]:
    """The text beside the chart: raised each year and the running total at its end."""
    years: dict[int, tuple[Decimal, Decimal]] = {}
    for point in points:
        closed, _cumulative = years.get(point.month.year, (Decimal(0), Decimal(0)))
        years[point.month.year] = (closed + point.closed_cny, point.cumulative_cny)
    return [
        FinancingYear(year, format_amount(closed), format_amount(cumulative))
        for year, (closed, cumulative) in years.items()
    ]
