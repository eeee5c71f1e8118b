import datetime
from decimal import Decimal

import pytest

from liaison.reports.phrasing import (
    Measure,
    count_phrase,
    date_phrase,
    floor_significant,
    month_phrase,
    yuan_phrase,
)


@pytest.mark.parametrize(
    ("value", "english", "chinese"),
    [
        (108, "more than 100", "100余家"),
        (23, "more than 20", "20余家"),
        (100, "100", "100家"),
        (10, "10", "10家"),
        (19, "more than 10", "10余家"),
        (9, "9", "9家"),
        (1, "1", "1家"),
        (0, "0", "0家"),
        (1234, "more than 1,000", "1000余家"),
        (345_678, "more than 300,000", "30万余家"),
    ],
)
def test_organization_counts_are_floored_to_one_significant_figure_above_ten(
    value: int, english: str, chinese: str
) -> None:
    assert count_phrase(value, lang="en", measure=Measure.ORGANIZATIONS) == english
    assert count_phrase(value, lang="zh-hans", measure=Measure.ORGANIZATIONS) == chinese


@pytest.mark.parametrize(
    ("value", "english", "chinese"),
    [(213, "more than 200", "200余项"), (56, "more than 50", "50余项"), (7, "7", "7项")],
)
def test_item_counts_take_the_chinese_measure_word_for_items(
    value: int, english: str, chinese: str
) -> None:
    assert count_phrase(value, lang="en", measure=Measure.ITEMS) == english
    assert count_phrase(value, lang="zh-hans", measure=Measure.ITEMS) == chinese


@pytest.mark.parametrize(
    ("value", "english", "chinese"), [(42, "42", "42家"), (108, "108", "108家")]
)
def test_exact_counts_are_written_as_they_are(value: int, english: str, chinese: str) -> None:
    assert count_phrase(value, lang="en", measure=Measure.ORGANIZATIONS, exact=True) == english
    assert count_phrase(value, lang="zh-hans", measure=Measure.ORGANIZATIONS, exact=True) == chinese


@pytest.mark.parametrize(
    ("amount", "english", "chinese"),
    [
        ("156300000.00", "over 150 million yuan", "超1.5亿元"),
        ("150000000.00", "150 million yuan", "1.5亿元"),
        ("1234567890.00", "over 1.2 billion yuan", "超12亿元"),
        ("12800000.00", "over 12 million yuan", "超1200万元"),
        ("56700.00", "over 56,000 yuan", "超5.6万元"),
        ("9999.99", "over 9,900 yuan", "超9900元"),
        ("5.50", "5.5 yuan", "5.5元"),
        ("0.00", "0 yuan", "0元"),
    ],
)
def test_yuan_amounts_are_floored_to_two_significant_figures(
    amount: str, english: str, chinese: str
) -> None:
    assert yuan_phrase(Decimal(amount), lang="en") == english
    assert yuan_phrase(Decimal(amount), lang="zh-hans") == chinese


def test_floor_significant_never_rounds_up() -> None:
    assert floor_significant(Decimal("199.99"), 2) == Decimal(190)
    assert floor_significant(Decimal(999), 1) == Decimal(900)


def test_dates_are_written_the_way_each_language_writes_them() -> None:
    day = datetime.date(2023, 5, 8)
    assert date_phrase(day, lang="en") == "8 May 2023"
    assert date_phrase(day, lang="zh-hans") == "2023年5月8日"


def test_months_are_written_the_way_each_language_writes_them() -> None:
    day = datetime.date(2019, 5, 1)
    assert month_phrase(day, lang="en") == "May 2019"
    assert month_phrase(day, lang="zh-hans") == "2019年5月"
