import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from liaison.accounts.models import User
from liaison.achievements.choices import AchievementKind, Stage
from liaison.achievements.models import Achievement, StageEntry
from liaison.achievements.services import achievement_create, achievement_record_stage
from liaison.core.lifecycle import today
from tests.achievements.factories import AchievementFactory
from tests.core.errors import codes
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def record(
    achievement: Achievement,
    stage: str,
    reached_on: datetime.date,
    by: User | None = None,
    **kwargs: Any,
) -> StageEntry:
    return achievement_record_stage(
        achievement=achievement, stage=stage, reached_on=reached_on, by=by, **kwargs
    )


def test_achievement_create_records_owners_inventors_and_author(staff_user: User) -> None:
    owner = OrganizationFactory.create()
    inventors = PersonFactory.create_batch(2)
    achievement = achievement_create(
        by=staff_user,
        title_zh="可降解镁合金血管支架",
        kind=AchievementKind.MEDICAL_DEVICE,
        trl=4,
        owners=[owner],
        inventors=inventors,
    )
    achievement = Achievement.objects.get(pk=achievement.pk)
    assert list(achievement.owners.all()) == [owner]
    assert set(achievement.inventors.all()) == set(inventors)
    assert achievement.stage == Stage.RESEARCH
    assert achievement.history.get().history_user == staff_user


def test_achievement_create_refuses_a_readiness_level_above_nine() -> None:
    with pytest.raises(ValidationError) as error:
        achievement_create(by=None, title_zh="成果", kind=AchievementKind.PATENT, trl=10)
    assert "trl" in error.value.error_dict
    assert not Achievement.objects.exists()


def test_achievement_create_refuses_to_set_the_stage() -> None:
    with pytest.raises(TypeError):
        achievement_create(by=None, title_zh="成果", kind=AchievementKind.DRUG, stage=Stage.MARKET)


def test_recording_a_stage_makes_it_the_current_stage_with_its_date_and_author(
    staff_user: User,
) -> None:
    achievement = AchievementFactory.create()
    entry = record(
        achievement, Stage.CLINICAL_TRIAL, D(2023, 3, 1), by=staff_user, evidence="伦理批件"
    )
    achievement = Achievement.objects.get(pk=achievement.pk)
    assert (achievement.stage, achievement.stage_since) == (Stage.CLINICAL_TRIAL, D(2023, 3, 1))
    assert list(achievement.stage_history.all()) == [entry]
    assert entry.evidence == "伦理批件"
    assert entry.history.get().history_user == staff_user
    assert achievement.history.order_by("-history_id").first().history_user == staff_user


def test_the_first_entry_may_record_the_research_stage() -> None:
    achievement = AchievementFactory.create()
    record(achievement, Stage.RESEARCH, D(2020, 1, 1))
    assert achievement.stage_since == D(2020, 1, 1)


def test_stages_follow_one_another_in_time() -> None:
    achievement = AchievementFactory.create()
    record(achievement, Stage.RESEARCH, D(2020, 1, 1))
    record(achievement, Stage.PROTOTYPE, D(2021, 1, 1))
    record(achievement, Stage.PILOT, D(2021, 1, 1))
    assert [e.stage for e in achievement.stage_history.all()] == [
        Stage.RESEARCH,
        Stage.PROTOTYPE,
        Stage.PILOT,
    ]
    assert Achievement.objects.get(pk=achievement.pk).stage == Stage.PILOT


def test_stage_history_cannot_go_back_in_time() -> None:
    achievement = AchievementFactory.create()
    record(achievement, Stage.PILOT, D(2022, 6, 1))
    with pytest.raises(ValidationError) as error:
        record(achievement, Stage.CLINICAL_TRIAL, D(2022, 5, 31))
    assert codes(error, "reached_on") == ["before_latest_stage"]
    achievement = Achievement.objects.get(pk=achievement.pk)
    assert (achievement.stage, achievement.stage_since) == (Stage.PILOT, D(2022, 6, 1))
    assert StageEntry.objects.count() == 1


def test_a_stage_before_the_current_one_is_refused() -> None:
    achievement = AchievementFactory.create()
    record(achievement, Stage.MARKET, D(2022, 6, 1))
    with pytest.raises(ValidationError) as error:
        record(achievement, Stage.RESEARCH, D(2023, 1, 1))
    assert codes(error, "stage") == ["stage_backwards"]
    assert Achievement.objects.get(pk=achievement.pk).stage == Stage.MARKET
    assert StageEntry.objects.count() == 1


def test_a_stage_before_the_current_one_is_recorded_when_going_back_is_confirmed() -> None:
    achievement = AchievementFactory.create()
    record(achievement, Stage.CLINICAL_TRIAL, D(2022, 6, 1))
    record(achievement, Stage.PILOT, D(2023, 1, 1), going_back=True)
    assert Achievement.objects.get(pk=achievement.pk).stage == Stage.PILOT


def test_an_achievement_cannot_record_the_stage_it_is_already_at() -> None:
    achievement = AchievementFactory.create()
    record(achievement, Stage.PILOT, D(2022, 6, 1))
    with pytest.raises(ValidationError) as error:
        record(achievement, Stage.PILOT, D(2022, 7, 1))
    assert codes(error, "stage") == ["already_at_stage"]


def test_a_stage_cannot_be_reached_in_the_future() -> None:
    with pytest.raises(ValidationError) as error:
        record(AchievementFactory.create(), Stage.MARKET, today() + datetime.timedelta(days=1))
    assert codes(error, "reached_on") == ["future_date"]


def test_an_unknown_stage_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        record(AchievementFactory.create(), "moon", D(2022, 6, 1))
    assert "stage" in error.value.error_dict


def test_a_refused_stage_leaves_the_achievement_as_it_was_in_memory() -> None:
    achievement = AchievementFactory.create()
    record(achievement, Stage.PILOT, D(2022, 6, 1))
    with pytest.raises(ValidationError):
        record(achievement, Stage.MARKET, D(2022, 1, 1))
    assert (achievement.stage, achievement.stage_since) == (Stage.PILOT, D(2022, 6, 1))
