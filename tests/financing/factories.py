import datetime
from decimal import Decimal

import factory

from liaison.financing.choices import RoundKind
from liaison.financing.models import FinancingRound, RoundInvestor
from tests.organizations.factories import OrganizationFactory


class FinancingRoundFactory(factory.django.DjangoModelFactory[FinancingRound]):
    """An announced round; close it with the financing services."""

    class Meta:
        model = FinancingRound

    venture = factory.SubFactory(OrganizationFactory)
    kind = RoundKind.SERIES_A
    amount = Decimal("10000000.00")
    announced_on = datetime.date(2022, 6, 1)


class RoundInvestorFactory(factory.django.DjangoModelFactory[RoundInvestor]):
    class Meta:
        model = RoundInvestor

    round = factory.SubFactory(FinancingRoundFactory)
    organization = factory.SubFactory(OrganizationFactory, kind="investor")
