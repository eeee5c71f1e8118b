"""The jobs: agreements past their expiry date expired by the system; the hourly schedule."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from huey.contrib.djhuey import HUEY

from liaison.accounts.choices import RoleKind
from liaison.agreements.choices import AgreementStatus
from liaison.agreements.models import Agreement
from liaison.reminders import tasks
from liaison.reminders.models import ReminderSent
from liaison.reminders.services import expire_due_agreements

from .records import DAY, agreement_in_force, person, today

pytestmark = pytest.mark.django_db


def test_an_agreement_past_its_expiry_date_is_expired_by_the_system() -> None:
    person(RoleKind.STAFF, username="staff")
    past = agreement_in_force(expires_on=today() - DAY)
    signed = agreement_in_force(expires_on=today() - 3 * DAY, status=AgreementStatus.SIGNED)
    running = agreement_in_force(expires_on=today())  # its last day
    open_ended = agreement_in_force(expires_on=None)
    ended = agreement_in_force(expires_on=today() - DAY, status=AgreementStatus.TERMINATED)
    expired = expire_due_agreements(today=today())
    assert {a.pk for a in expired} == {past.pk, signed.pk}
    past.refresh_from_db()
    assert past.status == AgreementStatus.EXPIRED
    assert past.ended_on == past.expires_on
    newest = past.history.order_by("-history_id").first()
    assert newest is not None
    assert newest.status == AgreementStatus.EXPIRED
    assert newest.history_user is None
    statuses = dict(
        Agreement.objects.filter(pk__in=[running.pk, open_ended.pk, ended.pk]).values_list(
            "pk", "status"
        )
    )
    assert statuses == {
        running.pk: AgreementStatus.IN_FORCE,
        open_ended.pk: AgreementStatus.IN_FORCE,
        ended.pk: AgreementStatus.TERMINATED,
    }
    assert expire_due_agreements(today=today()) == []  # nothing left to expire


def test_the_jobs_are_scheduled_hourly_on_the_queue() -> None:
    at_five = datetime.datetime(2026, 12, 7, 3, 5)
    at_ten = datetime.datetime(2026, 12, 7, 3, 10)
    assert tasks.send_reminders_hourly.task_class in {type(t) for t in HUEY.read_periodic(at_five)}
    assert tasks.expire_due_agreements_hourly.task_class in {
        type(t) for t in HUEY.read_periodic(at_ten)
    }


def test_the_jobs_do_their_work_when_run() -> None:
    person(RoleKind.STAFF, username="staff")
    past = agreement_in_force(expires_on=today() - DAY)
    agreement_in_force(expires_on=today() + DAY)
    # Tests run jobs at once when called; nothing schedules them on its own.
    assert mail.outbox == []
    tasks.expire_due_agreements_hourly()
    tasks.send_reminders_hourly()
    past.refresh_from_db()
    assert past.status == AgreementStatus.EXPIRED
    assert len(mail.outbox) == 1


def test_the_hourly_job_sends_nothing_while_mail_only_goes_to_the_console() -> None:
    person(RoleKind.STAFF, username="staff")
    agreement_in_force(expires_on=today() + DAY)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"):
        tasks.send_reminders_hourly()
    assert not ReminderSent.objects.exists()
