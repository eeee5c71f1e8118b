"""Technology brokers for tests: a person broker, an organization broker, their deals."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory

from liaison.agreements.models import Agreement
from liaison.brokers import services
from liaison.brokers.choices import CertificateLevel, CommissionBasis
from liaison.brokers.models import Broker, BrokerEngagement, CommissionPayment, Introduction
from tests.agreements.factories import signed_technical_agreement
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

SIGNED_ON = datetime.date(2025, 3, 10)


class BrokerFactory(factory.django.DjangoModelFactory[Broker]):
    """A person broker with an intermediate certificate, on 3 percent by default."""

    class Meta:
        model = Broker

    person = factory.SubFactory(PersonFactory)
    certificate_level = CertificateLevel.INTERMEDIATE
    certificate_number = factory.Sequence(lambda n: f"JSJJR-2023-{n:05d}")
    certificate_issued_on = datetime.date(2023, 6, 1)
    certificate_issuer = "浙江省科学技术厅"
    fields_of_practice = factory.LazyFunction(lambda: ["生物医用材料", "医疗器械"])
    default_commission_rate = Decimal("3.00")


class OrganizationBrokerFactory(BrokerFactory):
    """An organization acting as intermediary (a technology-transfer service firm)."""

    person = None  # type: ignore[assignment]
    organization = factory.SubFactory(OrganizationFactory, kind="service_provider")


class IntroductionFactory(factory.django.DjangoModelFactory[Introduction]):
    class Meta:
        model = Introduction

    broker = factory.SubFactory(BrokerFactory)
    need = factory.SubFactory(TechnicalNeedFactory)
    organization = factory.LazyAttribute(lambda i: i.need.organization)
    introduced_on = datetime.date(2023, 3, 5)


def engaged(
    broker: Broker | None = None,
    agreement: Agreement | None = None,
    *,
    value: Decimal = Decimal("1000000"),
    **fields: Any,
) -> BrokerEngagement:
    """A broker party, on 3 percent, to a technical contract worth `value` signed on
    2025-03-10 (an organization broker as its intermediary party)."""
    broker = broker or BrokerFactory.create()
    if agreement is None:
        agreement = signed_technical_agreement(signed_on=SIGNED_ON, value=value)
    if broker.organization is not None:
        from tests.agreements.factories import AgreementPartyFactory

        AgreementPartyFactory.create(
            agreement=agreement, organization=broker.organization, role="intermediary"
        )
    values: dict[str, Any] = {
        "basis": CommissionBasis.RATE,
        "commission_rate": Decimal("3.00"),
        **fields,
    }
    return services.engagement_create(by=None, broker=broker, agreement=agreement, **values)


class CommissionPaymentFactory(factory.django.DjangoModelFactory[CommissionPayment]):
    class Meta:
        model = CommissionPayment

    engagement = factory.LazyFunction(engaged)
    paid_on = datetime.date(2025, 4, 1)
    amount = Decimal("10000")
    reference = factory.Sequence(lambda n: f"PZ-{n:04d}")


class BrokerEngagementFactory(factory.django.DjangoModelFactory[BrokerEngagement]):
    """An engagement written as its service leaves it (see `engaged` to go through it)."""

    class Meta:
        model = BrokerEngagement

    broker = factory.SubFactory(BrokerFactory)
    agreement = factory.LazyFunction(
        lambda: signed_technical_agreement(signed_on=SIGNED_ON, value=Decimal("1000000"))
    )
    basis = CommissionBasis.RATE
    commission_rate = Decimal("3.00")
    commission_amount = Decimal("30000.00")
