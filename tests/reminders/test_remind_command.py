"""`liaison remind`: one digest per person, sent once, in their language, with links."""

from __future__ import annotations

from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation
from django.utils.translation import ngettext

from liaison.accounts.choices import RoleKind
from liaison.reminders.models import ReminderSent
from liaison.reminders.selectors import language_of
from tests.organizations.factories import OrganizationFactory

from .records import DAY, agreement_in_force, milestone, need_waiting_for_triage, person, today

pytestmark = pytest.mark.django_db


def remind(*args: str) -> str:
    out = StringIO()
    call_command("remind", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def html_of(message: Any) -> str:
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return str(html)


def test_remind_twice_in_a_row_sends_nothing_the_second_time() -> None:
    staff = person(RoleKind.STAFF, username="staff")
    agreement_in_force(expires_on=today() + 7 * DAY)
    need_waiting_for_triage()
    assert "Sent 1 person 2 reminders." in remind()
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.filter(user=staff).count() == 2
    assert "Sent 0 people 0 reminders." in remind()
    assert len(mail.outbox) == 1


def test_a_digest_groups_the_reminders_with_their_dates_and_links() -> None:
    person(RoleKind.STAFF, username="staff", first_name="Lin", last_name="Wang")
    agreement = agreement_in_force(expires_on=today() + 7 * DAY)
    late = milestone(agreement=agreement, due_on=today() - 2 * DAY, title="First payment")
    with override_settings(LIAISON_SITE_URL="https://liaison.example.org/"):
        remind()
    (message,) = mail.outbox
    assert message.to == ["staff@example.org"]
    assert message.subject == "Liaison: 2 reminders"
    assert "Hello Lin Wang," in message.body
    assert "Agreements expiring soon" in message.body
    assert "Payment milestones overdue" in message.body
    assert f"expires on {agreement.expires_on:%Y-%m-%d}" in message.body
    assert f"https://liaison.example.org/agreements/{agreement.pk}/" in message.body
    assert f"https://liaison.example.org/agreements/milestones/{late.pk}/" in message.body
    html = html_of(message)
    assert f'<a href="https://liaison.example.org/agreements/{agreement.pk}/">' in html
    assert "<h2" in html
    assert "Payment milestones overdue" in html


def test_nothing_due_sends_nothing_and_people_without_email_or_active_account_get_none() -> None:
    person(RoleKind.STAFF, username="nothing_due")
    assert "Sent 0 people" in remind()
    agreement_in_force(expires_on=today() + DAY)
    person(RoleKind.STAFF, username="no_email", email="")
    person(RoleKind.STAFF, username="gone", is_active=False)
    remind()
    assert [m.to for m in mail.outbox] == [["nothing_due@example.org"]]


def test_an_enterprise_users_digest_never_mentions_another_organization() -> None:
    ours, others = OrganizationFactory.create(), OrganizationFactory.create()
    person(RoleKind.ENTERPRISE, username="ent", organization=ours)
    own = agreement_in_force(expires_on=today() + 9 * DAY, parties=[ours])
    foreign = agreement_in_force(expires_on=today() + 9 * DAY, parties=[others])
    milestone(agreement=foreign, due_on=today() - DAY)
    shared = agreement_in_force(expires_on=today() + 9 * DAY, parties=[ours, others])
    remind("--user", "ent")
    (message,) = mail.outbox
    text = message.body + html_of(message)
    assert own.title_en in text
    assert shared.title_en in text
    assert foreign.number not in text
    assert foreign.title_en not in text
    assert f"/{foreign.pk}/" not in text


def test_the_dry_run_prints_the_digests_and_records_and_sends_nothing() -> None:
    person(RoleKind.STAFF, username="staff")
    agreement = agreement_in_force(expires_on=today() + 7 * DAY)
    out = remind("--dry-run")
    assert "== staff <staff@example.org>" in out
    assert "Subject: Liaison: 1 reminder" in out
    assert agreement.title_en in out
    assert "Would send 1 person 1 reminder" in out
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()
    remind()
    assert len(mail.outbox) == 1  # the dry run kept nothing from being sent


def test_user_limits_the_run_to_the_people_named() -> None:
    person(RoleKind.STAFF, username="one")
    person(RoleKind.STAFF, username="two")
    agreement_in_force(expires_on=today() + 7 * DAY)
    remind("--user", "two")
    assert [m.to for m in mail.outbox] == [["two@example.org"]]
    with pytest.raises(CommandError, match="nobody"):
        remind("--user", "nobody")


def test_a_refused_send_records_nothing_and_is_sent_at_the_next_run() -> None:
    staff = person(RoleKind.STAFF, username="staff")
    agreement_in_force(expires_on=today() + 7 * DAY)
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("refused")),
        pytest.raises(CommandError, match="1 digest could not be sent"),
    ):
        remind()
    assert not ReminderSent.objects.filter(user=staff).exists()
    assert "Sent 1 person 1 reminder." in remind()
    assert len(mail.outbox) == 1


def test_the_digest_is_in_the_installations_language_when_the_person_has_none() -> None:
    staff = person(RoleKind.STAFF, username="staff")
    agreement = agreement_in_force(expires_on=today() + 7 * DAY)
    with override_settings(LANGUAGE_CODE="zh-hans"):
        assert language_of(staff) == "zh-hans"
        remind()
    (message,) = mail.outbox
    # The record is named in Chinese (its Chinese title), not in English.
    assert agreement.title_zh in message.body
    assert agreement.title_en not in message.body
    assert '<html lang="zh-hans">' in html_of(message)


def test_the_digests_own_words_are_chinese_in_chinese() -> None:
    with translation.override("zh-hans"):
        if ngettext("Liaison: %(count)s reminder", "Liaison: %(count)s reminders", 1) == (
            "Liaison: %(count)s reminder"
        ):
            pytest.skip("the reminders' catalogue (/tmp/liaison-po/reminders.po) is not merged yet")
    person(RoleKind.STAFF, username="staff")
    agreement_in_force(expires_on=today() + 7 * DAY)
    with override_settings(LANGUAGE_CODE="zh-hans"):
        remind()
    (message,) = mail.outbox
    assert message.subject == "Liaison：1 条提醒"
    assert "即将到期的协议" in message.body
