"""A record's change history as people read it: who, when, and each field from what to what."""

from __future__ import annotations

import dataclasses
import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .display import display_value, field_label

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


def _shown(model: type[models.Model], name: str, value: Any) -> Any:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return value
    if isinstance(field, models.ForeignKey):
        # The historical row keeps the related record's id; a name costs a query per
        # change, which a panel of a few entries affords.
        if value is None:
            return None
        related = field.related_model._base_manager.filter(pk=value).first()  # type: ignore[union-attr]
        return related if related is not None else value
    return display_value(field, value)


def changes_between(
    model: type[models.Model], newer: Any, older: Any | None
) -> tuple[FieldChange, ...]:
    if older is None:
        return ()
    delta = newer.diff_against(older)
    return tuple(
        FieldChange(
            field=change.field,
            label=field_label(model, change.field),
            old=_shown(model, change.field, change.old),
            new=_shown(model, change.field, change.new),
        )
        for change in delta.changes
        if change.field not in UNTOLD_FIELDS
    )


def history_entries(instance: TrackedModel, *, limit: int = 20) -> list[HistoryEntry]:
    """The newest `limit` saves of `instance`, each with what it changed from the one before."""
    from django.utils.translation import gettext as _

    kinds = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
    model = type(instance)
    records = list(
        instance.history.select_related("history_user").order_by("-history_id")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        older = records[index + 1] if index + 1 < len(records) else None
        entries.append(
            HistoryEntry(
                who=record.history_user,
                when=record.history_date,
                kind=record.history_type,
                kind_label=kinds.get(record.history_type, record.history_type),
                version=getattr(record, "version", None),
                changes=changes_between(model, record, older),
            )
        )
    return entries


def last_change(instance: TrackedModel) -> HistoryEntry | None:
    """The newest save of `instance`: what an editor refused as stale is shown."""
    entries = history_entries(instance, limit=1)
    return entries[0] if entries else None
