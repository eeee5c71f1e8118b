import datetime
from decimal import Decimal

from django.utils import translation

from liaison.reports.charts import (
    agreements_chart,
    amount_scale,
    financing_by_year,
    financing_chart,
    needs_funnel,
)
from liaison.reports.dashboard import FinancingPoint, LabelledCount, YearKindCounts


def point(year: int, month: int, closed: int | str, cumulative: int | str) -> FinancingPoint:
    return FinancingPoint(datetime.date(year, month, 1), Decimal(closed), Decimal(cumulative))


def test_money_axes_count_in_yi_or_wan_yuan_in_chinese_and_millions_in_english() -> None:
    with translation.override("zh-hans"):
        assert amount_scale(Decimal("320000000")).name == "亿元"
        assert amount_scale(Decimal("5000000")).name == "万元"
    with translation.override("en"):
        assert amount_scale(Decimal("5000000")).name == "CNY million"
        assert amount_scale(Decimal("2500000000")).name == "CNY billion"


def test_the_financing_chart_plots_the_running_total_in_the_axis_unit_and_labels_it_in_words() -> (
    None
):
    points = [point(2022, 3, "50000000", "50000000"), point(2023, 1, "100000000", "150000000")]

    with translation.override("zh-hans"):
        chart = financing_chart(points)

    assert chart["unit"] == "亿元"
    assert chart["months"] == ["2022-03", "2023-01"]
    assert chart["values"] == [0.5, 1.5]
    assert chart["labels"] == ["5000万元", "1.5亿元"]


def test_the_financing_table_says_each_years_closings_and_its_closing_total() -> None:
    points = [
        point(2022, 3, "1000", "1000"),
        point(2022, 9, "500", "1500"),
        point(2023, 1, "250", "1750"),
    ]

    with translation.override("en"):
        years = financing_by_year(points)

    assert [(y.year, y.closed, y.cumulative) for y in years] == [
        (2022, "CNY 1,500", "CNY 1,500"),
        (2023, "CNY 250", "CNY 1,750"),
    ]


def test_the_agreements_chart_has_one_series_per_kind_over_the_years() -> None:
    counts = YearKindCounts(
        years=[2021, 2022],
        kinds=[LabelledCount("mou", "Memorandum of understanding", 3)],
        counts={"mou": [1, 2]},
    )

    assert agreements_chart(counts) == {
        "years": ["2021", "2022"],
        "series": [{"name": "Memorandum of understanding", "data": [1, 2]}],
    }


def test_the_needs_funnel_counts_each_stage_with_those_past_it_and_ways_out_apart() -> None:
    statuses = [
        LabelledCount("submitted", "Submitted", 5),
        LabelledCount("triaged", "Triaged", 3),
        LabelledCount("solved", "Solved", 2),
        LabelledCount("withdrawn", "Withdrawn", 4),
    ]

    funnel = needs_funnel(statuses, stages=3)

    assert [(s.label, s.count, s.reached) for s in funnel] == [
        ("Submitted", 5, 10),
        ("Triaged", 3, 5),
        ("Solved", 2, 2),
        ("Withdrawn", 4, None),
    ]
