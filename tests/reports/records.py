"""Records in the states the figures count, set directly on the factories' rows.

The figures read dates and statuses; these helpers set them without the services, so the
reports tests do not depend on how the services move records along.
"""

import datetime
from decimal import Decimal
from typing import Any

from liaison.achievements.models import Achievement, StageEntry
from liaison.agreements.choices import AgreementStatus
from liaison.financing.choices import RoundStatus
from liaison.financing.models import FinancingRound
from liaison.needs.choices import NeedStatus
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementFactory, AgreementPartyFactory
from tests.financing.factories import FinancingRoundFactory
from tests.needs.factories import ServiceRecordFactory, TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory

AS_OF = datetime.date(2023, 5, 8)
BEFORE = datetime.date(2023, 5, 6)
AFTER = datetime.date(2023, 5, 9)


def served(
    organization: Organization | None = None, /, *, on: datetime.date = BEFORE, **org: Any
) -> Organization:
    """An organization (local enterprise by default) with one service delivered `on`."""
    organization = organization or OrganizationFactory.create(**org)
    ServiceRecordFactory.create(organization=organization, delivered_on=on)
    return organization


def party_to(
    agreement_kind: str,
    organization: Organization | None = None,
    /,
    *,
    signed_on: datetime.date | None = BEFORE,
    ended_on: datetime.date | None = None,
    **org: Any,
) -> Organization:
    """An organization party to an agreement of `agreement_kind` signed on `signed_on`."""
    organization = organization or OrganizationFactory.create(**org)
    status = AgreementStatus.SIGNED if ended_on is None else AgreementStatus.TERMINATED
    agreement = AgreementFactory.create(
        kind=agreement_kind, status=status, signed_on=signed_on, ended_on=ended_on
    )
    AgreementPartyFactory.create(agreement=agreement, organization=organization)
    return organization


def solved_need(*, on: datetime.date = BEFORE) -> TechnicalNeed:
    return TechnicalNeedFactory.create(
        status=NeedStatus.SOLVED, solved_on=on, solution_summary="Coating process redesigned."
    )


def achievement_at(stage: str, *, on: datetime.date = BEFORE) -> Achievement:
    achievement = AchievementFactory.create(stage=stage, stage_since=on)
    StageEntry.objects.create(achievement=achievement, stage=stage, reached_on=on)
    return achievement


def closed_round(
    amount: str | int,
    *,
    on: datetime.date | None = BEFORE,
    currency: str = "CNY",
    cny_rate: Decimal = Decimal(1),
    status: str | None = None,
) -> FinancingRound:
    return FinancingRoundFactory.create(
        amount=Decimal(amount),
        currency=currency,
        cny_rate=cny_rate,
        status=status or RoundStatus.CLOSED,
        closed_on=on,
    )
