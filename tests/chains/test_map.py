"""The map of a chain: its figures per segment, counted over accepted placements, and its gaps.

A gap is a segment with open needs and neither an available achievement nor an expert; each
side of each condition is tested.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.chains.choices import Position
from liaison.chains.models import ChainSegment
from liaison.chains.selectors import chain_map, experts_of, is_gap, segment_figures
from liaison.organizations.choices import OrganizationKind
from liaison.people.choices import PersonKind
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementFactory
from tests.centers.factories import AppointmentFactory, CenterFactory
from tests.chains.factories import ChainSegmentFactory, IndustryChainFactory, placed, suggested
from tests.needs.factories import closed, in_progress, solved, submitted, withdrawn
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> Any:
    return UserFactory.create()


def figures(segment: ChainSegment, user: Any) -> Any:
    return segment_figures(segment=segment, user=user)


@pytest.mark.parametrize(
    ("open_needs", "achievements", "experts", "gap"),
    [
        (1, 0, 0, True),
        (0, 0, 0, False),
        (1, 1, 0, False),
        (1, 0, 1, False),
        (2, 1, 1, False),
    ],
)
def test_the_gap_rule(open_needs: int, achievements: int, experts: int, gap: bool) -> None:
    assert is_gap(open_needs=open_needs, achievements=achievements, experts=experts) is gap


def test_a_segment_with_an_open_need_and_nothing_to_answer_it_is_a_gap(staff: Any) -> None:
    segment = ChainSegmentFactory.create()
    placed(submitted(), segment)
    assert figures(segment, staff).gap


@pytest.mark.parametrize("ended", [solved, closed, withdrawn])
def test_a_need_no_longer_open_makes_no_gap(staff: Any, ended: Any) -> None:
    segment = ChainSegmentFactory.create()
    placed(ended(), segment)
    row = figures(segment, staff)
    assert row.open_needs.count == 0
    assert not row.gap


def test_an_achievement_on_the_segment_fills_the_gap(staff: Any) -> None:
    segment = ChainSegmentFactory.create()
    placed(in_progress(), segment)
    placed(AchievementFactory.create(), segment)
    row = figures(segment, staff)
    assert (row.open_needs.count, row.achievements.count) == (1, 1)
    assert not row.gap


def test_an_expert_placed_fills_the_gap_unless_unavailable(staff: Any) -> None:
    segment = ChainSegmentFactory.create()
    placed(submitted(), segment)
    busy = PersonFactory.create(available=False)
    placed(busy, segment)
    assert figures(segment, staff).gap
    placed(PersonFactory.create(), segment)
    row = figures(segment, staff)
    assert row.experts.count == 1
    assert not row.gap


def test_a_researcher_serving_at_a_center_placed_is_an_expert_of_the_segment(staff: Any) -> None:
    segment = ChainSegmentFactory.create()
    placed(submitted(), segment)
    center = CenterFactory.create()
    placed(center, segment)
    # A term that ended, one not started, and an enterprise contact: none of them counts.
    AppointmentFactory.create(center=center, ends_on=datetime.date(2024, 1, 1))
    AppointmentFactory.create(center=center, starts_on=datetime.date(2099, 1, 1))
    AppointmentFactory.create(
        center=center, person=PersonFactory.create(kind=PersonKind.ENTERPRISE_CONTACT)
    )
    assert figures(segment, staff).gap
    serving = AppointmentFactory.create(center=center)
    row = figures(segment, staff)
    assert row.experts.count == 1
    assert list(experts_of([segment], staff)) == [serving.person]
    assert not row.gap


def test_a_person_placed_and_serving_at_a_center_placed_counts_once(staff: Any) -> None:
    segment = ChainSegmentFactory.create()
    center = CenterFactory.create()
    placed(center, segment)
    person = AppointmentFactory.create(center=center).person
    placed(person, segment)
    assert figures(segment, staff).experts.count == 1


def test_suggestions_count_nowhere_until_accepted(staff: Any) -> None:
    segment = ChainSegmentFactory.create()
    placed(submitted(), segment)
    suggested(AchievementFactory.create(), segment)
    suggested(PersonFactory.create(), segment)
    row = figures(segment, staff)
    assert (row.achievements.count, row.experts.count, row.suggestions.count) == (0, 0, 2)
    assert row.gap


def test_the_map_counts_each_figure_per_segment_upstream_first(staff: Any) -> None:
    chain = IndustryChainFactory.create()
    down = ChainSegmentFactory.create(chain=chain, position=Position.DOWNSTREAM, order=1)
    up = ChainSegmentFactory.create(chain=chain, position=Position.UPSTREAM, order=9)
    placed(OrganizationFactory.create(), up)
    placed(OrganizationFactory.create(kind=OrganizationKind.UNIVERSITY), up)
    placed(AgreementFactory.create(), down)
    placed(CenterFactory.create(), down)
    placed(submitted(), down)
    placed(OrganizationFactory.create(), ChainSegmentFactory.create())  # another chain
    found = chain_map(chain=chain, user=staff)
    assert [row.segment for row in found.rows] == [up, down]
    first, second = found.rows
    assert (first.enterprises.count, first.agreements.count) == (1, 0)
    assert (second.agreements.count, second.centers.count, second.open_needs.count) == (1, 1, 1)
    assert found.gaps == [second]
    assert [p for p, _rows in found.by_position()] == ["Upstream", "Downstream"]
    assert found.chart()["gaps"] == [False, True]


def test_the_map_makes_the_same_queries_whatever_the_number_of_records(staff: Any) -> None:
    chain = IndustryChainFactory.create()

    def add_segment() -> None:
        segment = ChainSegmentFactory.create(chain=chain)
        placed(submitted(), segment)
        placed(OrganizationFactory.create(), segment)
        center = CenterFactory.create()
        placed(center, segment)
        AppointmentFactory.create(center=center)

    add_segment()
    chain_map(chain=chain, user=staff)  # the user's roles read once
    with CaptureQueriesContext(connection) as one:
        chain_map(chain=chain, user=staff)
    for _ in range(3):
        add_segment()
    with CaptureQueriesContext(connection) as four:
        found = chain_map(chain=chain, user=staff)
    assert len(found.rows) == 4
    assert len(four) == len(one) <= 6
