"""Cells of an import file turned into values, and values into cells (django-import-export widgets).

A cell that cannot be read raises `ValueError` with a message for the person who filled the
file ("“abc” is not an amount."); the import shows it on the row and column it came from.
Spreadsheets hand over numbers, dates and text as they were typed or formatted, so each widget
accepts the forms people write (2024-03-05, 2024/3/5, 2024年3月5日; 1,234.50; 是 / 否) and
writes one form back.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from import_export import widgets

from liaison.core.permissions import is_hidden

EMPTY = (None, "")


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    """A cell as text: a whole number a spreadsheet stored as 13800000000.0 loses its ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return force_str(value).strip()


class Text(widgets.Widget):
    """Text, stripped; an empty cell is the empty text."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        return as_text(value)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if value is None or is_hidden(value):
            return ""
        return force_str(value)


class Integer(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> int | None:
        if is_empty(value):
            return None
        text = as_text(value).replace(",", "")
        try:
            return int(Decimal(text))
        except (InvalidOperation, ValueError):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text}) from None

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return "" if value is None or is_hidden(value) else value


class Number(widgets.Widget):
    """A measure such as a match's score: 0.805, "0.805" (an export writes it as text)."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> float | None:
        if is_empty(value):
            return None
        if isinstance(value, int | float):
            return float(value)
        text = as_text(value).replace(",", "")
        try:
            return float(Decimal(text))
        except (InvalidOperation, ValueError):
            raise ValueError(_("“%(value)s” is not a number.") % {"value": text}) from None

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return "" if value is None or is_hidden(value) else value


class Amount(widgets.Widget):
    """An exact amount: 1234.5, "1,234.50", "¥1,234.50"; never a float's rounding."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Decimal | None:
        if is_empty(value):
            return None
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, float):
            # A spreadsheet's float: its shortest decimal form is what the person typed.
            return Decimal(repr(value))
        text = as_text(value)
        cleaned = re.sub(r"[,，\s¥￥$]", "", text)
        try:
            amount = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(
                _("“%(value)s” is not an amount; write a number such as 1234.50.") % {"value": text}
            ) from None
        if not amount.is_finite():
            raise ValueError(_("“%(value)s” is not an amount.") % {"value": text})
        return amount

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return "" if value is None or is_hidden(value) else value


_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


class Date(widgets.Widget):
    """A day: a spreadsheet's date, 2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> datetime.date | None:
        if is_empty(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = as_text(value)
        match = _DATE.match(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                pass
        raise ValueError(_("“%(value)s” is not a date; write it as 2024-03-05.") % {"value": text})

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        if value is None or is_hidden(value):
            return ""
        return value


TRUE = frozenset({"yes", "y", "true", "1", "x", "是", "对", "有", "√"})
FALSE = frozenset({"no", "n", "false", "0", "否", "不", "无", "×"})


class Boolean(widgets.Widget):
    """Yes or no (是 / 否, true / false, 1 / 0); an empty cell takes the field's default."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool | None:
        if is_empty(value):
            return None
        if isinstance(value, bool):
            return value
        text = as_text(value).lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise ValueError(_("“%(value)s” is neither yes nor no.") % {"value": as_text(value)})

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if value is None or is_hidden(value):
            return ""
        return str(_("yes") if value else _("no"))


class Words(widgets.Widget):
    """A list of words or phrases (keywords, tags, aliases) in one cell, separated by
    semicolons or new lines."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[str]:
        return [part.strip() for part in re.split(r"[;；\n]", as_text(value)) if part.strip()]

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if not value or is_hidden(value):
            return ""
        return "; ".join(str(v) for v in value)


class Choice(widgets.Widget):
    """One of a field's choices, by its stored value or its label in English or Chinese;
    written as its label in the file's language."""

    def __init__(self, choices: Iterable[tuple[Any, Any]]) -> None:
        super().__init__()
        self.choices = [(str(value), label) for value, label in choices if value != ""]
        self._known: dict[str, str] | None = None

    def known(self) -> dict[str, str]:
        if self._known is None:
            known: dict[str, str] = {}
            for value, label in self.choices:
                known[value.lower()] = value
                for language in ("en", "zh-hans"):
                    with translation.override(language):
                        known[str(label).strip().lower()] = value
            self._known = known
        return self._known

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if is_empty(value):
            return ""
        text = as_text(value)
        found = self.known().get(text.lower())
        if found is None:
            raise ValueError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": text, "choices": "; ".join(str(label) for _v, label in self.choices)}
            )
        return found

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if value in EMPTY or is_hidden(value):
            return ""
        return str(dict(self.choices).get(str(value), value))


# Records named by their natural keys ----------------------------------------------------------

AMBIGUOUS = object()


class NaturalKey(widgets.Widget):
    """A related record named by what people know it by (a credit code, an agreement's
    number), never by its id.

    `resolve(values)` finds the records for many cells at once (one query per chunk); the
    import primes each column with the whole sheet's values before its rows are read, so
    reading a row costs no query. `render(record)` writes the record's key back. A cell
    naming no record, or several, is refused with `unknown` / `ambiguous` (messages with
    `%(value)s`).
    """

    def __init__(
        self,
        model: type[models.Model],
        *,
        resolve: Callable[[list[str]], dict[str, Any]],
        render: Callable[[Any], str],
        unknown: Callable[[], str],
        ambiguous: Callable[[], str] | None = None,
    ) -> None:
        super().__init__()
        self.model = model
        self._resolve = resolve
        self._render = render
        self._unknown = unknown
        self._ambiguous = ambiguous
        self.cache: dict[str, Any] = {}

    def prime(self, values: Iterable[Any]) -> None:
        """Find the records named by `values` at once, chunk by chunk."""
        wanted = sorted({as_text(v) for v in values if not is_empty(v)} - set(self.cache))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found = self._resolve(chunk)
            for value in chunk:
                self.cache[value] = found.get(value)

    def learn(self, record: models.Model) -> None:
        """A record this import wrote, found by the rows after it without a query."""
        self.cache[self._render(record)] = record

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if is_empty(value):
            return None
        text = as_text(value)
        if text not in self.cache:
            # Not primed (a record written by an earlier row of the same sheet): look now.
            self.cache[text] = self._resolve([text]).get(text)
        found = self.cache.get(text)
        if found is None:
            raise ValueError(self._unknown() % {"value": text})
        if found is AMBIGUOUS:
            message = self._ambiguous() if self._ambiguous else self._unknown()
            raise ValueError(message % {"value": text})
        return found

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if value is None or is_hidden(value):
            return ""
        return self._render(value)


def unique_map(records: Iterable[Any], key: Callable[[Any], Any]) -> dict[Any, Any]:
    """`records` by `key`; a key several records share maps to `AMBIGUOUS`."""
    found: dict[Any, Any] = {}
    for record in records:
        name = key(record)
        found[name] = AMBIGUOUS if name in found else record
    return found
