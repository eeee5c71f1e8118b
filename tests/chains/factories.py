"""Industry chains for tests: a chain, its segments, and records placed through the services."""

from __future__ import annotations

from typing import Any

import factory
from django.db import models

from liaison.chains.choices import PlacementSource, Position
from liaison.chains.models import ChainSegment, IndustryChain, SegmentPlacement
from liaison.chains.services import place


class IndustryChainFactory(factory.django.DjangoModelFactory[IndustryChain]):
    class Meta:
        model = IndustryChain

    code = factory.Sequence(lambda n: f"CHAIN{n}")
    name_zh = factory.Sequence(lambda n: f"测试产业链{n}")
    name_en = factory.Sequence(lambda n: f"Test chain {n}")
    region = "温州市"


class ChainSegmentFactory(factory.django.DjangoModelFactory[ChainSegment]):
    class Meta:
        model = ChainSegment

    chain = factory.SubFactory(IndustryChainFactory)
    code = factory.Sequence(lambda n: f"SEG{n}")
    name_zh = factory.Sequence(lambda n: f"测试环节{n}")
    name_en = factory.Sequence(lambda n: f"Test segment {n}")
    position = Position.MIDSTREAM


class SegmentPlacementFactory(factory.django.DjangoModelFactory[SegmentPlacement]):
    """A placement of a new organization, accepted; place other records with `placed`."""

    class Meta:
        model = SegmentPlacement

    segment = factory.SubFactory(ChainSegmentFactory)
    organization = factory.SubFactory("tests.organizations.factories.OrganizationFactory")
    kind = "organization"


def placed(
    record: models.Model,
    segment: ChainSegment | None = None,
    *,
    source: str = PlacementSource.BY_HAND,
    **kwargs: Any,
) -> SegmentPlacement:
    """`record` placed on `segment` (a new one unless given) through the service."""
    return place(
        segment=segment or ChainSegmentFactory.create(),
        record=record,
        by=None,
        source=source,
        **kwargs,
    )


def suggested(record: models.Model, segment: ChainSegment | None = None) -> SegmentPlacement:
    return placed(
        record,
        segment,
        source=PlacementSource.SUGGESTED,
        score=1.5,
        explanation={"terms": [{"term": "敷料", "weight": 1.0, "share": 1.0}], "supports": []},
    )
