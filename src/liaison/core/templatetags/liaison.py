"""Template helpers of every page: the menu, record links, amounts and numbers by language.

An amount or number the reader is not cleared for (`permissions.HIDDEN`) is shown as a muted
"hidden", never as zero or blank.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms import BoundField

from liaison.core.display import hidden_badge, join_items
from liaison.core.navigation import menu_for
from liaison.core.numbers import format_amount, format_number
from liaison.core.permissions import is_hidden as _is_hidden
from liaison.core.tables import object_url as _object_url

register = template.Library()


@register.simple_tag(takes_context=True)
def navigation_menu(context: template.Context) -> list[dict[str, Any]]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return []
    return menu_for(request)


@register.filter
def money(value: Any, currency: str = "CNY") -> str:
    """{{ amount|money }} or {{ amount|money:round.currency }}: 1.563亿元 / CNY 156.3 million."""
    if _is_hidden(value):
        return hidden_badge()
    return format_amount(value, currency)


@register.filter
def enumeration(value: Any) -> str:
    """A list written as the language enumerates: "a, b" or "甲、乙"."""
    return join_items(value or ())


@register.filter
def number(value: Any, places: int = 0) -> str:
    if _is_hidden(value):
        return hidden_badge()
    return format_number(value, places)


@register.filter
def is_hidden(value: Any) -> bool:
    """Whether `value` is one the reader is not cleared for: show `{% hidden_value %}` instead."""
    return _is_hidden(value)


@register.simple_tag
def hidden_value() -> str:
    """A value the reader is not cleared for: the word "hidden", muted."""
    return hidden_badge()


@register.filter
def object_url(value: Any, action: str = "detail") -> str:
    """The page of a record, or "" when its app has none (then templates show plain text)."""
    if value is None or not hasattr(value, "_meta"):
        return ""
    return _object_url(value, action) or ""


@register.filter
def is_record(value: Any) -> bool:
    return hasattr(value, "_meta") and hasattr(value, "pk")


def _widget_class(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        name = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple) and not isinstance(
        widget, forms.CheckboxSelectMultiple | forms.RadioSelect
    ):
        name = "form-select"
    elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        name = ""
    else:
        name = "form-control"
    if field.errors:
        name += " is-invalid"
    return name.strip()


@register.filter
def styled(field: BoundField) -> Any:
    """The field's widget with Tabler's classes; Django adds the aria attributes."""
    attrs: dict[str, Any] = {}
    css = _widget_class(field)
    if css:
        attrs["class"] = " ".join(filter(None, [field.field.widget.attrs.get("class", ""), css]))
    if field.errors:
        attrs["aria-invalid"] = "true"
        described = [f"{field.auto_id}_error"]
        if field.help_text:
            described.append(f"{field.auto_id}_helptext")
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)
