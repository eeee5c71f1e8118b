"""An achievement's stage is recorded with the button on its page; its history is read-only."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from liaison.achievements.choices import Stage
from liaison.achievements.services import achievement_record_stage
from tests.achievements.factories import AchievementFactory
from tests.core.admin_pages import admin_url

pytestmark = pytest.mark.django_db


def test_recording_a_stage_moves_the_achievement_on(admin_client: Client) -> None:
    achievement = AchievementFactory.create()

    response = admin_client.post(
        admin_url(achievement, "transition", achievement.pk, "record-stage"),
        {"stage": Stage.CLINICAL_TRIAL, "reached_on": "2023-06-01", "evidence": "伦理批件"},
    )

    assert response.status_code == 302
    achievement.refresh_from_db()
    assert (achievement.stage, achievement.stage_since) == (
        Stage.CLINICAL_TRIAL,
        datetime.date(2023, 6, 1),
    )


def test_stage_going_back_in_time_is_refused_under_the_date(admin_client: Client) -> None:
    achievement = AchievementFactory.create()
    achievement_record_stage(
        achievement=achievement, stage=Stage.PILOT, reached_on=datetime.date(2023, 6, 1), by=None
    )

    response = admin_client.post(
        admin_url(achievement, "transition", achievement.pk, "record-stage"),
        {"stage": Stage.MARKET, "reached_on": "2023-01-01"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reached_on"]


def test_stage_history_is_shown_read_only_on_the_achievement(admin_client: Client) -> None:
    achievement = AchievementFactory.create()
    achievement_record_stage(
        achievement=achievement, stage=Stage.PILOT, reached_on=datetime.date(2023, 6, 1), by=None
    )

    response = admin_client.get(admin_url(achievement, "change", achievement.pk))

    history = response.context["inline_admin_formsets"][0]
    assert not history.has_add_permission
    assert not history.has_change_permission
    assert not history.has_delete_permission
    assert "2023-06-01" in response.content.decode() or "June 1, 2023" in response.content.decode()
