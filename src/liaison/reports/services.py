"""Writes to saved reports: a report's figures kept as they were stated, with their versions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction

from liaison.centers.models import Center
from liaison.core import permissions, writes
from liaison.core.writes import create_record, delete_record, update_record

from .models import SavedReport

if TYPE_CHECKING:
    from liaison.accounts.models import User

    from .report import Report


@transaction.atomic
def saved_report_create(*, by: User | None, **fields: Any) -> SavedReport:
    """Record a saved report; its author is the one who saves it."""
    fields.setdefault("created_by", by)
    return create_record(SavedReport, by=by, **fields)


@transaction.atomic
def saved_report_update(
    *, savedreport: SavedReport, by: User | None, version: int | None = None, **fields: Any
) -> SavedReport:
    """Change a saved report's title or language; refused if someone saved it since `version`."""
    return update_record(savedreport, by=by, version=version, **fields)


@transaction.atomic
def saved_report_delete(
    *, savedreport: SavedReport, by: User | None, version: int | None = None
) -> None:
    """Delete a saved report."""
    delete_record(savedreport, by=by, version=version)


def report_save(*, report: Report, title: str, by: User | None) -> SavedReport:
    """Keep `report` as it states its figures now: each metric's version and value."""
    # A saved report is the institute's or one center's (not the rest of no center's).
    center = report.center if isinstance(report.center, Center) else None
    start: datetime.date | None = report.period.start
    return writes.create(
        SavedReport,
        by=by,
        title=title,
        period_start=start,
        period_end=report.period.end,
        center=center,
        language=report.language,
        figures=report.stored_figures(),
    )


writes.register(
    SavedReport,
    create=saved_report_create,
    update=saved_report_update,
    delete=saved_report_delete,
)

permissions.scoped(SavedReport, center="center", own="created_by")
