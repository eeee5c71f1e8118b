"""A record's history tells what each save changed, lifecycle steps included."""

import datetime

import pytest

from liaison.accounts.models import User
from liaison.achievements.services import achievement_record_stage
from liaison.agreements.services import agreement_put_in_force, agreement_sign
from liaison.core.history import history_entries
from liaison.core.models import TrackedModel
from liaison.financing.services import round_close
from liaison.needs.services import need_triage
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementFactory, AgreementPartyFactory
from tests.financing.factories import FinancingRoundFactory
from tests.needs.factories import TechnicalNeedFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 3, 1)


def told(record: TrackedModel) -> dict[str, tuple[str, str]]:
    """The newest history entry's changes as {field: (old, new)}, values as shown."""
    entry = history_entries(record, limit=1)[0]
    return {change.field: (str(change.old), str(change.new)) for change in entry.changes}


def test_signing_an_agreement_tells_its_status_and_date_before_and_after(staff_user: User) -> None:
    agreement = AgreementFactory.create()
    AgreementPartyFactory.create_batch(2, agreement=agreement)

    agreement_sign(agreement=agreement, signed_on=DAY, by=staff_user)

    changes = told(agreement)
    assert changes["status"] == ("Draft", "Signed")
    assert changes["signed_on"] == ("", "2024-03-01")
    assert history_entries(agreement, limit=1)[0].who == staff_user


def test_putting_an_agreement_in_force_tells_what_changed(staff_user: User) -> None:
    agreement = AgreementFactory.create()
    AgreementPartyFactory.create_batch(2, agreement=agreement)
    agreement_sign(agreement=agreement, signed_on=DAY, by=staff_user)

    agreement_put_in_force(agreement=agreement, effective_on=DAY, by=staff_user)

    assert told(agreement)["status"] == ("Signed", "In force")


def test_triaging_a_need_tells_its_status(staff_user: User) -> None:
    need = TechnicalNeedFactory.create(submitted_on=DAY)

    need_triage(need=need, triaged_on=DAY, by=staff_user)

    assert told(need)["status"] == ("Submitted", "Triaged")


def test_recording_a_stage_tells_the_achievements_new_stage(staff_user: User) -> None:
    achievement = AchievementFactory.create()
    before = achievement.get_stage_display()

    achievement_record_stage(
        achievement=achievement, stage="prototype", reached_on=DAY, by=staff_user
    )

    achievement.refresh_from_db()
    assert told(achievement)["stage"] == (before, "Prototype")


def test_closing_a_round_tells_its_status(staff_user: User) -> None:
    round = FinancingRoundFactory.create(announced_on=DAY)

    round_close(round=round, closed_on=DAY, by=staff_user)

    assert told(round)["status"] == ("Announced", "Closed")
