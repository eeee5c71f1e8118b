"""The base of every list's filters: a search box over named fields, and filters that fit JSON lists."""

from __future__ import annotations

import json
import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any

import django_filters
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from . import permissions, textsearch


def json_list_has(field: str, value: str) -> Q:
    """Rows whose JSON list `field` holds `value` as one of its items.

    PostgreSQL answers with jsonb containment; SQLite stores the list as JSON text with
    non-ASCII escaped, so the item is looked for as it is written there, quotes included.
    """
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    return Q(**{f"{field}__icontains": json.dumps(value)})


def json_text_contains(field: str, value: str) -> Q:
    """Rows whose JSON `field` holds `value` anywhere in its text (aliases searched by part)."""
    return textsearch.json_text_holds(field, value)


def _through_relation(model: type[models.Model] | None, field: str) -> tuple[str, Any] | None:
    """For `organization__name_zh` on a model with a foreign key `organization`: the key's
    name and the model it points to; None for the model's own fields and other paths."""
    if model is None or "__" not in field:
        return None
    relation = field.split("__", 1)[0]
    try:
        key = model._meta.get_field(relation)
    except FieldDoesNotExist:
        return None
    if not (key.many_to_one or key.one_to_one) or key.auto_created:
        return None
    return relation, key.related_model


@dataclass(frozen=True)
class SearchParts:
    """A search over several fields: what each field is looked for with (`holds`, one per
    field, to be gated by what the reader may read of it), and, on PostgreSQL, what the
    fields' search indexes answer for all of them (`indexed`), to be added to their OR."""

    holds: list[Q]
    indexed: Q | None

    def combine(self, holds: list[Q]) -> Q:
        """`holds` (these fields' conditions, perhaps gated) OR-ed, and the indexes' answer."""
        found = reduce(operator.or_, holds, Q())
        return found & self.indexed if self.indexed is not None else found


# The most records pointed to (organizations whose name holds the value) a search lists by key.
MOST_RELATED = 1000


def search_parts(
    fields: tuple[str, ...],
    value: str,
    *,
    model: type[models.Model] | None = None,
    whole_lists: bool = True,
) -> SearchParts:
    """The parts of a search for `value` in `fields` of `model` (see core.textsearch).

    A name ending `__json` is a JSON field's text. On PostgreSQL, a field of a record pointed
    to (`organization__name_zh`) is looked for in that record's table, by its own index, and
    the key compared with the records found: a join would read every row of both tables.

    `whole_lists`: the search reads every record found (a list's count), so the indexes are
    not asked for a term most records hold, and the records pointed to are listed by key
    first. Otherwise (the global search, which ranks at most some hundreds of records per
    word) the key is compared with a subquery, in the same query.
    """
    holds: list[Q] = []
    pairs: list[Q | None] = []
    for field in fields:
        through = _through_relation(model, field) if textsearch.indexed() else None
        if through is not None:
            relation, target = through
            found = target._base_manager.filter(
                search_query((field.split("__", 1)[1],), value, model=target)
            )
            if not whole_lists:
                condition = Q(**{f"{relation}__in_array": found.order_by().values("pk")})
                holds.append(condition)
                pairs.append(condition)
                continue
            # Read first by their own index, as values: the planner weighs the key's index by
            # them (an array computed while running would be guessed at, and a nested loop
            # chosen over thousands).
            keys = list(found.order_by().values_list("pk", flat=True)[: MOST_RELATED + 1])
            if len(keys) > MOST_RELATED:
                # Held by too many of them to list: looked for through the join, as on SQLite.
                holds.append(textsearch.text_holds(field, value))
                pairs.append(None)
                continue
            condition = Q(**{f"{relation}__in": keys})
            holds.append(condition)
            pairs.append(condition)
        elif field.endswith("__json"):
            name = field.removesuffix("__json")
            holds.append(json_text_contains(name, value))
            pairs.append(_pairs(model, name, value, json_text=True, unless_common=whole_lists))
        else:
            holds.append(textsearch.text_holds(field, value))
            pairs.append(_pairs(model, field, value, json_text=False, unless_common=whole_lists))
    indexed = None
    if pairs and all(p is not None for p in pairs):
        indexed = reduce(operator.or_, (p for p in pairs if p is not None))
    return SearchParts(holds=holds, indexed=indexed)


def _pairs(
    model: type[models.Model] | None,
    field: str,
    value: str,
    *,
    json_text: bool,
    unless_common: bool,
) -> Q | None:
    if model is None:
        return None
    return textsearch.pairs_of(
        model, field, value, json_text=json_text, unless_common=unless_common
    )


def search_query(
    fields: tuple[str, ...], value: str, *, model: type[models.Model] | None = None
) -> Q:
    """Rows where any of `fields` contains `value`; a name ending `__json` is a JSON field's text.

    With `model` given, PostgreSQL's search indexes answer it (see `search_parts`).
    """
    parts = search_parts(fields, value, model=model)
    return parts.combine(parts.holds)


class YesNoAny(django_filters.widgets.BooleanWidget):
    """A yes/no filter whose empty choice reads "Any" instead of django-filter's "Unknown"."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = (("", _("Any")), ("true", _("Yes")), ("false", _("No")))


class RecordFilter(django_filters.ModelChoiceFilter):
    """Rows that point at one record (an organization's agreements), chosen with a search box.

    `?organization=<pk>` is what a related panel's "See all" link sends; the form shows that
    record's name, and finds another by typing (`RecordSelect`), never listing them all.
    """

    def __init__(
        self, *, model: type[models.Model], search_fields: tuple[str, ...], **kwargs: Any
    ) -> None:
        from .forms import RecordSelect

        kwargs.setdefault("queryset", model._default_manager.all())
        kwargs.setdefault("widget", RecordSelect(model, search_fields))
        super().__init__(**kwargs)


RANGE_ENDS = (_("%(filter)s, from"), _("%(filter)s, to"))


def _name_range_inputs(form: Any) -> None:
    """Name each input of a range filter ("Signed between, from"): its one label names neither."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, django_filters.widgets.RangeWidget):
            for subwidget, end in zip(widget.widgets, RANGE_ENDS, strict=True):
                subwidget.attrs["aria-label"] = end % {"filter": field.label}


# The largest value of a 64-bit integer column, the widest a filter compares with.
LARGEST_NUMBER = 2**63 - 1


class ObjectFilterSet(django_filters.FilterSet):
    """Subclass per model; `search_fields` are what the search box (`q`) looks in.

    A name ending in `__json` is a JSON field searched in its text (aliases, tags). Filters
    choosing among records (`RecordFilter`, `ModelChoiceFilter`) offer only what `user` may see.
    """

    search_fields: tuple[str, ...] = ()

    q = django_filters.CharFilter(method="search", label=_("Search"))

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for name, filter in self.filters.items():
            if isinstance(filter, django_filters.NumberFilter):
                # A number no column holds is refused as invalid, not sent to the database,
                # which fails on it (SQLite: "Python int too large") for a record's id.
                filter.extra.setdefault("min_value", -LARGEST_NUMBER)
                filter.extra.setdefault("max_value", LARGEST_NUMBER)
            queryset = getattr(filter, "queryset", None)
            if isinstance(queryset, QuerySet) and hasattr(queryset, "restrict"):
                self.filters[name].queryset = queryset.restrict(user, "view")

    @property
    def form(self) -> Any:
        made = hasattr(self, "_form")
        form = super().form
        if not made:
            _name_range_inputs(form)
        return form

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        parts = search_parts(self.search_fields, value, model=queryset.model)
        gated = []
        for field, holds in zip(self.search_fields, parts.holds, strict=True):
            # A text hidden from the user (a confidential need's description) finds nothing.
            where = permissions.readable(queryset.model, field.removesuffix("__json"), self.user)
            gated.append(holds if where is None else holds & where)
        found = parts.combine(gated)
        return queryset.filter(found)
