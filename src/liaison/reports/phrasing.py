"""How a press office writes numbers and dates, per language.

The figures' paragraph rounds the way an announcement does ("more than 100", "100余家",
"over 150 million yuan", "超1.5亿元"). These rules are locale rules, like a number format,
not sentences to translate, so they live here per language and come out right whether or not
a translation catalogue exists; the sentences around them go through gettext.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum

ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Below this a count is written exactly: "5", "5家".
EXACT_BELOW = 10


class Measure(StrEnum):
    """What a figure counts, which decides the Chinese measure word."""

    ORGANIZATIONS = "organizations"
    ITEMS = "items"
    YUAN = "yuan"
    DAYS = "days"
    PERSON_TIMES = "person_times"


ZH_MEASURE_WORDS = {
    Measure.ORGANIZATIONS: "家",
    Measure.ITEMS: "项",
    Measure.DAYS: "天",
    Measure.PERSON_TIMES: "人次",
}


def is_chinese(lang: str) -> bool:
    return lang.lower().replace("_", "-").startswith("zh")


def floor_significant(value: Decimal, digits: int) -> Decimal:
    """`value` floored to `digits` significant figures: 156_300_000 → 150_000_000 for 2."""
    if value <= 0:
        return Decimal(0)
    quantum = Decimal(1).scaleb(value.adjusted() - digits + 1)
    return (value / quantum).to_integral_value(rounding=ROUND_FLOOR) * quantum


def _plain(number: Decimal, *, grouped: bool = False) -> str:
    """A decimal without exponent or trailing zeros: 1.5, 150, 1,500,000."""
    normalized = number.normalize()
    return format(normalized, ",f" if grouped else "f")


def _zh_integer(number: int) -> str:
    """A round Chinese count in 万 or 亿 when it is a whole number of them: 300000 → 30万."""
    for scale, unit in ((10**8, "亿"), (10**4, "万")):
        if number >= scale and number % scale == 0:
            return f"{number // scale}{unit}"
    return str(number)


def count_phrase(value: int, *, lang: str, measure: Measure, exact: bool = False) -> str:
    """A count as an announcement writes it.

    Exact below ten or when `exact`; otherwise floored to one significant figure, with
    "more than" / "余" when the floor is below the value: 108 → "more than 100" / "100余家".
    """
    shown = value
    if not exact and value >= EXACT_BELOW:
        shown = int(floor_significant(Decimal(value), 1))
    approximate = shown != value
    if is_chinese(lang):
        word = ZH_MEASURE_WORDS.get(measure, "")
        return f"{_zh_integer(shown)}{'余' if approximate else ''}{word}"
    return f"more than {shown:,}" if approximate else f"{shown:,}"


def yuan_phrase(amount: Decimal, *, lang: str) -> str:
    """An amount of yuan floored to two significant figures: "over 150 million yuan" / "超1.5亿元"."""
    shown = floor_significant(amount, 2)
    approximate = shown != amount
    if is_chinese(lang):
        number = _plain(shown)
        for scale, unit in (
            (Decimal(10) ** 12, "万亿"),
            (Decimal(10) ** 8, "亿"),
            (Decimal(10) ** 4, "万"),
        ):
            if shown >= scale:
                number = f"{_plain(shown / scale)}{unit}"
                break
        return f"{'超' if approximate else ''}{number}元"
    number = _plain(shown, grouped=True)
    for scale, unit in (
        (Decimal(10) ** 12, "trillion"),
        (Decimal(10) ** 9, "billion"),
        (Decimal(10) ** 6, "million"),
    ):
        if shown >= scale:
            number = f"{_plain(shown / scale, grouped=True)} {unit}"
            break
    return f"{'over ' if approximate else ''}{number} yuan"


def figure_phrase(value: int | Decimal, *, lang: str, measure: Measure, exact: bool) -> str:
    """A figure's value as the paragraph writes it."""
    if measure == Measure.YUAN:
        return yuan_phrase(Decimal(value), lang=lang)
    return count_phrase(int(value), lang=lang, measure=measure, exact=exact)


def date_phrase(day: datetime.date, *, lang: str) -> str:
    """ "8 May 2023" / "2023年5月8日"."""
    if is_chinese(lang):
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def month_phrase(day: datetime.date, *, lang: str) -> str:
    """ "May 2019" / "2019年5月"."""
    if is_chinese(lang):
        return f"{day.year}年{day.month}月"
    return f"{ENGLISH_MONTHS[day.month - 1]} {day.year}"
