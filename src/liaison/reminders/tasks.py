"""The reminders' jobs, on the job queue's clock: the consumer of `liaison up` (embedded) or
`liaison run_huey` (production) runs them; tests, whose jobs run at once, never schedule them."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from liaison.core.mail import mail_reaches_people

from . import services

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="5"))
def send_reminders_hourly() -> None:
    """Every hour at :05, send the digests not sent yet (nothing is sent twice).

    Not while mail only goes to the console (no LIAISON_EMAIL_HOST): the digests would be
    printed where nobody reads them and recorded as sent, so that nobody would be told once
    a mail server is set. `liaison remind` still prints them when asked.
    """
    if not mail_reaches_people():
        logger.info("Reminders not sent: no mail server is set (LIAISON_EMAIL_HOST).")
        return
    services.send_reminders()


@db_periodic_task(crontab(minute="10"))
def expire_due_agreements_hourly() -> None:
    """Expire the agreements past their expiry date. Hourly rather than daily: one indexed
    read when there is nothing to do, and the first run after the institute's midnight
    expires yesterday's whatever time zone the queue's clock keeps."""
    services.expire_due_agreements()
