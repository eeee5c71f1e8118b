"""Patent fees and deadlines reach the office through the reminders' digests, once each."""

from __future__ import annotations

import datetime

import pytest

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.patents import docket
from liaison.patents.models import Patent
from liaison.patents.periods import add_years
from liaison.reminders.choices import ReminderKind
from liaison.reminders.selectors import Reminder, reminders_for, unsent_reminders_for
from liaison.reminders.services import digest_for, digest_send
from tests.achievements.factories import AchievementFactory
from tests.centers.factories import CenterFactory
from tests.patents.factories import granted_patent, make_patent, pay
from tests.reminders.records import person, today

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def examination_due_in(days: int, **fields: object) -> Patent:
    """A pending invention application whose examination request falls due in about `days`."""
    return make_patent(filed_on=add_years(today(), -3) + days * DAY, **fields)


def patent_reminders(user: User) -> list[Reminder]:
    return [
        r for r in reminders_for(user=user, today=today()) if r.kind == ReminderKind.PATENT_DEADLINE
    ]


def test_staff_are_told_of_an_examination_request_falling_due() -> None:
    staff = person(RoleKind.STAFF, username="staff")
    soon = examination_due_in(10)
    examination_due_in(60)
    (reminder,) = patent_reminders(staff)
    deadline = docket.examination_deadline(soon)
    assert deadline is not None
    assert reminder.object_id == soon.pk
    assert reminder.on == deadline.due_on
    assert reminder.trigger == f"examination {deadline.due_on.isoformat()}"
    assert reminder.url == f"http://127.0.0.1:8000/patents/{soon.pk}/"


def test_each_deadline_is_told_once() -> None:
    staff = person(RoleKind.STAFF, username="staff")
    examination_due_in(10)
    digest = digest_for(user=staff, today=today())
    assert digest is not None
    assert digest_send(digest=digest)
    assert [
        r
        for r in unsent_reminders_for(user=staff, today=today())
        if r.kind == ReminderKind.PATENT_DEADLINE
    ] == []


def test_an_annual_fee_in_its_late_window_is_told_and_one_past_it_is_not() -> None:
    staff = person(RoleKind.STAFF, username="staff")
    # Fee year 2 of each began some days ago (late) or eight months ago (window closed).
    late = granted_patent(
        filed_on=add_years(today(), -1) - 20 * DAY, granted_on=add_years(today(), -1) - 10 * DAY
    )
    granted_patent(
        filed_on=add_years(today(), -1) - 240 * DAY,
        granted_on=add_years(today(), -1) - 230 * DAY,
    )
    (reminder,) = patent_reminders(staff)
    assert reminder.object_id == late.pk
    assert reminder.trigger.startswith("annual-2 ")


def test_a_paid_fee_is_not_told() -> None:
    staff = person(RoleKind.STAFF, username="staff")
    patent = granted_patent(
        filed_on=add_years(today(), -1) + 10 * DAY, granted_on=today() - 100 * DAY
    )
    assert [r.trigger.split()[0] for r in patent_reminders(staff)] == ["annual-2"]
    fee = docket.annual_fee(patent, 2)
    pay(patent, kind="annual", fee_year=2, paid_on=today(), amount=fee.amount)
    assert patent_reminders(staff) == []


def test_a_center_manager_is_told_of_their_centers_patents_only() -> None:
    mine, theirs = CenterFactory.create(), CenterFactory.create()
    manager = person(RoleKind.CENTER_MANAGER, username="manager", centers=[mine])
    ours = examination_due_in(10, achievement=AchievementFactory.create(center=mine))
    examination_due_in(10, achievement=AchievementFactory.create(center=theirs))
    examination_due_in(10)
    assert [r.object_id for r in patent_reminders(manager)] == [ours.pk]


def test_a_researcher_is_not_told_of_the_offices_deadlines() -> None:
    researcher = person(RoleKind.RESEARCHER, username="researcher")
    examination_due_in(10)
    assert patent_reminders(researcher) == []
