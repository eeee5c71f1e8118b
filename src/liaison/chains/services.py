"""Writes to industry chains, their segments and the records placed on them.

A placement puts exactly one record (an organization, a technical need, an achievement, a
center, an agreement or an expert) on a segment, once. Placed by hand or by import it is
accepted at once; suggested by the matching engine it waits for a person to accept or reject
it (`PLACEMENT_MOVES`), who is recorded with the time. A rejected suggestion is kept, so the
engine does not suggest the same record for the same segment again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.achievements.models import Achievement
from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.core import permissions, writes
from liaison.core.lifecycle import FieldErrors, refuse_unmanaged_fields, save_changes
from liaison.core.validators import normalize_credit_code
from liaison.core.writes import create_record, delete_record, update_record
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import (
    PLACED_FIELDS,
    PLACEMENT_MOVES,
    PlacedKind,
    PlacementSource,
    PlacementStatus,
)
from .models import ChainSegment, IndustryChain, SegmentPlacement

if TYPE_CHECKING:
    from liaison.accounts.models import User

# The model of the record each kind places.
PLACED_MODELS: dict[str, type[models.Model]] = {
    PlacedKind.ORGANIZATION: Organization,
    PlacedKind.NEED: TechnicalNeed,
    PlacedKind.ACHIEVEMENT: Achievement,
    PlacedKind.CENTER: Center,
    PlacedKind.AGREEMENT: Agreement,
    PlacedKind.PERSON: Person,
}


def kind_of(record: models.Model) -> str:
    """The placement kind of `record` (its model's), refused for a model that is not placed."""
    for kind, model in PLACED_MODELS.items():
        if isinstance(record, model):
            return kind
    raise TypeError(f"{type(record).__name__} records are not placed on industry chains")


# Chains and segments ----------------------------------------------------------------------


@transaction.atomic
def chain_create(*, by: User | None, **fields: Any) -> IndustryChain:
    """Add an industry chain of the region."""
    return create_record(IndustryChain, by=by, **fields)


@transaction.atomic
def chain_update(
    *, industrychain: IndustryChain, by: User | None, version: int | None = None, **fields: Any
) -> IndustryChain:
    return update_record(industrychain, by=by, version=version, **fields)


@transaction.atomic
def chain_delete(
    *, industrychain: IndustryChain, by: User | None, version: int | None = None
) -> None:
    """Delete a chain entered by mistake; one with segments keeps them (make it inactive)."""
    refusal = None
    if industrychain.segments.exists():
        refusal = _(
            "This chain has segments, so it keeps its record: make it inactive instead, or "
            "delete its segments first."
        )
    delete_record(industrychain, by=by, version=version, refusal=refusal)


@transaction.atomic
def segment_create(*, by: User | None, **fields: Any) -> ChainSegment:
    """Add a segment to a chain."""
    return create_record(ChainSegment, by=by, **fields)


@transaction.atomic
def segment_update(
    *, chainsegment: ChainSegment, by: User | None, version: int | None = None, **fields: Any
) -> ChainSegment:
    return update_record(chainsegment, by=by, version=version, **fields)


@transaction.atomic
def segment_delete(
    *, chainsegment: ChainSegment, by: User | None, version: int | None = None
) -> None:
    """Delete a segment with nothing placed on it (a segment's placements are protected)."""
    delete_record(chainsegment, by=by, version=version)


# Placements -------------------------------------------------------------------------------


def _placed(values: Mapping[str, Any]) -> list[str]:
    """The record fields of a placement that name a record."""
    return [name for name in PLACED_FIELDS if values.get(name) is not None]


def _check_placement(
    errors: FieldErrors, values: Mapping[str, Any], *, pk: int | None = None
) -> str | None:
    """The rules of a placement on its values as they will be saved; its kind, if it has one."""
    filled = _placed(values)
    if len(filled) != 1:
        errors.add(
            filled[1] if len(filled) > 1 else None,
            _(
                "A placement puts exactly one record on a segment: an organization, a "
                "technical need, an achievement, a center, an agreement or an expert."
            ),
            code="one_record",
        )
        return None
    kind = filled[0]
    segment = values.get("segment")
    if segment is not None:
        twins = SegmentPlacement.objects.filter(segment=segment, **{kind: values[kind]})
        if pk is not None:
            twins = twins.exclude(pk=pk)
        twin = twins.only("status").first()
        if twin is not None:
            errors.add(
                kind,
                _("“%(record)s” is already on the segment “%(segment)s” (%(status)s).")
                if twin.status != PlacementStatus.REJECTED
                else _(
                    "“%(record)s” was suggested for the segment “%(segment)s” and rejected; "
                    "delete that rejection to place it after all."
                ),
                code="already_placed",
                params={
                    "record": str(values[kind]),
                    "segment": str(segment),
                    "status": twin.get_status_display(),
                },
            )
    return kind


@transaction.atomic
def placement_create(
    *,
    by: User | None,
    segment: ChainSegment,
    source: str = PlacementSource.BY_HAND,
    score: float | None = None,
    explanation: Mapping[str, Any] | None = None,
    **fields: Any,
) -> SegmentPlacement:
    """Place one record on `segment`: accepted at once by hand or by import, waiting for a
    person's decision when the matching engine suggested it."""
    fields = {name: value for name, value in fields.items() if value is not None or name == "note"}
    errors = FieldErrors()
    kind = _check_placement(errors, {"segment": segment, **fields})
    errors.raise_any()
    assert kind is not None  # refused above otherwise
    refuse_unmanaged_fields(SegmentPlacement, fields)
    suggested = source == PlacementSource.SUGGESTED
    decided = {} if suggested else {"decided_by": by, "decided_at": timezone.now()}
    placement = SegmentPlacement(
        kind=kind,
        source=source,
        status=PlacementStatus.SUGGESTED if suggested else PlacementStatus.ACCEPTED,
        score=score,
        explanation=dict(explanation or {}),
        **decided,
    )
    return save_changes(placement, by=by, segment=segment, **fields)


@transaction.atomic
def placement_update(
    *,
    segmentplacement: SegmentPlacement,
    by: User | None,
    version: int | None = None,
    **fields: Any,
) -> SegmentPlacement:
    """Correct a placement's segment, record or note; the same rules hold."""
    values: dict[str, Any] = {
        name: getattr(segmentplacement, name) for name in ("segment", *PLACED_FIELDS)
    }
    values.update(fields)
    errors = FieldErrors()
    kind = _check_placement(errors, values, pk=segmentplacement.pk)
    errors.raise_any()
    cleared = {name: None for name in PLACED_FIELDS if name not in fields and name != kind}
    # The kind follows the record field filled; it is the service's to keep, not the caller's.
    segmentplacement.kind = kind or segmentplacement.kind
    return update_record(segmentplacement, by=by, version=version, **{**cleared, **fields})


@transaction.atomic
def placement_delete(
    *, segmentplacement: SegmentPlacement, by: User | None, version: int | None = None
) -> None:
    """Take a record off a segment (a rejected suggestion deleted may be suggested again)."""
    delete_record(segmentplacement, by=by, version=version)


def _decide(
    placement: SegmentPlacement, wanted: str, *, by: User | None, note: str
) -> SegmentPlacement:
    PLACEMENT_MOVES.require(placement, wanted)
    changes: dict[str, Any] = {"status": wanted, "decided_by": by, "decided_at": timezone.now()}
    if note:
        changes["note"] = note
    return save_changes(placement, by=by, **changes)


@transaction.atomic
def placement_accept(
    *, placement: SegmentPlacement, by: User | None, note: str = ""
) -> SegmentPlacement:
    """A person agrees with the engine: the suggested record belongs on the segment."""
    return _decide(placement, PlacementStatus.ACCEPTED, by=by, note=note)


@transaction.atomic
def placement_reject(
    *, placement: SegmentPlacement, by: User | None, note: str = ""
) -> SegmentPlacement:
    """A person disagrees with the engine: the record is not suggested for the segment again."""
    return _decide(placement, PlacementStatus.REJECTED, by=by, note=note)


@transaction.atomic
def place(
    *,
    segment: ChainSegment,
    record: models.Model,
    by: User | None,
    source: str = PlacementSource.BY_HAND,
    score: float | None = None,
    explanation: Mapping[str, Any] | None = None,
    note: str = "",
) -> SegmentPlacement:
    """Place `record`, whatever its kind, on `segment` (see `placement_create`)."""
    return placement_create(
        by=by,
        segment=segment,
        source=source,
        score=score,
        explanation=explanation,
        note=note,
        **{kind_of(record): record},
    )


def suggest(
    *,
    segment: ChainSegment,
    record: models.Model,
    score: float,
    explanation: Mapping[str, Any],
    by: User | None,
) -> SegmentPlacement | None:
    """The matching engine's suggestion of `record` for `segment`, waiting for a person; None
    when the record is on the segment already, or was suggested there before (and rejected)."""
    if SegmentPlacement.objects.filter(segment=segment, **{kind_of(record): record}).exists():
        return None
    return place(
        segment=segment,
        record=record,
        by=by,
        source=PlacementSource.SUGGESTED,
        score=score,
        explanation=explanation,
    )


# Placing by import ------------------------------------------------------------------------

# The record types an import file may name, in the office's words too.
KIND_ALIASES: dict[str, str] = {
    **{kind: kind for kind in PlacedKind.values},
    "expert": PlacedKind.PERSON,
    "enterprise": PlacedKind.ORGANIZATION,
    "机构": PlacedKind.ORGANIZATION,
    "企业": PlacedKind.ORGANIZATION,
    "需求": PlacedKind.NEED,
    "成果": PlacedKind.ACHIEVEMENT,
    "中心": PlacedKind.CENTER,
    "协议": PlacedKind.AGREEMENT,
    "专家": PlacedKind.PERSON,
}

# How a record of each kind is named in an import file: the fields tried in turn (the first
# that names exactly one record wins), then the record's id.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    PlacedKind.ORGANIZATION: ("credit_code", "name_zh", "name_en"),
    PlacedKind.NEED: ("title",),
    PlacedKind.ACHIEVEMENT: ("patent_number", "title_zh", "title_en"),
    PlacedKind.CENTER: ("name_zh", "name_en"),
    PlacedKind.AGREEMENT: ("number",),
    PlacedKind.PERSON: ("email", "name_zh", "name_en"),
}
COLUMNS = ("chain", "segment", "record_type", "key")


@dataclasses.dataclass(frozen=True)
class RowError:
    """Why one row of an import file cannot be placed: its row number, column and reason."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclasses.dataclass(frozen=True)
class ImportOutcome:
    placed: int
    errors: list[RowError]
    dry_run: bool

    @property
    def written(self) -> bool:
        return not self.errors and not self.dry_run


def resolve(kind: str, key: str) -> models.Model:
    """The record of `kind` that `key` names (see `NATURAL_KEYS`), or a ValidationError."""
    model = PLACED_MODELS[kind]
    key = key.strip()
    manager = model._default_manager
    for field in NATURAL_KEYS[kind]:
        value = normalize_credit_code(key) if field == "credit_code" else key
        found = list(manager.filter(**{field: value})[:2])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValidationError(
                _("“%(key)s” names more than one %(model)s; give its id instead."),
                code="ambiguous",
                params={"key": key, "model": model._meta.verbose_name},
            )
    pk = key.lstrip("#")
    if pk.isdigit():
        record = manager.filter(pk=int(pk)).first()
        if record is not None:
            return record
    raise ValidationError(
        _("No %(model)s is named “%(key)s” (by %(fields)s or id)."),
        code="not_found",
        params={
            "key": key,
            "model": model._meta.verbose_name,
            "fields": ", ".join(NATURAL_KEYS[kind]),
        },
    )


def _segment_of(row: Mapping[str, str]) -> ChainSegment:
    code = (row.get("segment") or "").strip()
    chain = (row.get("chain") or "").strip()
    segments = ChainSegment.objects.filter(code=code)
    if chain:
        segments = segments.filter(chain__code=chain)
    found = list(segments[:2])
    if len(found) == 1:
        return found[0]
    if found:
        raise ValidationError(
            _("Several chains have a segment “%(code)s”: name the chain in the chain column."),
            code="ambiguous_segment",
            params={"code": code},
        )
    raise ValidationError(
        _("No segment has the code “%(code)s”%(chain)s."),
        code="unknown_segment",
        params={"code": code, "chain": f" ({chain})" if chain else ""},
    )


def _message(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def placements_import(
    *, rows: Iterable[Mapping[str, str]], by: User | None, dry_run: bool = False
) -> ImportOutcome:
    """Place the records the rows of an import file name (accepted: a person chose them).

    All or nothing: every row is tried through `place`, each error is reported with its row
    (the file's, the header being row 1) and column, and nothing is written if any row fails
    or on a dry run.
    """
    errors: list[RowError] = []
    placed = 0
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):
            if not any((value or "").strip() for value in row.values()):
                continue
            try:
                segment = _segment_of(row)
            except ValidationError as error:
                errors.append(RowError(number, "segment", _message(error)))
                continue
            kind = KIND_ALIASES.get((row.get("record_type") or "").strip().lower())
            if kind is None:
                errors.append(
                    RowError(
                        number,
                        "record_type",
                        _("“%(value)s” is not a record type; one of: %(types)s.")
                        % {
                            "value": row.get("record_type") or "",
                            "types": ", ".join(PlacedKind.values),
                        },
                    )
                )
                continue
            try:
                record = resolve(kind, row.get("key") or "")
            except ValidationError as error:
                errors.append(RowError(number, "key", _message(error)))
                continue
            try:
                with transaction.atomic():
                    place(segment=segment, record=record, by=by, source=PlacementSource.IMPORT)
            except ValidationError as error:
                messages = (
                    [m for ms in error.message_dict.values() for m in ms]
                    if hasattr(error, "error_dict")
                    else error.messages
                )
                errors.append(RowError(number, "key", " ".join(messages)))
                continue
            placed += 1
        if errors or dry_run:
            transaction.set_rollback(True)
    return ImportOutcome(placed=placed, errors=errors, dry_run=dry_run)


writes.register(IndustryChain, create=chain_create, update=chain_update, delete=chain_delete)
writes.register(ChainSegment, create=segment_create, update=segment_update, delete=segment_delete)
writes.register(
    SegmentPlacement, create=placement_create, update=placement_update, delete=placement_delete
)

permissions.scoped(IndustryChain)
permissions.scoped(ChainSegment)
permissions.scoped(SegmentPlacement, organization="organization", center="center")
