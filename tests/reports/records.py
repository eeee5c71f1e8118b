"""Records in the states the figures count, set directly on the factories' rows.

The figures read dates and statuses; these helpers set them without the services, so the
reports tests do not depend on how the services move records along.
"""

import datetime
from decimal import Decimal

from liaison.achievements.models import StageEntry
from liaison.agreements.choices import AgreementStatus
from liaison.financing.choices import RoundStatus
from liaison.needs.choices import NeedStatus
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementFactory, AgreementPartyFactory
from tests.financing.factories import FinancingRoundFactory
from tests.needs.factories import ServiceRecordFactory, TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory

AS_OF = datetime.date(2023, 5, 8)
BEFORE = datetime.date(2023, 5, 6)
AFTER = datetime.date(2023, 5, 9)


def served(organization=None, /, *, on=BEFORE, **org):
    """An organization (local enterprise by default) with one service delivered `on`."""
    organization = organization or OrganizationFactory(**org)
    ServiceRecordFactory(organization=organization, delivered_on=on)
    return organization


def party_to(agreement_kind, organization=None, /, *, signed_on=BEFORE, ended_on=None, **org):
    """An organization party to an agreement of `agreement_kind` signed on `signed_on`."""
    organization = organization or OrganizationFactory(**org)
    status = AgreementStatus.SIGNED if ended_on is None else AgreementStatus.TERMINATED
    agreement = AgreementFactory(
        kind=agreement_kind, status=status, signed_on=signed_on, ended_on=ended_on
    )
    AgreementPartyFactory(agreement=agreement, organization=organization)
    return organization


def solved_need(*, on=BEFORE):
    return TechnicalNeedFactory(
        status=NeedStatus.SOLVED, solved_on=on, solution_summary="Coating process redesigned."
    )


def achievement_at(stage, *, on=BEFORE):
    achievement = AchievementFactory(stage=stage, stage_since=on)
    StageEntry.objects.create(achievement=achievement, stage=stage, reached_on=on)
    return achievement


def closed_round(amount, *, on=BEFORE, currency="CNY", cny_rate=Decimal(1), status=None):
    return FinancingRoundFactory(
        amount=Decimal(amount),
        currency=currency,
        cny_rate=cny_rate,
        status=status or RoundStatus.CLOSED,
        closed_on=on,
    )
