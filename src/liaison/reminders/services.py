"""Sending the reminders' digests, and expiring the agreements whose date has passed.

Nothing is sent twice: each reminder sent is recorded in `ReminderSent`, in the transaction
of its digest's send. The order inside that transaction is *record, then send*: the rows are
inserted first (the unique key then also stops a second run at the same time, whose insert
waits for this transaction and fails), the email is handed to the mail server, and the
transaction commits. A send that raises rolls the rows back, so the next run tells the person
again. The window left is a crash (or a failed commit) after the mail server took the message
and before the commit: that person gets the same digest once more at the next run. A
reminder told twice was preferred to one never told, which the other order (commit, then
send) risks.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from liaison.accounts.models import User
from liaison.agreements.choices import RUNNING_STATUSES
from liaison.agreements.models import Agreement
from liaison.agreements.services import agreement_expire
from liaison.core.errors import StaleEditError

from .choices import ReminderKind
from .models import ReminderSent
from .selectors import Reminder, Thresholds, language_of, recipients, unsent_reminders_for

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class Digest:
    """One person's email: the reminders not sent to them yet, grouped by kind."""

    user: User
    language: str
    reminders: list[Reminder]
    subject: str
    text: str
    html: str

    def message(self, connection: Any = None) -> mail.EmailMultiAlternatives:
        email = mail.EmailMultiAlternatives(
            subject=self.subject,
            body=self.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[self.user.email],
            connection=connection,
        )
        email.attach_alternative(self.html, "text/html")
        return email


@dataclasses.dataclass
class Outcome:
    """What a run did: the digests sent (or, dry, that would be), and those that failed."""

    sent: list[Digest] = dataclasses.field(default_factory=list)
    failed: list[tuple[User, str]] = dataclasses.field(default_factory=list)
    skipped: list[User] = dataclasses.field(default_factory=list)  # another run had them

    @property
    def people(self) -> int:
        return len(self.sent)

    @property
    def reminders(self) -> int:
        return sum(len(d.reminders) for d in self.sent)


def _groups(reminders: list[Reminder]) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for kind in ReminderKind:
        items = [r for r in reminders if r.kind == kind]
        if items:
            groups.append({"kind": str(kind), "title": str(kind.label), "items": items})
    return groups


def digest_for(
    *, user: User, today: datetime.date, thresholds: Thresholds | None = None
) -> Digest | None:
    """`user`'s digest of the reminders not sent to them yet, in their language; None when
    there is nothing to tell them."""
    language = language_of(user)
    with translation.override(language):
        # Inside the override: record names (Chinese or English titles) follow the language.
        reminders = unsent_reminders_for(user=user, today=today, thresholds=thresholds)
        if not reminders:
            return None
        count = len(reminders)
        subject = ngettext("Liaison: %(count)s reminder", "Liaison: %(count)s reminders", count) % {
            "count": count
        }
        context = {
            "user": user,
            "name": user.get_full_name() or user.username,
            "groups": _groups(reminders),
            "count": count,
            "today": today,
            "site_url": settings.LIAISON_SITE_URL.rstrip("/"),
            "language": language,
        }
        text = render_to_string("reminders/digest.txt", context)
        html = render_to_string("reminders/digest.html", context)
    return Digest(
        user=user, language=language, reminders=reminders, subject=subject, text=text, html=html
    )


def digest_send(*, digest: Digest, connection: Any = None) -> bool:
    """Record `digest`'s reminders as sent and send it, in one transaction (see the module's
    docstring); False, sending nothing, when another run recorded them meanwhile."""
    rows = [
        ReminderSent(
            user=digest.user,
            kind=r.kind,
            model=r.model,
            object_id=r.object_id,
            trigger=r.trigger,
        )
        for r in digest.reminders
    ]
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the failed insert leaves the rest usable
                ReminderSent.objects.bulk_create(rows)
        except IntegrityError:
            return False
        # Raises on refusal: the rows above are rolled back with the transaction.
        digest.message(connection).send(fail_silently=False)
    return True


def send_reminders(
    *,
    today: datetime.date | None = None,
    usernames: Iterable[str] = (),
    dry_run: bool = False,
    thresholds: Thresholds | None = None,
) -> Outcome:
    """Send every person (or those named) their digest of reminders not sent yet.

    `dry_run` makes the digests and records and sends nothing. One person's failed send is
    logged and the others still get theirs; the failed one is tried again next run.
    """
    day = today or timezone.localdate()
    outcome = Outcome()
    digests = [
        digest
        for user in recipients(usernames=usernames)
        if (digest := digest_for(user=user, today=day, thresholds=thresholds)) is not None
    ]
    if dry_run or not digests:
        outcome.sent = digests
        return outcome
    # One connection for the run, opened outside the transactions: each transaction then
    # lasts one message's exchange with the mail server, not the connection's set-up.
    connection = mail.get_connection()
    connection.open()
    try:
        for digest in digests:
            try:
                if digest_send(digest=digest, connection=connection):
                    outcome.sent.append(digest)
                else:
                    outcome.skipped.append(digest.user)
            except Exception as error:  # whatever the mail server refused: the others go on
                logger.exception("Reminders to %s not sent", digest.user.username)
                outcome.failed.append((digest.user, str(error)))
    finally:
        connection.close()
    return outcome


def expire_due_agreements(*, today: datetime.date | None = None) -> list[Agreement]:
    """Expire, as the system (history author None), every signed or in-force agreement whose
    expiry date is before `today`; it ended on its expiry date. Returns those expired."""
    day = today or timezone.localdate()
    expired: list[Agreement] = []
    due = Agreement.objects.filter(status__in=RUNNING_STATUSES, expires_on__lt=day).order_by(
        "expires_on", "pk"
    )
    for agreement in due:
        assert agreement.expires_on is not None  # filtered above
        try:
            expired.append(
                agreement_expire(agreement=agreement, ended_on=agreement.expires_on, by=None)
            )
        except (ValidationError, StaleEditError) as error:
            # One refused (changed meanwhile, say) leaves the others to expire; next run retries.
            logger.warning("Agreement %s was not expired: %s", agreement.number, error)
    return expired
