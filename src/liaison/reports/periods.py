"""The periods figures are counted for: as of a date, or between two dates.

A period ends on a day (inclusive) and starts on a day (inclusive), or has no start: "since
the beginning", which is what a cumulative figure as of a date is. A figure that counts a
stock (organizations served so far) is counted as of the period's end; one that counts a flow
(agreements signed) within the period.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .phrasing import date_phrase

_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"(\d{4})")


class PeriodError(ValueError):
    """A period asked for that is not one; the message says why, in the reader's language."""


@dataclass(frozen=True)
class Period:
    start: datetime.date | None
    end: datetime.date

    def __post_init__(self) -> None:
        if self.start is not None and self.start > self.end:
            raise PeriodError(_("A period starts on or before the day it ends."))

    @classmethod
    def as_of(cls, day: datetime.date) -> Period:
        return cls(None, day)

    @classmethod
    def month(cls, day: datetime.date) -> Period:
        start = day.replace(day=1)
        following = (start + datetime.timedelta(days=32)).replace(day=1)
        return cls(start, following - datetime.timedelta(days=1))

    @classmethod
    def quarter(cls, day: datetime.date) -> Period:
        first_month = 3 * ((day.month - 1) // 3) + 1
        start = datetime.date(day.year, first_month, 1)
        end = Period.month(datetime.date(day.year, first_month + 2, 1)).end
        return cls(start, end)

    @classmethod
    def year(cls, day: datetime.date) -> Period:
        return cls(datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31))

    @classmethod
    def named(cls, name: str) -> Period:
        """`2026`, `2026-Q3` or `2026-07`: that year, quarter or month."""
        name = name.strip()
        try:
            if found := _QUARTER.fullmatch(name):
                year, quarter = int(found[1]), int(found[2])
                return cls.quarter(datetime.date(year, 3 * quarter, 1))
            if found := _MONTH.fullmatch(name):
                return cls.month(datetime.date(int(found[1]), int(found[2]), 1))
            if found := _YEAR.fullmatch(name):
                return cls.year(datetime.date(int(found[1]), 1, 1))
        except ValueError:
            pass
        raise PeriodError(
            _(
                "“%(name)s” is not a period: write a year (2026), a quarter (2026-Q3) or a month "
                "(2026-07)."
            )
            % {"name": name}
        )

    @classmethod
    def between(cls, start: str | None, end: str | None, *, today: datetime.date) -> Period:
        """From the ISO dates a person typed (either may be empty: since the beginning, today)."""
        try:
            first = datetime.date.fromisoformat(start) if start else None
        except ValueError:
            raise PeriodError(_("“%(day)s” is not a date (YYYY-MM-DD).") % {"day": start}) from None
        try:
            last = datetime.date.fromisoformat(end) if end else today
        except ValueError:
            raise PeriodError(_("“%(day)s” is not a date (YYYY-MM-DD).") % {"day": end}) from None
        return cls(first, last)

    def previous(self) -> Period | None:
        """The period of the same length just before this one (none before "the beginning")."""
        if self.start is None:
            return None
        if self == Period.year(self.start):
            return Period.year(datetime.date(self.start.year - 1, 1, 1))
        if self == Period.quarter(self.start):
            return Period.quarter(self.start - datetime.timedelta(days=1))
        if self == Period.month(self.start):
            return Period.month(self.start - datetime.timedelta(days=1))
        length = self.end - self.start
        end = self.start - datetime.timedelta(days=1)
        return Period(end - length, end)

    def contains(self, day: datetime.date | None) -> bool:
        return day is not None and (self.start is None or self.start <= day) and day <= self.end

    def describe(self, lang: str) -> str:
        """ "1 May 2019 – 8 May 2023" / "as of 8 May 2023", in the language of `lang`."""
        end = date_phrase(self.end, lang=lang)
        if self.start is None:
            return _("as of %(end)s") % {"end": end}
        return _("%(start)s – %(end)s") % {"start": date_phrase(self.start, lang=lang), "end": end}

    def query(self) -> dict[str, str]:
        """The period as the pages' address carries it (`?from=…&to=…`)."""
        params = {"to": self.end.isoformat()}
        if self.start is not None:
            params["from"] = self.start.isoformat()
        return params
