"""Joint training records: a training agreement with its two sides, trainees, supervisors.

`training_agreement()` is a talent-training agreement between the institute and a university
(or `partner_kind`); `institute_person()` and `partner_person(agreement)` are people who may
supervise at either side of it.
"""

from __future__ import annotations

import datetime
from typing import Any

import factory

from liaison.agreements.choices import AgreementKind, PartyRole
from liaison.agreements.models import Agreement
from liaison.organizations.choices import OrganizationKind
from liaison.organizations.models import Organization
from liaison.people.models import Person
from liaison.training.choices import SupervisionSide, TraineeLevel
from liaison.training.models import Supervision, Trainee
from liaison.training.services import partner_organizations
from tests.agreements.factories import AgreementFactory, AgreementPartyFactory
from tests.organizations.factories import InstituteFactory, OrganizationFactory
from tests.people.factories import AffiliationFactory, PersonFactory

D = datetime.date


def the_institute() -> Organization:
    return Organization.objects.filter(is_institute=True).first() or InstituteFactory.create()


def training_agreement(
    *, partner_kind: str = OrganizationKind.UNIVERSITY, **fields: Any
) -> Agreement:
    """A talent-training agreement between the institute and a university (or `partner_kind`)."""
    fields.setdefault("kind", AgreementKind.TALENT_TRAINING)
    agreement = AgreementFactory.create(**fields)
    AgreementPartyFactory.create(
        agreement=agreement, organization=the_institute(), role=PartyRole.INSTITUTE
    )
    AgreementPartyFactory.create(
        agreement=agreement,
        organization=OrganizationFactory.create(kind=partner_kind),
        role=PartyRole.PARTNER,
    )
    return agreement


def institute_person(**fields: Any) -> Person:
    """A researcher of the institute: may supervise at the institute's side."""
    person = PersonFactory.create(**fields)
    AffiliationFactory.create(person=person, organization=the_institute())
    return person


def partner_person(agreement: Agreement, **fields: Any) -> Person:
    """Someone of the agreement's (first) partner: may supervise at the partner's side."""
    person = PersonFactory.create(**fields)
    AffiliationFactory.create(person=person, organization=partner_organizations(agreement)[0])
    return person


class TraineeFactory(factory.django.DjangoModelFactory[Trainee]):
    """A master's student in training under a new training agreement with a university."""

    class Meta:
        model = Trainee

    person = factory.SubFactory(PersonFactory)
    agreement = factory.LazyFunction(training_agreement)
    level = TraineeLevel.MASTER
    starts_on = D(2024, 9, 1)
    title = factory.Sequence(lambda n: f"Hydrogel wound dressings {n}")


class SupervisionFactory(factory.django.DjangoModelFactory[Supervision]):
    """A supervisor of the institute's side."""

    class Meta:
        model = Supervision

    trainee = factory.SubFactory(TraineeFactory)
    supervisor = factory.LazyFunction(institute_person)
    side = SupervisionSide.INSTITUTE
