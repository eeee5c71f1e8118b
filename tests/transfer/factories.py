"""Records of the transfer side, made through its services where they carry rules.

`noticed_agreement(...)` is a transfer (or licence) contract with two parties whose price
notice was posted and concluded: what signing it needs. `signed_transfer(...)` signs it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory

from liaison.achievements.models import Achievement
from liaison.agreements.choices import AgreementKind, PartyRole
from liaison.agreements.models import Agreement
from liaison.agreements.services import agreement_sign
from liaison.transfer import services
from liaison.transfer.choices import CostKind, IncomeKind, RewardBasis, RewardRegime
from liaison.transfer.models import (
    Cost,
    Income,
    PriceNotice,
    PriceObjection,
    Reward,
    RewardPolicy,
    RewardShare,
)
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementFactory, AgreementPartyFactory
from tests.people.factories import PersonFactory

D = datetime.date
# A notice posted on 1 March 2024 for 15 days runs to 16 March; signed from 17 March.
POSTED_ON = D(2024, 3, 1)
PERIOD_ENDS_ON = D(2024, 3, 16)
SIGNABLE_ON = D(2024, 3, 17)


class PriceNoticeFactory(factory.django.DjangoModelFactory[PriceNotice]):
    """A draft notice of an agreed price; post and conclude it with the services."""

    class Meta:
        model = PriceNotice

    agreement = factory.SubFactory(AgreementFactory, kind=AgreementKind.TECH_TRANSFER)
    achievement = factory.SubFactory(AchievementFactory)
    price = Decimal("1000000.00")


class IncomeFactory(factory.django.DjangoModelFactory[Income]):
    class Meta:
        model = Income

    kind = IncomeKind.TRANSFER
    received_on = D(2024, 4, 1)
    amount = Decimal("100000.00")


class CostFactory(factory.django.DjangoModelFactory[Cost]):
    class Meta:
        model = Cost

    achievement = factory.SubFactory(AchievementFactory)
    kind = CostKind.AGENT
    incurred_on = D(2024, 2, 1)
    amount = Decimal("5000.00")


class RewardPolicyFactory(factory.django.DjangoModelFactory[RewardPolicy]):
    """The institute's policy: 70 % of net income, 60 % of shares, 6 % of profit for 4 years."""

    class Meta:
        model = RewardPolicy

    title = factory.Sequence(lambda n: f"Reward policy {n}")
    regime = RewardRegime.TRANSFORMATION_LAW
    effective_from = D(2020, 1, 1)
    transfer_rate = Decimal(70)
    equity_rate = Decimal(60)
    implementation_rate = Decimal(6)
    implementation_years = 4


def transfer_agreement(
    *, kind: str = AgreementKind.TECH_TRANSFER, value: Decimal | None = None, **fields: Any
) -> Agreement:
    """A draft transfer or licence contract between the institute and a buyer."""
    agreement = AgreementFactory.create(kind=kind, value=value, **fields)
    AgreementPartyFactory.create(agreement=agreement, role=PartyRole.INSTITUTE)
    AgreementPartyFactory.create(agreement=agreement, role=PartyRole.LICENSEE)
    return agreement


def concluded_notice(
    *,
    agreement: Agreement,
    achievement: Achievement | None = None,
    price: Decimal | None = None,
    posted_on: datetime.date = POSTED_ON,
    by: Any = None,
) -> PriceNotice:
    """The agreement's price notice, posted on `posted_on` and concluded the day after it ends."""
    notice = services.notice_create(
        by=by,
        agreement=agreement,
        achievement=achievement or AchievementFactory.create(),
        price=price if price is not None else (agreement.value or Decimal("1000000.00")),
    )
    notice = services.notice_post(notice=notice, posted_on=posted_on, by=by)
    assert notice.ends_on is not None
    return services.notice_conclude(
        notice=notice, concluded_on=notice.ends_on + datetime.timedelta(days=1), by=by
    )


def noticed_agreement(
    *, achievement: Achievement | None = None, posted_on: datetime.date = POSTED_ON, **fields: Any
) -> Agreement:
    """A transfer contract whose price notice has concluded: ready to sign after it."""
    agreement = transfer_agreement(**fields)
    concluded_notice(agreement=agreement, achievement=achievement, posted_on=posted_on)
    return agreement


def signed_transfer(
    *,
    achievement: Achievement | None = None,
    signed_on: datetime.date = SIGNABLE_ON,
    **fields: Any,
) -> Agreement:
    """A transfer contract signed once its price notice concluded."""
    agreement = noticed_agreement(achievement=achievement, **fields)
    return agreement_sign(agreement=agreement, signed_on=signed_on, by=None)


class IncomeRecordFactory(IncomeFactory):
    """An income row written straight to the table (pages' tests), under a transfer contract."""

    agreement = factory.SubFactory(AgreementFactory, kind=AgreementKind.TECH_TRANSFER)
    achievement = factory.SubFactory(AchievementFactory)


class RewardFactory(factory.django.DjangoModelFactory[Reward]):
    """A proposed equity reward as the services compute it: 50 % of 200,000 yuan of shares."""

    class Meta:
        model = Reward

    achievement = factory.SubFactory(AchievementFactory)
    basis = RewardBasis.EQUITY
    base_amount = Decimal("200000.00")
    rate = Decimal(50)
    amount = Decimal("100000.00")
    rule = "transformation-law-art45-2"
    rule_version = "2015"
    proposed_on = D(2024, 5, 1)


class RewardShareFactory(factory.django.DjangoModelFactory[RewardShare]):
    class Meta:
        model = RewardShare

    reward = factory.SubFactory(RewardFactory)
    person = factory.SubFactory(PersonFactory)
    share = Decimal(100)
    amount = Decimal("100000.00")


class PriceObjectionFactory(factory.django.DjangoModelFactory[PriceObjection]):
    class Meta:
        model = PriceObjection

    notice = factory.SubFactory(PriceNoticeFactory)
    raised_on = D(2024, 3, 5)
    raised_by = "A colleague"
    text = "The price is below the evaluation."


# One record of each model for the generic admin and write-path suites (tests/core/admin_pages.py
# MAKERS), each one its services would accept saved again as it is.


def notice_of_a_center() -> PriceNotice:
    from tests.centers.factories import CenterFactory

    return PriceNoticeFactory.create(
        achievement=AchievementFactory.create(center=CenterFactory.create())
    )


def objection_of_a_posted_notice() -> PriceObjection:
    notice = services.notice_post(notice=notice_of_a_center(), posted_on=POSTED_ON, by=None)
    return services.notice_object(notice=notice, raised_on=D(2024, 3, 4), text="Too low.", by=None)


def income_received() -> Income:
    from tests.centers.factories import CenterFactory

    achievement = AchievementFactory.create(center=CenterFactory.create())
    agreement = signed_transfer(achievement=achievement)
    return services.income_create(
        by=None,
        agreement=agreement,
        achievement=achievement,
        kind=IncomeKind.TRANSFER,
        received_on=D(2024, 4, 1),
        amount=Decimal("100000.00"),
    )


def cost_borne() -> Cost:
    from tests.centers.factories import CenterFactory

    return CostFactory.create(achievement=AchievementFactory.create(center=CenterFactory.create()))


def reward_proposed() -> Reward:
    from tests.centers.factories import CenterFactory

    return services.reward_create(
        by=None,
        achievement=AchievementFactory.create(center=CenterFactory.create()),
        basis=RewardBasis.EQUITY,
        base_amount=Decimal("200000.00"),
        shares=[(PersonFactory.create(), Decimal(100))],
    )


def reward_share() -> RewardShare:
    return reward_proposed().shares.get()
