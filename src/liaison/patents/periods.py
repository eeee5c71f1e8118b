"""Periods as the patent office counts them, and the working days their last day moves to.

A period of months or years ends on the day of the same number in the last month; a month
without that day (31 April, 29 February in a common year) ends the period on its last day
(Patent Examination Guidelines, part V, ch. 7, 2.3). A period whose last day is a public
holiday or a weekend ends on the next working day; China moves working days around its
holidays (调休: a Saturday or Sunday may be a working day), which the `holidays` package's
China calendar knows. For years the State Council has not announced yet it estimates the
holidays by their usual rules.
"""

from __future__ import annotations

import calendar
import datetime
from functools import cache

import holidays


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by `months` (negative: back), kept within the month it lands in."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)


@cache
def _china(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("CN", years=year)


def is_working_day(day: datetime.date) -> bool:
    """Whether the patent office works on `day`: not a public holiday, and a weekday or a
    weekend day made a working day in lieu of one."""
    return bool(_china(day.year).is_working_day(day))


@cache
def next_working_day(day: datetime.date) -> datetime.date:
    """`day` if the office works on it, otherwise the first working day after it."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day
