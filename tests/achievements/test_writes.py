"""The one write path of achievements: their services, the table of stage moves, and the rules
they hold on the pages and in the admin."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.achievements.choices import STAGE_MOVES, STAGE_ORDER, Stage
from liaison.achievements.models import Achievement
from liaison.achievements.services import (
    achievement_create,
    achievement_delete,
    achievement_record_stage,
    achievement_update,
)
from liaison.achievements.steps import RECORD_STAGE
from liaison.core import writes
from liaison.core.errors import StaleEditError
from tests.achievements.factories import AchievementFactory
from tests.core.admin_pages import admin_url, posted_back
from tests.core.errors import codes, messages_of
from tests.financing.factories import FinancingRoundFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def with_stages(*stages: str) -> Achievement:
    achievement = AchievementFactory.create()
    for month, stage in enumerate(stages, start=1):
        achievement_record_stage(
            achievement=achievement, stage=stage, reached_on=D(2023, month, 1), by=None
        )
    return achievement


def test_achievements_have_their_write_services() -> None:
    assert writes.writes_for(Achievement).delete is achievement_delete


# Create and update ----------------------------------------------------------------------------


def test_achievement_create_sets_owners_and_inventors_with_the_author(staff_user: User) -> None:
    owner, inventor = OrganizationFactory.create(), PersonFactory.create()

    achievement = achievement_create(
        by=staff_user,
        title_zh="镁合金支架",
        kind="medical_device",
        owners=[owner],
        inventors=[inventor],
    )

    assert list(achievement.owners.all()) == [owner]
    assert list(achievement.inventors.all()) == [inventor]
    assert achievement.history.get().history_user == staff_user


def test_achievement_update_changes_inventors_with_the_author(staff_user: User) -> None:
    achievement = AchievementFactory.create()
    inventor = PersonFactory.create()

    achievement_update(
        achievement=achievement, by=staff_user, version=achievement.version, inventors=[inventor]
    )

    assert list(achievement.inventors.all()) == [inventor]
    assert achievement.history.latest().history_user == staff_user


def test_achievement_update_refuses_a_stale_version() -> None:
    achievement = AchievementFactory.create()
    with pytest.raises(StaleEditError):
        achievement_update(achievement=achievement, by=None, version=achievement.version + 1)


def test_achievement_update_refuses_a_trl_out_of_range_under_the_field() -> None:
    achievement = AchievementFactory.create()
    with pytest.raises(ValidationError) as error:
        achievement_update(achievement=achievement, by=None, trl=12)
    assert "trl" in error.value.error_dict


def test_the_stage_is_moved_by_recording_it_not_by_an_update() -> None:
    achievement = AchievementFactory.create()
    with pytest.raises(TypeError):
        achievement_update(achievement=achievement, by=None, stage=Stage.MARKET)


# The table of stage moves ---------------------------------------------------------------------


def test_any_stage_may_follow_any_other() -> None:
    for stage in STAGE_ORDER:
        assert STAGE_MOVES.into(stage) == set(STAGE_ORDER) - {stage}


def test_the_record_stage_step_is_offered_while_the_table_lets_the_stage_move_on() -> None:
    for stage in STAGE_ORDER:
        achievement = AchievementFactory.build(stage=stage)
        assert RECORD_STAGE.offered_for(achievement) == bool(STAGE_MOVES.out_of(stage))


def test_recording_the_current_stage_again_is_a_move_absent_from_the_table() -> None:
    achievement = with_stages(Stage.PROTOTYPE)

    with pytest.raises(ValidationError) as error:
        achievement_record_stage(
            achievement=achievement, stage=Stage.PROTOTYPE, reached_on=D(2023, 6, 1), by=None
        )

    assert codes(error, "stage") == ["already_at_stage"]


def test_going_back_needs_the_confirmation() -> None:
    achievement = with_stages(Stage.PROTOTYPE, Stage.PILOT)

    with pytest.raises(ValidationError) as error:
        achievement_record_stage(
            achievement=achievement, stage=Stage.PROTOTYPE, reached_on=D(2023, 6, 1), by=None
        )
    assert codes(error, "stage") == ["stage_backwards"]

    achievement_record_stage(
        achievement=achievement,
        stage=Stage.PROTOTYPE,
        reached_on=D(2023, 6, 1),
        going_back=True,
        by=None,
    )
    assert achievement.stage == Stage.PROTOTYPE


# Deleting -------------------------------------------------------------------------------------


def test_an_achievement_with_one_stage_entry_may_be_deleted(staff_user: User) -> None:
    achievement = with_stages(Stage.RESEARCH)
    pk = achievement.pk

    achievement_delete(achievement=achievement, by=staff_user)

    assert not Achievement.objects.filter(pk=pk).exists()
    deleted = Achievement.history.get(id=pk, history_type="-")
    assert deleted.history_user == staff_user


def test_an_achievement_with_a_stage_history_is_not_deleted() -> None:
    achievement = with_stages(Stage.RESEARCH, Stage.PROTOTYPE)

    with pytest.raises(ValidationError) as error:
        achievement_delete(achievement=achievement, by=None)

    assert codes(error) == ["not_deletable"]
    assert Achievement.objects.filter(pk=achievement.pk).exists()


def test_an_achievement_financing_was_raised_for_is_not_deleted() -> None:
    financing_round = FinancingRoundFactory.create(
        venture=None, achievement=AchievementFactory.create()
    )

    assert financing_round.achievement is not None

    with pytest.raises(ValidationError) as error:
        achievement_delete(achievement=financing_round.achievement, by=None)

    assert codes(error) == ["not_deletable"]


def test_achievement_delete_refuses_a_stale_version() -> None:
    achievement = AchievementFactory.create()
    with pytest.raises(StaleEditError):
        achievement_delete(achievement=achievement, by=None, version=achievement.version + 1)


# The pages and the admin ----------------------------------------------------------------------


def test_the_edit_page_sets_inventors_through_the_service(
    signed_in: Client, staff_user: User
) -> None:
    achievement = AchievementFactory.create()
    inventor = PersonFactory.create()
    data = {
        "title_zh": achievement.title_zh,
        "kind": achievement.kind,
        "trl": 3,
        "inventors": [inventor.pk],
        "loaded_version": achievement.version,
    }

    response = signed_in.post(
        reverse("achievements:achievement_edit", args=(achievement.pk,)), data
    )

    assert response.status_code == 302
    assert list(achievement.inventors.all()) == [inventor]
    assert achievement.history.latest().history_user == staff_user


def test_the_delete_page_refuses_an_achievement_with_a_stage_history(signed_in: Client) -> None:
    achievement = with_stages(Stage.RESEARCH, Stage.PROTOTYPE)

    response = signed_in.post(reverse("achievements:achievement_delete", args=(achievement.pk,)))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "achievements:achievement_detail", args=(achievement.pk,)
    )
    assert any("history of the stages" in m for m in messages_of(response))
    assert Achievement.objects.filter(pk=achievement.pk).exists()


def test_the_admin_refuses_deleting_an_achievement_with_a_stage_history(
    admin_client: Client,
) -> None:
    achievement = with_stages(Stage.RESEARCH, Stage.PROTOTYPE)

    response = admin_client.post(admin_url(Achievement, "delete", achievement.pk), {"post": "yes"})

    assert response.status_code == 302
    assert any("history of the stages" in m for m in messages_of(response))
    assert achievement.stage_history.count() == 2


def test_the_admin_deletes_an_achievement_with_its_first_stage_entry(
    admin_client: Client,
) -> None:
    achievement = with_stages(Stage.RESEARCH)
    pk = achievement.pk

    response = admin_client.post(admin_url(Achievement, "delete", pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Achievement.objects.filter(pk=pk).exists()


def test_the_admin_change_page_shows_the_refusal(admin_client: Client) -> None:
    achievement = AchievementFactory.create()
    url = admin_url(Achievement, "change", achievement.pk)

    response = admin_client.post(url, {**posted_back(admin_client.get(url)), "trl": "12"})

    assert response.status_code == 200
    assert "trl" in response.context["adminform"].form.errors
    achievement.refresh_from_db()
    assert achievement.trl == 1
