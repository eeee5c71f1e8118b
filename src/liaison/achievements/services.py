"""Writes to achievements: creation, and the dated history of their commercialization stage."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core.lifecycle import (
    FieldErrors,
    check_not_in_future,
    refuse_unmanaged_fields,
    require_version,
    save_changes,
    status_label,
)
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import Stage
from .models import Achievement, StageEntry, stage_order

if TYPE_CHECKING:
    from liaison.accounts.models import User


@transaction.atomic
def achievement_create(
    *,
    by: User | None,
    owners: Iterable[Organization] = (),
    inventors: Iterable[Person] = (),
    **fields: Any,
) -> Achievement:
    """Record a new achievement with its owning organizations and its inventors."""
    refuse_unmanaged_fields(Achievement, fields)
    achievement = save_changes(Achievement(**fields), by=by)
    achievement.owners.set(list(owners))
    achievement.inventors.set(list(inventors))
    return achievement


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
    # An unknown stage is the model's to refuse.
    known = stage in Stage.values
    if known and stage_order(stage) < stage_order(achievement.stage) and not going_back:
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
    if latest is not None and latest.stage == stage:
        errors.add(
            "stage",
            _("This achievement is already at the stage “%(stage)s” (since %(date)s)."),
            code="already_at_stage",
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
    *,
    achievement: Achievement,
    by: User | None,
    version: int | None = None,
    owners: Iterable[Organization] | None = None,
    inventors: Iterable[Person] | None = None,
    **fields: Any,
) -> Achievement:
    """Change an achievement's fields, owners and inventors; refused if saved by someone since."""
    refuse_unmanaged_fields(Achievement, fields)
    require_version(achievement, version)
    save_changes(achievement, by=by, **fields)
    if owners is not None:
        achievement.owners.set(list(owners))
    if inventors is not None:
        achievement.inventors.set(list(inventors))
    return achievement
