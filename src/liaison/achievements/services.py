"""Writes to achievements: creation, and the dated history of their commercialization stage."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core import permissions, writes
from liaison.core.lifecycle import FieldErrors, check_not_in_future, save_changes, status_label
from liaison.core.writes import create_record, delete_record, update_record

from .choices import STAGE_MOVES, Stage, stages_before
from .models import Achievement, StageEntry

if TYPE_CHECKING:
    from liaison.accounts.models import User


@transaction.atomic
def achievement_create(*, by: User | None, **fields: Any) -> Achievement:
    """Record a new achievement with its owning organizations and its inventors."""
    return create_record(Achievement, by=by, **fields)


@transaction.atomic
def achievement_record_stage(
    *,
    achievement: Achievement,
    stage: str,
    reached_on: datetime.date,
    evidence: str = "",
    going_back: bool = False,
    by: User | None,
) -> StageEntry:
    """Record that an achievement reached `stage` on `reached_on`, and make it its current stage.

    A stage before the current one is refused unless `going_back` says it really went back
    (a trial stopped): a slip of the choice would otherwise move it back silently.
    """
    latest = achievement.stage_history.order_by("-reached_on", "-id").first()
    errors = FieldErrors()
    # An unknown stage is the model's to refuse. The first entry records where the
    # achievement is; each later one is a move, which `STAGE_MOVES` must allow.
    known = stage in Stage.values
    if known and latest is not None and not STAGE_MOVES.allows(achievement.stage, stage):
        errors.add(
            "stage",
            _("This achievement is already at the stage “%(stage)s” (since %(date)s)."),
            code="already_at_stage",
            params={
                "stage": achievement.get_stage_display(),
                "date": latest.reached_on.isoformat(),
            },
        )
    elif known and stage in stages_before(achievement.stage) and not going_back:
        errors.add(
            "stage",
            _(
                "“%(stage)s” comes before the current stage, “%(current)s”. Tick “It went back "
                "to an earlier stage” if it really did."
            ),
            code="stage_backwards",
            params={
                "stage": status_label(achievement, stage, "stage"),
                "current": achievement.get_stage_display(),
            },
        )
    if latest is not None and reached_on < latest.reached_on:
        errors.add(
            "reached_on",
            _(
                "An achievement's stage history cannot go back in time: its latest stage, "
                "“%(stage)s”, was reached on %(date)s."
            ),
            code="before_latest_stage",
            params={
                "stage": status_label(latest, latest.stage, "stage"),
                "date": latest.reached_on.isoformat(),
            },
        )
    check_not_in_future(errors, "reached_on", reached_on)
    entry = StageEntry(
        achievement=achievement, stage=stage, reached_on=reached_on, evidence=evidence
    )
    save_changes(entry, by=by, errors=errors)
    save_changes(achievement, by=by, stage=stage, stage_since=reached_on)
    return entry


@transaction.atomic
def achievement_update(
    *, achievement: Achievement, by: User | None, version: int | None = None, **fields: Any
) -> Achievement:
    """Change an achievement's fields, owners and inventors; refused if saved by someone since."""
    return update_record(achievement, by=by, version=version, **fields)


@transaction.atomic
def achievement_delete(
    *, achievement: Achievement, by: User | None, version: int | None = None
) -> None:
    """Delete an achievement entered by mistake, before its way to market has a history."""
    refusal = None
    if achievement.stage_history.count() > 1:
        refusal = _(
            "This achievement has a history of the stages it reached, so it keeps its record: "
            "correct its fields, or record the stage it went back to, instead."
        )
    elif achievement.financing_rounds.exists():
        # The rounds would lose it, and a round raised for it alone would belong to nothing.
        refusal = _("Financing rounds were raised for this achievement, so it keeps its record.")
    delete_record(achievement, by=by, version=version, refusal=refusal)


writes.register(
    Achievement, create=achievement_create, update=achievement_update, delete=achievement_delete
)

permissions.scoped(Achievement, organization="owners", center="center", own="inventors__user")
permissions.scoped(
    StageEntry,
    organization="achievement__owners",
    center="achievement__center",
    own="achievement__inventors__user",
)
