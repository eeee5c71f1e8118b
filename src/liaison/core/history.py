"""A record's change history as people read it: who, when, and each field from what to what.

A field whose value the reader is not cleared for reads "hidden" before and after, in every
version: the record shown to them holds `permissions.HIDDEN` there (or the caller names the
fields), and its history must not tell what its page does not.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .display import display_value, field_label
from .permissions import HIDDEN, is_hidden

if TYPE_CHECKING:
    from .models import TrackedModel

# Bookkeeping every save moves; a change of these alone says nothing to a reader.
UNTOLD_FIELDS = frozenset({"version", "updated_at", "created_at"})


@dataclasses.dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any


@dataclasses.dataclass(frozen=True)
class HistoryEntry:
    """One saved version of a record: its author, its time, what kind of save, what changed."""

    who: Any
    when: datetime.datetime
    kind: str  # "+" created, "~" changed, "-" deleted
    kind_label: str
    version: int | None
    changes: tuple[FieldChange, ...]


class _Names:
    """The records a set of changes points at, fetched in one query per related model.

    A historical row keeps a related record's id; the page names the record instead.
    """

    def __init__(self, model: type[models.Model], deltas: list[list[Any]]) -> None:
        wanted: dict[str, set[Any]] = {}
        for changes in deltas:
            for change in changes:
                field = _field(model, change.field)
                if isinstance(field, models.ForeignKey):
                    wanted.setdefault(change.field, set()).update(
                        v for v in (change.old, change.new) if v is not None
                    )
        self.records: dict[str, dict[Any, Any]] = {}
        for name, ids in wanted.items():
            related = _field(model, name).related_model
            self.records[name] = related._base_manager.in_bulk(ids)

    def shown(self, model: type[models.Model], name: str, value: Any) -> Any:
        field = _field(model, name)
        if field is None:
            return value
        if isinstance(field, models.ForeignKey):
            return None if value is None else self.records.get(name, {}).get(value, value)
        return display_value(field, value)


def _field(model: type[models.Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


@dataclasses.dataclass(frozen=True)
class _Change:
    field: str
    old: Any
    new: Any


def _changes(record: Any, before: Any) -> list[_Change]:
    """The fields `record` holds otherwise than `before`, its previous historical row.

    Every tracked field is compared, not only the editable ones simple-history's own
    `diff_against` looks at: a lifecycle step moves the status and its dates, which no form
    edits, and those are what a reader of the history most wants to see.
    """
    return [
        _Change(field.name, getattr(before, field.attname), getattr(record, field.attname))
        for field in record.tracked_fields
        if field.name not in UNTOLD_FIELDS
        and getattr(before, field.attname) != getattr(record, field.attname)
    ]


def history_entries(
    instance: TrackedModel, *, limit: int = 20, hidden: set[str] | None = None
) -> list[HistoryEntry]:
    """The newest `limit` saves of `instance`, each with what it changed from the one before.

    The fields in `hidden`, and those `instance` holds as hidden, read "hidden" throughout.
    Two queries whatever the history holds, and one more per kind of related record changed.
    """
    from django.utils.translation import gettext as _

    kinds = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
    model = type(instance)
    hidden = set(hidden or ()) | {
        field.name
        for field in model._meta.concrete_fields
        if is_hidden(instance.__dict__.get(field.attname))
    }
    records = list(
        instance.history.select_related("history_user").order_by("-history_id")[: limit + 1]
    )
    shown = records[:limit]
    deltas = [
        _changes(record, records[index + 1]) if index + 1 < len(records) else []
        for index, record in enumerate(shown)
    ]
    names = _Names(model, deltas)
    return [
        HistoryEntry(
            who=record.history_user,
            when=record.history_date,
            kind=record.history_type,
            kind_label=kinds.get(record.history_type, record.history_type),
            version=getattr(record, "version", None),
            changes=tuple(
                FieldChange(
                    field=change.field,
                    label=field_label(model, change.field),
                    old=HIDDEN
                    if change.field in hidden
                    else names.shown(model, change.field, change.old),
                    new=HIDDEN
                    if change.field in hidden
                    else names.shown(model, change.field, change.new),
                )
                for change in changes
            ),
        )
        for record, changes in zip(shown, deltas, strict=True)
    ]


def last_change(instance: TrackedModel, *, hidden: set[str] | None = None) -> HistoryEntry | None:
    """The newest save of `instance`: what an editor refused as stale is shown (the fields in
    `hidden` as "hidden")."""
    entries = history_entries(instance, limit=1, hidden=hidden)
    return entries[0] if entries else None
