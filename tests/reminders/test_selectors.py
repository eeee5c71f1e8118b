"""Who is reminded of what: each kind of reminder, only for those who answer for it and may
see it."""

from __future__ import annotations

import pytest

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.agreements.choices import AgreementStatus
from liaison.core.choices import Confidentiality
from liaison.reminders.choices import ReminderKind
from liaison.reminders.selectors import Reminder, reminders_for, unsent_reminders_for
from liaison.reminders.services import digest_for, digest_send
from tests.centers.factories import CenterFactory
from tests.organizations.factories import OrganizationFactory

from .records import (
    DAY,
    agreement_in_force,
    appointment_ending,
    milestone,
    need_in_progress,
    need_waiting_for_triage,
    person,
    question,
    today,
)

pytestmark = pytest.mark.django_db


def told(user: User) -> set[tuple[str, str]]:
    """(kind, record name) of every reminder due for `user` today."""
    return {(str(r.kind), r.name) for r in reminders_for(user=user, today=today())}


def kinds(reminders: list[Reminder]) -> list[str]:
    return [str(r.kind) for r in reminders]


def test_staff_are_reminded_of_an_agreement_expiring_within_the_days_set() -> None:
    staff = person(RoleKind.STAFF, username="staff")
    soon = agreement_in_force(expires_on=today() + 30 * DAY)
    agreement_in_force(expires_on=today() + 31 * DAY)  # beyond the 30 days
    agreement_in_force(expires_on=today() - DAY)  # past: the expiry job's, not a reminder
    agreement_in_force(expires_on=today() + 5 * DAY, status=AgreementStatus.COMPLETED)
    (reminder,) = reminders_for(user=staff, today=today())
    assert reminder.kind == ReminderKind.AGREEMENT_EXPIRING
    assert reminder.object_id == soon.pk
    assert reminder.on == soon.expires_on
    assert reminder.trigger == soon.expires_on.isoformat()
    assert reminder.url == f"http://127.0.0.1:8000/agreements/{soon.pk}/"


def test_administrators_are_reminded_of_agreements_too() -> None:
    administrator = person(RoleKind.ADMINISTRATOR, username="admin")
    soon = agreement_in_force(expires_on=today() + 3 * DAY)
    assert told(administrator) == {(ReminderKind.AGREEMENT_EXPIRING, str(soon))}


def test_milestones_due_soon_and_overdue_are_told_apart_and_done_ones_not_at_all() -> None:
    staff = person(RoleKind.STAFF, username="staff")
    agreement = agreement_in_force(expires_on=None)
    due = milestone(agreement=agreement, due_on=today() + 14 * DAY, title="二期款")
    late = milestone(agreement=agreement, due_on=today() - 3 * DAY, title="首付款")
    milestone(agreement=agreement, due_on=today() + 15 * DAY, title="尾款")
    milestone(agreement=agreement, due_on=today() - 9 * DAY, done_on=today() - DAY, title="已付")
    reminders = reminders_for(user=staff, today=today())
    assert [(r.kind, r.object_id) for r in reminders] == [
        (ReminderKind.MILESTONE_OVERDUE, late.pk),
        (ReminderKind.MILESTONE_DUE, due.pk),
    ]
    assert reminders[1].name == f"{agreement} · 二期款"


def test_milestones_of_an_ended_agreement_are_not_told() -> None:
    staff = person(RoleKind.STAFF, username="staff")
    ended = agreement_in_force(expires_on=None, status=AgreementStatus.TERMINATED)
    milestone(agreement=ended, due_on=today() - 3 * DAY)
    assert told(staff) == set()


def test_a_need_waiting_for_triage_goes_to_its_assigned_staff_only() -> None:
    assigned = person(RoleKind.STAFF, username="assigned")
    other = person(RoleKind.STAFF, username="other")
    need = need_waiting_for_triage(days=4)
    need.assigned_staff.set([assigned])
    need_waiting_for_triage(days=3)  # not more than 3 days yet
    assert told(assigned) == {(ReminderKind.NEED_UNTRIAGED, need.title)}
    assert told(other) == set()


def test_a_need_assigned_to_no_one_goes_to_every_office_staff() -> None:
    need = need_waiting_for_triage(days=4)
    for name in ("a", "b"):
        assert told(person(RoleKind.STAFF, username=name)) == {
            (ReminderKind.NEED_UNTRIAGED, need.title)
        }
    assert told(person(RoleKind.LEADERSHIP, username="leader")) == set()


def test_a_need_in_progress_with_no_change_is_told_and_told_again_after_a_change() -> None:
    staff = person(RoleKind.STAFF, username="staff")
    need = need_in_progress(unchanged_days=31)
    younger = need_in_progress(unchanged_days=20)
    (reminder,) = reminders_for(user=staff, today=today())
    assert (reminder.kind, reminder.object_id) == (ReminderKind.NEED_STALLED, need.pk)
    digest = digest_for(user=staff, today=today())
    assert digest is not None
    assert digest_send(digest=digest)
    assert unsent_reminders_for(user=staff, today=today()) == []
    need.save()  # a change, then the need stalls again
    later = unsent_reminders_for(user=staff, today=today() + 31 * DAY)
    assert {(r.kind, r.object_id) for r in later} == {
        (ReminderKind.NEED_STALLED, need.pk),
        (ReminderKind.NEED_STALLED, younger.pk),
    }


def test_a_secret_need_is_told_only_to_the_staff_who_see_it() -> None:
    assigned = person(RoleKind.STAFF, username="assigned")
    other = person(RoleKind.STAFF, username="other")
    need = need_waiting_for_triage(confidentiality=Confidentiality.SECRET)
    need.assigned_staff.set([assigned])
    # Assigned to no one, every office staff answers for it; but no staff member sees it.
    unassigned = need_waiting_for_triage(confidentiality=Confidentiality.SECRET)
    assert told(assigned) == {(ReminderKind.NEED_UNTRIAGED, need.title)}
    assert told(other) == set()
    assert unassigned.title not in {name for _kind, name in told(other)}


def test_a_center_manager_is_told_only_of_their_centers_records() -> None:
    mine, theirs = CenterFactory.create(), CenterFactory.create()
    manager = person(RoleKind.CENTER_MANAGER, username="manager", centers=[mine])
    founding = agreement_in_force(expires_on=today() + 5 * DAY, center=mine)
    agreement_in_force(expires_on=today() + 5 * DAY, center=theirs)
    agreement_in_force(expires_on=today() + 5 * DAY)  # no center's
    due = milestone(agreement=founding, due_on=today() + DAY, title="中心建设款")
    milestone(agreement=agreement_in_force(expires_on=None, center=theirs), due_on=today() + DAY)
    need = need_waiting_for_triage(assigned_center=mine)
    need_waiting_for_triage(assigned_center=theirs)
    need_waiting_for_triage()
    stalled = need_in_progress(assigned_center=mine)
    term = appointment_ending(center=mine)
    appointment_ending(center=theirs)
    assert told(manager) == {
        (ReminderKind.AGREEMENT_EXPIRING, str(founding)),
        (ReminderKind.MILESTONE_DUE, f"{founding} · {due.title}"),
        (ReminderKind.NEED_UNTRIAGED, need.title),
        (ReminderKind.NEED_STALLED, stalled.title),
        (ReminderKind.APPOINTMENT_ENDING, str(term)),
    }


def test_staff_are_told_of_appointments_ending_and_enterprises_are_not() -> None:
    staff = person(RoleKind.STAFF, username="staff")
    term = appointment_ending(ends_in=30)
    appointment_ending(ends_in=31)
    organization = OrganizationFactory.create()
    enterprise = person(RoleKind.ENTERPRISE, username="ent", organization=organization)
    assert told(staff) == {(ReminderKind.APPOINTMENT_ENDING, str(term))}
    assert told(enterprise) == set()


def test_an_enterprise_is_told_only_of_its_own_organizations_agreements_and_milestones() -> None:
    ours, others = OrganizationFactory.create(), OrganizationFactory.create()
    enterprise = person(RoleKind.ENTERPRISE, username="ent", organization=ours)
    own = agreement_in_force(expires_on=today() + 9 * DAY, parties=[ours])
    foreign = agreement_in_force(expires_on=today() + 9 * DAY, parties=[others])
    due = milestone(agreement=own, due_on=today() - DAY, title="首付款")
    milestone(agreement=foreign, due_on=today() - DAY, title="别人的款")
    need_waiting_for_triage(organization=ours)  # the office's to triage, not the enterprise's
    reminders = reminders_for(user=enterprise, today=today())
    assert {(r.kind, r.object_id) for r in reminders} == {
        (ReminderKind.AGREEMENT_EXPIRING, own.pk),
        (ReminderKind.MILESTONE_OVERDUE, due.pk),
    }
    # An enterprise's contact lives in the portal: its links lead there.
    assert {r.url for r in reminders} == {f"http://127.0.0.1:8000/portal/agreements/{own.pk}/"}


def test_an_enterprise_is_told_of_a_question_of_the_office_it_has_not_answered() -> None:
    ours, others = OrganizationFactory.create(), OrganizationFactory.create()
    enterprise = person(RoleKind.ENTERPRISE, username="ent", organization=ours)
    staff = person(RoleKind.STAFF, username="staff")
    asked = need_in_progress(unchanged_days=1, organization=ours)
    question(need=asked, by=staff, days_ago=4)
    answered = need_in_progress(unchanged_days=1, organization=ours)
    question(need=answered, by=staff, days_ago=6)
    question(need=answered, by=enterprise, days_ago=5, from_enterprise=True)
    fresh = need_in_progress(unchanged_days=1, organization=ours)
    question(need=fresh, by=staff, days_ago=1)
    foreign = need_in_progress(unchanged_days=1, organization=others)
    question(need=foreign, by=staff, days_ago=9)
    (reminder,) = reminders_for(user=enterprise, today=today())
    assert (reminder.kind, reminder.object_id) == (ReminderKind.NEED_QUESTION, asked.pk)
    assert reminder.url == f"http://127.0.0.1:8000/portal/needs/{asked.pk}/"
    assert ReminderKind.NEED_QUESTION not in kinds(reminders_for(user=staff, today=today()))


def test_a_person_with_no_role_is_told_nothing() -> None:
    nobody = person(None, username="nobody")
    agreement_in_force(expires_on=today() + DAY)
    need_waiting_for_triage()
    assert told(nobody) == set()


def test_a_changed_expiry_date_is_told_again() -> None:
    staff = person(RoleKind.STAFF, username="staff")
    agreement = agreement_in_force(expires_on=today() + 20 * DAY)
    digest = digest_for(user=staff, today=today())
    assert digest is not None
    assert digest_send(digest=digest)
    assert unsent_reminders_for(user=staff, today=today()) == []
    agreement.expires_on = today() + 25 * DAY
    agreement.save()
    assert kinds(unsent_reminders_for(user=staff, today=today())) == [
        ReminderKind.AGREEMENT_EXPIRING
    ]
