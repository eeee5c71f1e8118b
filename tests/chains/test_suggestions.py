"""Suggested by the matching engine: a segment's text ranks records, written as suggestions
with their score and explanation; a record already on the segment is not suggested again."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.choices import RoleKind
from liaison.achievements.models import Achievement
from liaison.chains.choices import PlacedKind, PlacementSource, PlacementStatus
from liaison.chains.models import SegmentPlacement
from liaison.matching.chain_suggestions import suggest_for_segment
from liaison.matching.indexing import rebuild
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.chains.factories import ChainSegmentFactory, placed
from tests.matching.conftest import index_dir  # noqa: F401  (each test its own index)

pytestmark = pytest.mark.django_db


@pytest.fixture
def segment() -> Any:
    AchievementFactory.create(
        title_zh="壳聚糖抗菌医用敷料",
        description="壳聚糖 敷料 抗菌 伤口愈合",
        keywords=["壳聚糖", "敷料"],
    )
    AchievementFactory.create(
        title_zh="高强度铝合金焊接工艺", description="铝合金 焊接", keywords=["焊接"]
    )
    rebuild()
    return ChainSegmentFactory.create(
        name_zh="医用敷料",
        keywords=["壳聚糖", "敷料", "伤口愈合"],
        description="抗菌敷料与伤口护理产品",
    )


def test_a_segment_gets_the_records_its_text_matches_as_explained_suggestions(segment: Any) -> None:
    made = suggest_for_segment(segment=segment, by=None)
    achievements = [p for p in made if p.kind == PlacedKind.ACHIEVEMENT]
    dressing = Achievement.objects.get(title_zh="壳聚糖抗菌医用敷料")
    assert [p.achievement_id for p in achievements] == [dressing.pk]
    suggestion = achievements[0]
    assert suggestion.status == PlacementStatus.SUGGESTED
    assert suggestion.source == PlacementSource.SUGGESTED
    assert suggestion.score is not None
    assert suggestion.score > 0
    assert {t["term"] for t in suggestion.explanation["terms"]} & {"壳聚糖", "敷料"}


def test_suggesting_again_adds_nothing_already_there(segment: Any) -> None:
    first = suggest_for_segment(segment=segment, by=None)
    assert first
    assert suggest_for_segment(segment=segment, by=None) == []


def test_a_record_placed_by_hand_is_not_suggested(segment: Any) -> None:
    dressing = AchievementFactory._meta.model.objects.get(title_zh="壳聚糖抗菌医用敷料")
    placed(dressing, segment)
    made = suggest_for_segment(segment=segment, by=None)
    assert all(p.achievement != dressing for p in made)


def test_staff_ask_for_suggestions_from_the_segment_page(signed_in: Client, segment: Any) -> None:
    url = reverse("matching:segment_suggest", args=(segment.pk,))
    response = signed_in.post(url)
    assert response["Location"] == reverse("chains:chainsegment_detail", args=(segment.pk,))
    assert SegmentPlacement.objects.filter(
        segment=segment, status=PlacementStatus.SUGGESTED
    ).exists()


def test_leadership_may_not_ask_for_suggestions(client: Client, segment: Any) -> None:
    client.force_login(UserFactory.create(role=RoleKind.LEADERSHIP))
    response = client.post(reverse("matching:chain_suggest", args=(segment.chain_id,)))
    assert response.status_code == 403
    assert not SegmentPlacement.objects.exists()
