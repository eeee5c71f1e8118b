import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from liaison.accounts.choices import RoleKind
from liaison.agreements.choices import AgreementKind, AgreementStatus
from liaison.agreements.models import PaymentMilestone
from liaison.agreements.services import agreement_sign, milestone_add
from liaison.patents.models import FeePayment, Patent
from liaison.transfer import services
from liaison.transfer.choices import (
    IncomeKind,
    NoticeStatus,
    ObjectionOutcome,
    PricingMethod,
    RewardBasis,
    RewardStatus,
)
from liaison.transfer.models import Reward, RewardShare
from liaison.transfer.selectors import net_income
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.people.factories import PersonFactory
from tests.transfer.factories import (
    PERIOD_ENDS_ON,
    POSTED_ON,
    SIGNABLE_ON,
    CostFactory,
    PriceNoticeFactory,
    RewardPolicyFactory,
    concluded_notice,
    signed_transfer,
    transfer_agreement,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def codes(error: ValidationError) -> set[str | None]:
    """The codes of every error raised, whatever the field."""
    return {e.code for errors in error.update_error_dict({}).values() for e in errors}


# The price notice (Art. 18) ------------------------------------------------------------------


def test_a_notice_posted_for_15_days_runs_from_the_next_day() -> None:
    notice = PriceNoticeFactory.create(agreement=transfer_agreement())
    notice = services.notice_post(notice=notice, posted_on=POSTED_ON, by=None)
    assert notice.status == NoticeStatus.POSTED
    assert notice.period_days == 15
    assert notice.ends_on == PERIOD_ENDS_ON


def test_the_institutes_policy_sets_the_notice_period() -> None:
    RewardPolicyFactory.create(notice_days=20)
    notice = PriceNoticeFactory.create(agreement=transfer_agreement())
    notice = services.notice_post(notice=notice, posted_on=POSTED_ON, by=None)
    assert notice.ends_on == POSTED_ON + datetime.timedelta(days=20)


def test_a_transfer_cannot_be_signed_without_a_price_notice() -> None:
    agreement = transfer_agreement()
    with pytest.raises(ValidationError) as refused:
        agreement_sign(agreement=agreement, signed_on=SIGNABLE_ON, by=None)
    assert "price_notice_missing" in codes(refused.value)


def test_a_transfer_cannot_be_signed_before_its_notice_period_ends() -> None:
    agreement = transfer_agreement()
    notice = PriceNoticeFactory.create(agreement=agreement, price=Decimal(500000))
    services.notice_post(notice=notice, posted_on=POSTED_ON, by=None)
    with pytest.raises(ValidationError) as refused:
        agreement_sign(agreement=agreement, signed_on=PERIOD_ENDS_ON, by=None)
    assert "price_notice_running" in codes(refused.value)
    # The refusal says when it may be signed.
    assert SIGNABLE_ON.isoformat() in " ".join(refused.value.messages)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_a_notice_does_not_conclude_before_its_period_ends() -> None:
    notice = PriceNoticeFactory.create(agreement=transfer_agreement())
    services.notice_post(notice=notice, posted_on=POSTED_ON, by=None)
    with pytest.raises(ValidationError) as refused:
        services.notice_conclude(notice=notice, concluded_on=PERIOD_ENDS_ON, by=None)
    assert codes(refused.value) == {"period_running"}


def test_a_transfer_can_be_signed_the_day_after_its_concluded_notice_ends() -> None:
    agreement = transfer_agreement(value=Decimal(800000))
    concluded_notice(agreement=agreement)
    signed = agreement_sign(agreement=agreement, signed_on=SIGNABLE_ON, by=None)
    assert signed.status == AgreementStatus.SIGNED


def test_a_licence_is_held_to_its_notice_too() -> None:
    agreement = transfer_agreement(kind=AgreementKind.TECH_LICENSING)
    with pytest.raises(ValidationError) as refused:
        agreement_sign(agreement=agreement, signed_on=SIGNABLE_ON, by=None)
    assert "price_notice_missing" in codes(refused.value)


def test_an_investment_is_held_to_a_notice_only_once_one_names_it() -> None:
    plain = transfer_agreement(kind=AgreementKind.INVESTMENT)
    assert agreement_sign(agreement=plain, signed_on=SIGNABLE_ON, by=None).status == "signed"
    priced = transfer_agreement(kind=AgreementKind.INVESTMENT)
    notice = PriceNoticeFactory.create(agreement=priced)
    services.notice_post(notice=notice, posted_on=POSTED_ON, by=None)
    with pytest.raises(ValidationError) as refused:
        agreement_sign(agreement=priced, signed_on=PERIOD_ENDS_ON, by=None)
    assert "price_notice_running" in codes(refused.value)


def test_a_price_other_than_the_one_noticed_is_refused_at_signing() -> None:
    agreement = transfer_agreement(value=Decimal(900000))
    concluded_notice(agreement=agreement, price=Decimal(800000))
    with pytest.raises(ValidationError) as refused:
        agreement_sign(agreement=agreement, signed_on=SIGNABLE_ON, by=None)
    assert codes(refused.value) == {"price_not_noticed"}


def test_an_upheld_objection_stops_the_notice_from_concluding() -> None:
    notice = PriceNoticeFactory.create(agreement=transfer_agreement())
    services.notice_post(notice=notice, posted_on=POSTED_ON, by=None)
    objection = services.notice_object(
        notice=notice, raised_on=D(2024, 3, 5), text="The price is too low.", by=None
    )
    services.objection_decide(
        objection=objection,
        outcome=ObjectionOutcome.UPHELD,
        decided_on=D(2024, 3, 8),
        response="The evaluation is redone.",
        by=None,
    )
    with pytest.raises(ValidationError) as refused:
        services.notice_conclude(notice=notice, concluded_on=SIGNABLE_ON, by=None)
    assert codes(refused.value) == {"objection_upheld"}
    withdrawn = services.notice_withdraw(
        notice=notice, withdrawn_on=D(2024, 3, 9), reason="Price set again.", by=None
    )
    assert withdrawn.status == NoticeStatus.WITHDRAWN


def test_an_objection_after_the_period_is_refused() -> None:
    notice = PriceNoticeFactory.create(agreement=transfer_agreement())
    services.notice_post(notice=notice, posted_on=POSTED_ON, by=None)
    with pytest.raises(ValidationError) as refused:
        services.notice_object(notice=notice, raised_on=SIGNABLE_ON, text="Late.", by=None)
    assert codes(refused.value) == {"after_period"}


def test_an_auction_price_needs_no_notice_but_its_evidence() -> None:
    agreement = transfer_agreement()
    notice = PriceNoticeFactory.create(agreement=agreement, pricing=PricingMethod.AUCTION)
    with pytest.raises(ValidationError) as refused:
        services.notice_conclude(notice=notice, concluded_on=D(2024, 3, 2), by=None)
    assert codes(refused.value) == {"evidence_required"}
    notice.evidence = "Zhejiang technology exchange auction No. 2024-17, 2 March 2024."
    notice.save()
    services.notice_conclude(notice=notice, concluded_on=D(2024, 3, 2), by=None)
    assert agreement_sign(agreement=agreement, signed_on=D(2024, 3, 2), by=None).status == "signed"


def test_a_notice_is_for_a_transfer_licence_or_investment() -> None:
    with pytest.raises(ValidationError) as refused:
        services.notice_create(
            by=None,
            agreement=transfer_agreement(kind=AgreementKind.TECH_DEVELOPMENT),
            achievement=AchievementFactory.create(),
            price=Decimal(1),
        )
    assert codes(refused.value) == {"not_a_transfer"}


def test_a_notice_names_the_achievements_inventors_unless_told() -> None:
    achievement = AchievementFactory.create()
    inventor = PersonFactory.create()
    achievement.inventors.add(inventor)
    notice = services.notice_create(
        by=None, agreement=transfer_agreement(), achievement=achievement, price=Decimal(10)
    )
    assert list(notice.completers.all()) == [inventor]


# Income and costs ------------------------------------------------------------------------------


def test_income_is_received_under_a_signed_transfer() -> None:
    agreement = transfer_agreement()
    with pytest.raises(ValidationError) as refused:
        services.income_create(
            by=None,
            agreement=agreement,
            achievement=AchievementFactory.create(),
            kind=IncomeKind.TRANSFER,
            received_on=D(2024, 4, 1),
            amount=Decimal(100),
        )
    assert codes(refused.value) == {"agreement_not_signed"}


def test_a_milestone_paid_in_full_is_met() -> None:
    achievement = AchievementFactory.create()
    agreement = signed_transfer(achievement=achievement)
    milestone = milestone_add(
        agreement=agreement,
        title="First instalment",
        due_on=D(2024, 4, 1),
        amount=Decimal(300000),
        by=None,
    )
    common = {
        "agreement": agreement,
        "achievement": achievement,
        "milestone": milestone,
        "kind": IncomeKind.TRANSFER,
    }
    services.income_create(by=None, received_on=D(2024, 4, 2), amount=Decimal(100000), **common)
    assert PaymentMilestone.objects.get(pk=milestone.pk).done_on is None
    services.income_create(by=None, received_on=D(2024, 4, 9), amount=Decimal(200000), **common)
    assert PaymentMilestone.objects.get(pk=milestone.pk).done_on == D(2024, 4, 9)


def record_fee(achievement, paid_on: datetime.date, amount: Decimal) -> FeePayment:  # type: ignore[no-untyped-def]
    patent = Patent.objects.filter(achievement=achievement).first() or Patent.objects.create(
        achievement=achievement,
        title="Stent",
        kind="invention",
        jurisdiction="CN",
        application_number=f"2021100{achievement.pk:05d}",
        filed_on=D(2021, 1, 4),
    )
    return FeePayment.objects.create(
        patent=patent, kind="annual", fee_year=paid_on.year - 2020, paid_on=paid_on, amount=amount
    )


def income_of(achievement, *amounts: tuple[datetime.date, Decimal]) -> None:  # type: ignore[no-untyped-def]
    agreement = signed_transfer(achievement=achievement)
    for received_on, amount in amounts:
        services.income_create(
            by=None,
            agreement=agreement,
            achievement=achievement,
            kind=IncomeKind.TRANSFER,
            received_on=received_on,
            amount=amount,
        )


def test_net_income_is_income_less_costs_less_patent_fees_of_the_period() -> None:
    achievement = AchievementFactory.create()
    income_of(
        achievement,
        (D(2024, 4, 1), Decimal("300000.00")),
        (D(2025, 4, 1), Decimal("999.00")),  # outside the period
    )
    CostFactory.create(achievement=achievement, incurred_on=D(2024, 2, 1), amount=Decimal(5000))
    CostFactory.create(achievement=achievement, incurred_on=D(2023, 2, 1), amount=Decimal(777))
    record_fee(achievement, D(2024, 1, 10), Decimal("1200.00"))
    net = net_income(achievement=achievement, start=D(2024, 1, 1), end=D(2024, 12, 31))
    assert net.income_total == Decimal("300000.00")
    assert net.costs_total == Decimal("5000.00")
    assert net.fees_total == Decimal("1200.00")
    assert net.net == Decimal("293800.00")


# Rewards ---------------------------------------------------------------------------------------


def transfer_reward(achievement, **fields):  # type: ignore[no-untyped-def]
    return services.reward_create(
        by=fields.pop("by", None),
        achievement=achievement,
        basis=RewardBasis.TRANSFER_LICENCE,
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
        **fields,
    )


def test_without_a_policy_the_statute_gives_half_the_net_income() -> None:
    achievement = AchievementFactory.create()
    income_of(achievement, (D(2024, 4, 1), Decimal("100000.00")))
    CostFactory.create(achievement=achievement, amount=Decimal("10000.00"))
    reward = transfer_reward(achievement)
    assert reward.base_amount == Decimal("90000.00")
    assert reward.rate == Decimal(50)
    assert reward.amount == Decimal("45000.00")
    assert reward.rule == "transformation-law-art45-1"
    assert reward.rule_version == "2015"
    assert reward.policy is None
    assert reward.inputs["net_income"]["costs"] == "10000.00"


def test_a_reward_below_the_statutory_floor_is_refused() -> None:
    achievement = AchievementFactory.create()
    income_of(achievement, (D(2024, 4, 1), Decimal("100000.00")))
    with pytest.raises(ValidationError) as refused:
        transfer_reward(achievement, manual_rate=Decimal(40))
    assert codes(refused.value) == {"below_floor"}
    assert "50" in refused.value.message_dict["manual_rate"][0]
    assert not Reward.objects.exists()


def test_a_policy_below_the_statutory_floor_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        services.policy_create(
            by=None,
            title="Too low",
            effective_from=D(2020, 1, 1),
            transfer_rate=Decimal(45),
            implementation_rate=Decimal(4),
        )
    assert set(refused.value.message_dict) == {"transfer_rate", "implementation_rate"}
    assert "50" in refused.value.message_dict["transfer_rate"][0]


def test_a_policy_above_the_floor_is_applied() -> None:
    policy = RewardPolicyFactory.create(transfer_rate=Decimal(70))
    achievement = AchievementFactory.create()
    income_of(achievement, (D(2024, 4, 1), Decimal("100000.00")))
    reward = transfer_reward(achievement)
    assert reward.policy == policy
    assert reward.rate == Decimal(70)
    assert reward.amount == Decimal("70000.00")
    assert reward.inputs["rate_from"] == "policy"


def test_an_implementation_reward_is_for_the_years_the_policy_gives() -> None:
    RewardPolicyFactory.create(implementation_years=4)
    achievement = AchievementFactory.create()
    common: dict[str, Any] = {
        "by": None,
        "achievement": achievement,
        "basis": RewardBasis.IMPLEMENTATION,
        "period_start": D(2024, 1, 1),
        "period_end": D(2024, 12, 31),
        "base_amount": Decimal("2000000.00"),
    }
    reward = services.reward_create(implementation_year=4, **common)
    assert reward.amount == Decimal("120000.00")  # 6 % of the policy
    with pytest.raises(ValidationError) as refused:
        services.reward_create(implementation_year=5, **common)
    assert codes(refused.value) == {"year_out_of_range"}


def test_the_split_adds_up_to_the_total_to_the_fen() -> None:
    achievement = AchievementFactory.create()
    income_of(achievement, (D(2024, 4, 1), Decimal("100000.01")))
    people = PersonFactory.create_batch(3)
    shares = [
        (people[0], Decimal("33.33")),
        (people[1], Decimal("33.33")),
        (people[2], Decimal("33.34")),
    ]
    reward = transfer_reward(achievement, shares=shares)
    assert reward.amount == Decimal("50000.01")  # rounded up: never below the floor
    amounts = {s.person_id: s.amount for s in reward.shares.all()}
    assert sum(amounts.values()) == reward.amount
    # 16670.003…, 16665.003… twice: the fen left over goes to who lost most to rounding.
    assert [amounts[p.pk] for p in people] == [
        Decimal("16665.00"),
        Decimal("16665.00"),
        Decimal("16670.01"),
    ]


def test_the_shares_come_from_the_disclosure_when_there_is_one(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    achievement = AchievementFactory.create()
    income_of(achievement, (D(2024, 4, 1), Decimal("1000.00")))
    first, second = PersonFactory.create_batch(2)
    monkeypatch.setattr(
        "liaison.disclosures.selectors.contribution_shares",
        lambda *, achievement: [(first, Decimal(60)), (second, Decimal(40))],
    )
    reward = transfer_reward(achievement)
    assert {s.person_id: s.amount for s in reward.shares.all()} == {
        first.pk: Decimal("300.00"),
        second.pk: Decimal("200.00"),
    }


def test_a_reward_is_approved_by_someone_other_than_who_proposed_it() -> None:
    proposer = UserFactory.create(role=RoleKind.STAFF)
    approver = UserFactory.create(role=RoleKind.STAFF)
    achievement = AchievementFactory.create()
    income_of(achievement, (D(2024, 4, 1), Decimal("1000.00")))
    reward = transfer_reward(
        achievement, by=proposer, shares=[(PersonFactory.create(), Decimal(100))]
    )
    assert reward.proposed_by == proposer
    with pytest.raises(ValidationError) as refused:
        services.reward_approve(reward=reward, approved_on=reward.proposed_on, by=proposer)
    assert codes(refused.value) == {"same_person"}
    approved = services.reward_approve(reward=reward, approved_on=reward.proposed_on, by=approver)
    assert approved.status == RewardStatus.APPROVED
    assert approved.approved_by == approver


def test_a_reward_is_approved_only_when_its_shares_add_to_100() -> None:
    achievement = AchievementFactory.create()
    income_of(achievement, (D(2024, 4, 1), Decimal("1000.00")))
    reward = transfer_reward(achievement, shares=[(PersonFactory.create(), Decimal(80))])
    with pytest.raises(ValidationError) as refused:
        services.reward_approve(reward=reward, approved_on=reward.proposed_on, by=None)
    assert codes(refused.value) == {"shares_incomplete"}
    assert "80.00 %" in refused.value.messages[0]


def test_a_reward_is_paid_when_every_share_is() -> None:
    achievement = AchievementFactory.create()
    income_of(achievement, (D(2024, 4, 1), Decimal("1000.00")))
    first, second = PersonFactory.create_batch(2)
    reward = transfer_reward(achievement, shares=[(first, Decimal(50)), (second, Decimal(50))])
    services.reward_approve(reward=reward, approved_on=reward.proposed_on, by=None)
    share = reward.shares.get(person=first)
    services.share_pay(share=share, paid_on=reward.proposed_on, by=None)
    reward.refresh_from_db()
    assert reward.status == RewardStatus.APPROVED
    services.reward_pay(reward=reward, paid_on=reward.proposed_on, by=None)
    reward.refresh_from_db()
    assert reward.status == RewardStatus.PAID
    assert not RewardShare.objects.filter(reward=reward, paid_on__isnull=True).exists()


def test_income_under_an_approved_reward_stays_as_it_is() -> None:
    achievement = AchievementFactory.create()
    income_of(achievement, (D(2024, 4, 1), Decimal("1000.00")))
    reward = transfer_reward(achievement, shares=[(PersonFactory.create(), Decimal(100))])
    services.reward_approve(reward=reward, approved_on=reward.proposed_on, by=None)
    income = achievement.income.get()
    with pytest.raises(ValidationError) as refused:
        services.income_delete(income=income, by=None)
    assert codes(refused.value) == {"not_deletable"}


def test_the_report_reads_the_shares_paid_in_a_year_as_person_times() -> None:
    from liaison.transfer.selectors import income_received, reward_shares_paid

    achievement = AchievementFactory.create()
    income_of(achievement, (D(2024, 4, 1), Decimal("1000.00")))
    first, second = PersonFactory.create_batch(2)
    reward = transfer_reward(achievement, shares=[(first, Decimal(70)), (second, Decimal(30))])
    services.reward_approve(reward=reward, approved_on=reward.proposed_on, by=None)
    services.reward_pay(reward=reward, paid_on=reward.proposed_on, by=None)
    year = reward.proposed_on.year
    paid = reward_shares_paid(start=D(year, 1, 1), end=D(year, 12, 31))
    assert paid.count() == 2
    assert sum(s.amount for s in paid) == Decimal("500.00")
    assert income_received(start=D(2024, 1, 1), end=D(2024, 12, 31)).count() == 1
