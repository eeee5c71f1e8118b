import datetime

import factory

from liaison.agreements.choices import AgreementKind, PartyRole
from liaison.agreements.models import Agreement, AgreementParty, PaymentMilestone, SigningEvent
from tests.organizations.factories import OrganizationFactory


class SigningEventFactory(factory.django.DjangoModelFactory[SigningEvent]):
    class Meta:
        model = SigningEvent

    title_zh = factory.Sequence(lambda n: f"科技创新项目集中签约仪式{n}")
    title_en = factory.Sequence(lambda n: f"Signing ceremony {n}")
    held_on = datetime.date(2023, 5, 6)
    place = "温州"


class AgreementFactory(factory.django.DjangoModelFactory[Agreement]):
    """A draft agreement; move it on with the agreement services."""

    class Meta:
        model = Agreement

    number = factory.Sequence(lambda n: f"WZ-TEST-{n:05d}")
    title_zh = factory.Sequence(lambda n: f"技术开发合同{n}")
    title_en = factory.Sequence(lambda n: f"Technology development contract {n}")
    kind = AgreementKind.TECH_DEVELOPMENT


class AgreementPartyFactory(factory.django.DjangoModelFactory[AgreementParty]):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = PartyRole.PARTNER


class PaymentMilestoneFactory(factory.django.DjangoModelFactory[PaymentMilestone]):
    class Meta:
        model = PaymentMilestone

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Payment {n}")
    due_on = datetime.date(2024, 1, 1)
