"""The demo's industry chains (issue 19): the five chains with segments upstream to downstream,
records of the demo placed on them after the report, suggestions waiting, and gaps."""

from __future__ import annotations

import pytest

from liaison.chains.choices import PlacedKind, PlacementStatus, Position
from liaison.chains.models import IndustryChain, SegmentPlacement
from liaison.chains.selectors import chain_map
from liaison.demo import announcement as report
from liaison.demo.loader import DemoSummary
from tests.accounts.factories import UserFactory
from tests.demo.conftest import demo  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_five_chains_of_the_issue_run_from_upstream_to_downstream(
    demo: DemoSummary,  # noqa: F811
) -> None:
    chains = list(IndustryChain.objects.prefetch_related("segments"))
    assert [c.name_zh for c in chains] == ["生命健康", "生物医用材料", "医疗器械", "食品", "新材料"]
    for chain in chains:
        positions = {s.position for s in chain.segments.all()}
        assert positions == {Position.UPSTREAM, Position.MIDSTREAM, Position.DOWNSTREAM}


def test_records_of_every_kind_are_placed_after_the_report_and_some_wait_for_a_decision(
    demo: DemoSummary,  # noqa: F811
) -> None:
    accepted = SegmentPlacement.objects.filter(status=PlacementStatus.ACCEPTED)
    assert set(accepted.values_list("kind", flat=True)) == set(PlacedKind.values)
    assert SegmentPlacement.objects.filter(status=PlacementStatus.SUGGESTED).exists()
    for placement in SegmentPlacement.objects.all():
        assert placement.history.earliest().history_date.date() > report.AS_OF
        if placement.status == PlacementStatus.SUGGESTED:
            assert placement.explanation["terms"]
            assert placement.decided_by is None
        else:
            assert placement.decided_at is not None


def test_the_maps_show_gaps_where_open_needs_have_no_answer(
    demo: DemoSummary,  # noqa: F811
) -> None:
    staff = UserFactory.create()
    maps = {c.code: chain_map(chain=c, user=staff) for c in IndustryChain.objects.all()}
    gaps = {(code, row.segment.code) for code, found in maps.items() for row in found.gaps}
    assert ("BIOMAT", "CLINICAL") in gaps
    assert len(gaps) < sum(len(found.rows) for found in maps.values())
    biomaterials = maps["BIOMAT"]
    assert any(row.achievements.count and row.experts.count for row in biomaterials.rows)
