"""The base of every list's table: Tabler's look, sortable headers, a link to each record.

A cell whose value the reader is not cleared for (`permissions.HIDDEN`) shows a muted "hidden"
(the table's template and the columns here) and exports as the word, never the value.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

import django_tables2 as tables
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django_tables2 import utils as tables_utils

from .display import hidden_badge, join_items
from .permissions import is_hidden

_signature = tables_utils.signature


@functools.lru_cache(maxsize=4096)
def _signature_of(function: Any, bound: bool) -> tuple[tuple[str, ...], str | None]:
    if not bound:
        return _signature(function)
    names, keywords = _signature(function)
    return names[1:], keywords  # a bound method is called without `self`


def _remembered_signature(fn: Any) -> tuple[tuple[str, ...], str | None]:
    """django-tables2's `signature`, worked out once per function instead of once per cell.

    It runs `inspect.signature` for every cell, column attribute and row of a table, which was
    a fifth of a list page's time. A bound method is remembered by its function (a new bound
    method is made for every call); a callable that cannot be hashed is not remembered.
    """
    function = getattr(fn, "__func__", None)
    try:
        if function is not None and getattr(fn, "__self__", None) is not None:
            return _signature_of(function, True)
        return _signature_of(fn, False)
    except TypeError:
        return _signature(fn)


def remember_signatures() -> None:
    tables_utils.signature = _remembered_signature


def object_url(instance: Any, action: str = "detail") -> str | None:
    """The page of `instance` for `action` (detail, edit, delete), if its app has one.

    URL names follow `<app_label>:<model_name>_<action>`, as `core.urls.object_urls` makes them.
    """
    opts = instance._meta
    try:
        return reverse(f"{opts.app_label}:{opts.model_name}_{action}", args=(instance.pk,))
    except NoReverseMatch:
        return None


def model_url(model: Any, action: str = "list") -> str | None:
    """The page of `model` for `action` (list, add, export), if its app has one."""
    opts = model._meta
    try:
        return reverse(f"{opts.app_label}:{opts.model_name}_{action}")
    except NoReverseMatch:
        return None


class ObjectLinkColumn(tables.Column):
    """A column whose cell links to the record of its row (or to the related record shown)."""

    def __init__(self, *args: Any, related: bool = False, **kwargs: Any) -> None:
        self.related = related
        super().__init__(*args, **kwargs)

    def render(self, value: Any, record: Any) -> Any:
        target = value if self.related else record
        url = object_url(target) if target is not None else None
        if url is None:
            return value
        return format_html('<a href="{}">{}</a>', url, value)

    def value(self, value: Any) -> Any:
        # Exports carry the text, not the link.
        return "" if value is None else str(value)


class RecordColumn(tables.Column):
    """The record itself, named as it names itself (`str`, in the reader's language), linked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("accessor", "pk")
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, record: Any) -> Any:
        url = object_url(record)
        if url is None:
            return str(record)
        return format_html('<a href="{}">{}</a>', url, record)

    def value(self, record: Any) -> Any:
        return str(record)


class ChoicesColumn(tables.Column):
    """A choice field shown by its label, in a badge."""

    def render(self, value: Any) -> Any:
        return format_html('<span class="badge bg-secondary-lt">{}</span>', value)

    def value(self, value: Any) -> Any:
        return str(value)


class ListColumn(tables.Column):
    """A JSON list (aliases, tags) shown comma-separated."""

    def render(self, value: Any) -> Any:
        if is_hidden(value):
            return hidden_badge()
        return join_items(value) if value else "—"

    def value(self, value: Any) -> Any:
        if is_hidden(value):
            return str(value)
        return join_items(value) if value else ""


@tables.columns.library.register
class DateColumn(tables.Column):
    """A date in the language's date format, for every table's date fields.

    django-tables2's own DateColumn compiles a template for each cell: on a 50-row list
    with two dates that was a fifth of the page's time.
    """

    @classmethod
    def from_field(cls, field: Any, **kwargs: Any) -> DateColumn | None:
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            return cls(**kwargs)
        return None

    def render(self, value: Any) -> Any:
        if is_hidden(value):
            return hidden_badge()
        # The language's one date format, as the record pages and the dashboard write dates.
        return date_format(value, "DATE_FORMAT")

    def value(self, value: Any) -> Any:
        # Exports keep the ISO date, which a spreadsheet reads as a date.
        return value.isoformat() if isinstance(value, datetime.date) else value


class ObjectTable(tables.Table):
    """Subclass per model: `class Meta(ObjectTable.Meta): model = …; fields = (…)`."""

    class Meta:
        template_name = "generic/table.html"
        attrs = {"class": "table table-vcenter card-table table-striped"}
        empty_text = ""  # the template says it, translated at render time
        orderable = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Headers are written as sentences ("Signed on"), as django-tables2 writes the ones it
        # takes from a model field; a column given a field's lower-case verbose name is too.
        # Each table holds its own copies of the columns, so this changes no other table.
        for bound in self.columns.iterall():
            if bound.column.verbose_name:
                bound.column.verbose_name = capfirst(bound.column.verbose_name)


class MoneyColumn(tables.Column):
    """An amount shown as the language writes it (1.563亿元), in the currency of its row."""

    def __init__(self, *args: Any, currency_field: str = "currency", **kwargs: Any) -> None:
        self.currency_field = currency_field
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value: Any, record: Any) -> Any:
        from .numbers import format_amount

        if is_hidden(value):
            return hidden_badge()
        return format_amount(value, getattr(record, self.currency_field, "CNY") or "CNY")

    def value(self, value: Any) -> Any:
        # Exports keep the exact amount, for sums in a spreadsheet; a hidden one, the word.
        return str(value) if is_hidden(value) else value


def simple_table(model: Any, fields: tuple[str, ...]) -> type[ObjectTable]:
    """A table of `model` with `fields`, for a related panel of another app's records.

    A first column names the record (in the reader's language) and links to it, related
    records link to theirs, choices show their
    labels and amounts are written by language; an app with its own table passes that instead.
    """
    from django.db import models as db

    attrs: dict[str, Any] = {"record": RecordColumn(verbose_name=model._meta.verbose_name)}
    for name in fields:
        field = model._meta.get_field(name)
        label = getattr(field, "verbose_name", name)
        if isinstance(field, db.ForeignKey):
            attrs[name] = ObjectLinkColumn(verbose_name=label, related=True)
        elif isinstance(field, db.DecimalField) and hasattr(model, "currency"):
            # A currency field of its own, or one it takes from its parent (a round's stake).
            attrs[name] = MoneyColumn(verbose_name=label)
        elif getattr(field, "choices", None):
            attrs[name] = ChoicesColumn(verbose_name=label)
        elif isinstance(field, db.JSONField):
            attrs[name] = ListColumn(verbose_name=label, orderable=False)
    meta = type("Meta", (ObjectTable.Meta,), {"model": model, "fields": ("record", *fields)})
    attrs["Meta"] = meta
    return type(f"{model.__name__}PanelTable", (ObjectTable,), attrs)
