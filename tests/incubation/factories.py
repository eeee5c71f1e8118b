"""Incubated companies for tests: a stay at an incubation center, moved on with the services."""

from __future__ import annotations

import datetime
from typing import Any

import factory

from liaison.centers.choices import CenterKind
from liaison.incubation.choices import MilestoneKind, Origin, ResourceKind
from liaison.incubation.models import Incubation, IncubationMilestone, IncubationResource
from liaison.incubation.services import incubation_start
from tests.centers.factories import CenterFactory
from tests.organizations.factories import OrganizationFactory


class IncubatorFactory(CenterFactory):
    """An incubation center: the only kind of center that admits companies."""

    name_zh = factory.Sequence(lambda n: f"科技创新孵化中心{n}")
    name_en = factory.Sequence(lambda n: f"Incubation Center {n}")
    kind = CenterKind.INCUBATION


class IncubationFactory(factory.django.DjangoModelFactory[Incubation]):
    """An outside tenant admitted on 2024-03-01; move it on with the incubation services."""

    class Meta:
        model = Incubation

    organization = factory.SubFactory(OrganizationFactory)
    center = factory.SubFactory(IncubatorFactory)
    origin = Origin.OUTSIDE_TENANT
    admitted_on = datetime.date(2024, 3, 1)
    space = "3号楼204室"


class IncubationMilestoneFactory(factory.django.DjangoModelFactory[IncubationMilestone]):
    class Meta:
        model = IncubationMilestone

    incubation = factory.SubFactory(IncubationFactory)
    kind = MilestoneKind.FIRST_CUSTOMER
    reached_on = datetime.date(2024, 9, 1)
    evidence = "首单合同"


class IncubationResourceFactory(factory.django.DjangoModelFactory[IncubationResource]):
    class Meta:
        model = IncubationResource

    incubation = factory.SubFactory(IncubationFactory)
    kind = ResourceKind.OFFICE_SPACE
    starts_on = datetime.date(2024, 3, 1)


def incubating(**fields: Any) -> Incubation:
    """A company admitted on 2024-03-01 that started incubating on 2024-04-01."""
    stay = IncubationFactory.create(**fields)
    return incubation_start(incubation=stay, on=datetime.date(2024, 4, 1), by=None)
