"""A field's value as a page shows it: choice labels, yes/no, lists joined, dates localized.

A value the reader is not cleared for stays `permissions.HIDDEN`, which pages show as a muted
"hidden" (`hidden_badge`) and exports as the word, never as zero or blank.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .numbers import format_amount
from .permissions import HIDDEN, is_hidden


def hidden_badge() -> SafeString:
    """A value the reader is not cleared for, as a page shows it: the word "hidden", muted."""
    return format_html(
        '<span class="badge bg-secondary-lt text-secondary liaison-hidden" title="{}">{}</span>',
        _("Confidential: not shown to your role"),
        HIDDEN,
    )


def join_items(items: Any) -> str:
    """Items of an enumeration joined as the language writes them: "a, b" or "甲、乙"."""
    return pgettext("between the items of an enumeration", ", ").join(str(i) for i in items)


def display_value(field: models.Field[Any, Any] | Any, value: Any) -> Any:
    """`value` of `field` in the words a reader expects; templates localize dates and numbers."""
    if is_hidden(value):
        return value
    if value is None or value == "":
        return ""
    choices = getattr(field, "flatchoices", None)
    if choices:
        return dict(choices).get(value, value)
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return join_items(value)
    return value


def field_value(instance: models.Model, name: str) -> Any:
    """The value of `instance`'s field `name` for display (a related record stays a record)."""
    field = instance._meta.get_field(name)
    if field.is_relation and (field.many_to_one or field.one_to_one):
        return getattr(instance, name)
    value = getattr(instance, name)
    if is_hidden(value):
        return value
    currency = getattr(instance, "currency", None)
    if isinstance(field, models.DecimalField) and isinstance(currency, str) and value is not None:
        # An amount beside its currency is read as the language writes money: 1.563亿元.
        return format_amount(value, currency)
    return display_value(field, value)


def field_label(model: type[models.Model], name: str) -> str:
    """The field's name as a heading: its verbose name, capitalised."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(capfirst(getattr(field, "verbose_name", name)))
