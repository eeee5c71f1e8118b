"""Columns the kinds of the institute's work share beyond the framework's: several records named
in one cell (an achievement's owners), records named by what tells them apart when no single
field does (a need by its title and its organization), and the resource behaviour they need.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from liaison.core.permissions import is_hidden

from . import widgets as cells
from .resources import KindResource

_SEPARATORS = re.compile(r"[;；\n]")
# "title (key)": the last bracketed part is the key, whatever brackets the title holds.
_WITHIN = re.compile(r"^(.*\S)\s*[(（]\s*([^()（）]+?)\s*[)）]\s*$")


def parts(value: Any) -> list[str]:
    """The names in one cell, separated by semicolons or new lines."""
    return [part.strip() for part in _SEPARATORS.split(cells.as_text(value)) if part.strip()]


def split_within(value: str) -> tuple[str, str]:
    """A cell naming a record within another as (its own name, the other's key)."""
    match = _WITHIN.match(value)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    return value.strip(), ""


def by_render(
    records: Iterable[Any], render: Callable[[Any], str], values: Iterable[str]
) -> dict[str, Any]:
    """Those of `values` that `records` render to (`AMBIGUOUS` where several do)."""
    wanted = set(values)
    found = cells.unique_map(records, render)
    return {value: record for value, record in found.items() if value in wanted}


class ManyKeys(cells.NaturalKey):
    """Several records in one cell, each by its natural key, separated by semicolons."""

    def __init__(self, one: cells.NaturalKey) -> None:
        super().__init__(
            one.model,
            resolve=one._resolve,
            render=one._render,
            unknown=one._unknown,
            ambiguous=one._ambiguous,
        )

    def prime(self, values: Iterable[Any]) -> None:
        super().prime(part for value in values for part in parts(value))

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[Any]:
        records: list[Any] = []
        problems: list[str] = []
        for part in parts(value):
            try:
                records.append(super().clean(part, row, **kwargs))
            except ValueError as error:
                problems.append(str(error))
        if problems:
            raise ValueError(" ".join(problems))
        return records

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if value is None or is_hidden(value):
            return ""
        records = value.all() if hasattr(value, "all") else value
        return "; ".join(self._render(record) for record in records)


class KindsResource(KindResource):
    """A kind's resource with what the institute's work adds to the framework's:

    - `step_columns`: columns the lifecycle walk reads beyond its steps' `needs` (a reason, a
      satisfaction), so they are not set as the record's own fields;
    - `optional_keys`: natural-key columns that may be empty (a fee without a fee year);
    - many-to-many columns compared as sets of records, so an unchanged row is left alone.
    """

    step_columns: ClassVar[tuple[str, ...]] = ()
    optional_keys: ClassVar[tuple[str, ...]] = ()

    def writable(self) -> set[str]:
        return super().writable() - set(self.step_columns)

    def get_instance(self, instance_loader: Any, row: Any) -> Any:
        # django-import-export finds no record for a row without every key column; an
        # optional one (an empty target of a candidate) may be left out of the file.
        if self.optional_keys:
            return instance_loader.get_instance(row)
        return super().get_instance(instance_loader, row)

    def required_columns(self) -> list[str]:
        return [c for c in super().required_columns() if c not in self.optional_keys]

    def many(self) -> set[str]:
        return {f.name for f in self._meta.model._meta.many_to_many}

    def key_of(self, row: Mapping[str, Any]) -> Any:
        if not self.optional_keys:
            return super().key_of(row)
        key: list[Any] = []
        for name in self.get_import_id_fields():
            field = self.fields[name]
            if field.column_name not in row:
                if name in self.optional_keys:
                    key.append(None)
                    continue
                return None
            try:
                value = field.clean(row)
            except (ValueError, ValidationError):
                return None
            if cells.is_empty(value):
                if name not in self.optional_keys:
                    return None
                value = None
            key.append(getattr(value, "pk", value))
        return tuple(key)

    def skip_row(
        self, instance: Any, original: Any, row: Any, import_validation_errors: Any = None
    ) -> bool:
        skipped = super().skip_row(instance, original, row, import_validation_errors)
        if skipped or import_validation_errors or instance.pk is None:
            return skipped
        for name in self.many() & set(self._changes):
            wanted = {getattr(r, "pk", r) for r in self._changes[name] or ()}
            stored = set(getattr(instance, name).values_list("pk", flat=True))
            if wanted == stored:
                del self._changes[name]
        if self._changes:
            return False
        return not (self.lifecycle and self.lifecycle.has_work(instance, self._values))

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        queryset = super().export_queryset(user)
        many = [
            field.attribute for field in self.get_export_fields() if field.attribute in self.many()
        ]
        return queryset.prefetch_related(*many) if many else queryset


class ChoiceList(cells.Choice):
    """Several of a list's choices in one cell (a need's domains), by value or label in either
    language, separated by semicolons; written as labels in the file's language."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[str]:  # type: ignore[override]
        found: list[str] = []
        problems: list[str] = []
        for part in parts(value):
            try:
                found.append(super().clean(part, row, **kwargs))
            except ValueError as error:
                problems.append(str(error))
        if problems:
            raise ValueError(" ".join(problems))
        return found

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if not value or is_hidden(value):
            return ""
        return "; ".join(super(ChoiceList, self).render(v, obj, **kwargs) for v in value)
