"""The nightly backup, on the job queue's clock: the consumer of `liaison up` in the
embedded default, `liaison run_huey` in production."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .backup import scheduled_backup


@db_periodic_task(crontab(minute="30", hour=str(settings.LIAISON_BACKUP_HOUR)))
def back_up_nightly() -> None:
    """Every night (at 02:30 by default), an archive in the backup folder; the oldest beyond
    the number kept are removed. `LIAISON_BACKUP_KEEP=0` turns it off."""
    scheduled_backup()
