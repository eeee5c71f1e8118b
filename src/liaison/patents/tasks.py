"""The docket's job, on the job queue's clock (as the reminders' jobs)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(minute="15"))
def lapse_and_expire_patents_hourly() -> None:
    """Every hour at :15, lapse the patents whose annual fee went unpaid past its late window
    and expire those past their term. Hourly rather than daily for the reason the agreements'
    expiry is: one indexed read when there is nothing to do, and the first run after the
    institute's midnight catches the day that just ended."""
    services.lapse_and_expire_due()
