"""Placing records on segments: one record each, once per segment, accepted or suggested."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from liaison.chains import services
from liaison.chains.choices import PlacedKind, PlacementSource, PlacementStatus
from liaison.chains.models import ChainSegment, SegmentPlacement
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementFactory
from tests.centers.factories import CenterFactory
from tests.chains.factories import ChainSegmentFactory, IndustryChainFactory, placed, suggested
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "kind"),
    [
        (OrganizationFactory, PlacedKind.ORGANIZATION),
        (TechnicalNeedFactory, PlacedKind.NEED),
        (AchievementFactory, PlacedKind.ACHIEVEMENT),
        (CenterFactory, PlacedKind.CENTER),
        (AgreementFactory, PlacedKind.AGREEMENT),
        (PersonFactory, PlacedKind.PERSON),
    ],
)
def test_each_kind_of_record_is_placed_by_hand_and_accepted_at_once(
    factory: Any, kind: str
) -> None:
    record = factory.create()
    by = UserFactory.create()
    placement = services.place(segment=ChainSegmentFactory.create(), record=record, by=by)
    assert placement.kind == kind
    assert placement.record == record
    assert placement.status == PlacementStatus.ACCEPTED
    assert placement.source == PlacementSource.BY_HAND
    assert placement.decided_by == by
    assert placement.decided_at is not None


def test_a_placement_names_exactly_one_record() -> None:
    segment = ChainSegmentFactory.create()
    with pytest.raises(ValidationError) as none:
        services.placement_create(by=None, segment=segment)
    assert "__all__" in none.value.message_dict
    with pytest.raises(ValidationError) as two:
        services.placement_create(
            by=None,
            segment=segment,
            organization=OrganizationFactory.create(),
            need=TechnicalNeedFactory.create(),
        )
    assert "need" in two.value.message_dict
    assert not SegmentPlacement.objects.exists()


def test_the_database_refuses_a_placement_of_two_records() -> None:
    segment = ChainSegmentFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        SegmentPlacement.objects.create(
            segment=segment,
            kind=PlacedKind.ORGANIZATION,
            organization=OrganizationFactory.create(),
            person=PersonFactory.create(),
        )


def test_a_record_is_placed_once_on_a_segment_but_may_be_on_others() -> None:
    organization = OrganizationFactory.create()
    first = placed(organization)
    with pytest.raises(ValidationError) as error:
        placed(organization, first.segment)
    assert error.value.message_dict["organization"][0].startswith("“")
    other = placed(organization, ChainSegmentFactory.create(chain=first.segment.chain))
    assert other.pk != first.pk


def test_a_suggestion_waits_for_a_person_who_accepts_or_rejects_it() -> None:
    by = UserFactory.create()
    accepted = suggested(OrganizationFactory.create())
    assert accepted.status == PlacementStatus.SUGGESTED
    assert accepted.decided_by is None
    services.placement_accept(placement=accepted, by=by)
    assert accepted.status == PlacementStatus.ACCEPTED
    assert accepted.decided_by == by
    assert accepted.score == 1.5
    rejected = suggested(OrganizationFactory.create())
    services.placement_reject(placement=rejected, by=by, note="不相关")
    assert rejected.status == PlacementStatus.REJECTED
    assert rejected.note == "不相关"


def test_a_decided_placement_cannot_be_decided_again() -> None:
    accepted = placed(OrganizationFactory.create())
    with pytest.raises(ValidationError):
        services.placement_reject(placement=accepted, by=None)
    rejected = suggested(OrganizationFactory.create())
    services.placement_reject(placement=rejected, by=None)
    with pytest.raises(ValidationError):
        services.placement_accept(placement=rejected, by=None)


def test_the_engine_does_not_suggest_a_record_already_on_the_segment_or_rejected_there() -> None:
    segment = ChainSegmentFactory.create()
    on_it = OrganizationFactory.create()
    placed(on_it, segment)
    turned_down = suggested(OrganizationFactory.create(), segment)
    services.placement_reject(placement=turned_down, by=None)
    assert turned_down.organization is not None
    for record in (on_it, turned_down.organization):
        assert (
            services.suggest(segment=segment, record=record, score=2.0, explanation={}, by=None)
            is None
        )
    new = services.suggest(
        segment=segment, record=OrganizationFactory.create(), score=2.0, explanation={}, by=None
    )
    assert new is not None
    assert new.status == PlacementStatus.SUGGESTED


def test_an_update_moves_the_placement_to_another_record_and_keeps_its_kind_true() -> None:
    placement = placed(OrganizationFactory.create())
    need = TechnicalNeedFactory.create()
    services.placement_update(
        segmentplacement=placement, by=None, version=placement.version, organization=None, need=need
    )
    placement.refresh_from_db()
    assert placement.kind == PlacedKind.NEED
    assert placement.need == need
    assert placement.organization is None


def test_a_chain_with_segments_and_a_segment_with_placements_are_not_deleted() -> None:
    segment = placed(OrganizationFactory.create()).segment
    with pytest.raises(ValidationError):
        services.chain_delete(industrychain=segment.chain, by=None)
    with pytest.raises(ValidationError):
        services.segment_delete(chainsegment=segment, by=None)
    empty = IndustryChainFactory.create()
    services.chain_delete(industrychain=empty, by=None)
    assert not type(empty).objects.filter(pk=empty.pk).exists()


def test_segment_codes_are_unique_within_a_chain_only() -> None:
    segment = ChainSegmentFactory.create(code="RAW")
    with pytest.raises(ValidationError):
        services.segment_create(
            by=None, chain=segment.chain, code="RAW", name_zh="原料", position="upstream"
        )
    services.segment_create(
        by=None,
        chain=IndustryChainFactory.create(),
        code="RAW",
        name_zh="原料",
        position="upstream",
    )
    assert ChainSegment.objects.filter(code="RAW").count() == 2
