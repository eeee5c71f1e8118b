"""The demo's transfer side: disclosures, patents and their fees, price notices, income,
rewards and registrations, consistent with each other, with the rules and with the story."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone

from liaison.accounts.models import User
from liaison.achievements.models import Achievement
from liaison.agreements.choices import AgreementKind, RegistrationStatus
from liaison.agreements.models import Agreement, ContractRegistration
from liaison.agreements.registration_forms import COUNTRY_CODES
from liaison.core.lifecycle import FieldErrors
from liaison.demo.generate.achievements import CORE_ACHIEVEMENTS
from liaison.demo.loader import DemoSummary
from liaison.demo.vocabulary import DOMAINS
from liaison.disclosures.choices import DisclosureStatus
from liaison.disclosures.models import Disclosure
from liaison.disclosures.selectors import contribution_shares
from liaison.patents import docket
from liaison.patents.choices import FeeKind, Jurisdiction, PatentKind, PatentStatus
from liaison.patents.models import FeePayment, OfficeAction, Patent
from liaison.patents.numbers import validate_cn_application_number
from liaison.patents.services import _check_payment, lapse_and_expire_due, paid_fee_years
from liaison.transfer import rewards
from liaison.transfer.choices import IncomeKind, NoticeStatus, RewardBasis, RewardStatus
from liaison.transfer.models import Income, PriceNotice, Reward, RewardShare
from liaison.transfer.selectors import own_reward_shares
from liaison.transfer.services import check_price_notice, reward_compute

from .figures import AS_OF
from .test_records import domain_terms

pytestmark = pytest.mark.django_db

TRANSFER_KINDS = [AgreementKind.TECH_TRANSFER, AgreementKind.TECH_LICENSING]
LAST_FULL_YEAR = timezone.localdate().year - 1


def test_every_disclosures_shares_add_up_to_100(demo: DemoSummary) -> None:
    disclosures = Disclosure.objects.prefetch_related("inventors")
    assert disclosures.count() > Achievement.objects.count()
    for disclosure in disclosures:
        shares = [i.share for i in disclosure.inventors.all()]
        assert shares, disclosure
        assert sum(shares) == Decimal(100), disclosure
        assert all(share > 0 for share in shares)


def test_every_achievement_came_from_an_accepted_disclosure_decided_before_it_started(
    demo: DemoSummary,
) -> None:
    for achievement in Achievement.objects.prefetch_related("stage_history", "inventors"):
        accepted = achievement.disclosures.get(status=DisclosureStatus.ACCEPTED)
        started = min(e.reached_on for e in achievement.stage_history.all())
        assert accepted.submitted_on <= accepted.acknowledged_on <= accepted.decided_on <= started
        assert accepted.decision in {"file_patent", "know_how"}
        assert {i.person_id for i in accepted.inventors.all()} == {
            p.pk for p in achievement.inventors.all()
        }
        assert accepted.title_zh == achievement.title_zh


def test_the_office_has_a_queue_and_declined_and_withdrawn_disclosures(demo: DemoSummary) -> None:
    statuses = Counter(Disclosure.objects.values_list("status", flat=True))
    assert statuses[DisclosureStatus.WITHDRAWN] >= 1
    open_ones = sum(
        statuses[s]
        for s in (
            DisclosureStatus.SUBMITTED,
            DisclosureStatus.ACKNOWLEDGED,
            DisclosureStatus.UNDER_EVALUATION,
        )
    )
    assert open_ones >= 1
    declined = Disclosure.objects.filter(decision__in=["release", "no_action"])
    assert declined.exists()
    assert not declined.exclude(achievement=None).exists()


def test_case_numbers_follow_the_year_and_order_of_acknowledgement(demo: DemoSummary) -> None:
    acknowledged = Disclosure.objects.exclude(acknowledged_on=None).order_by(
        "acknowledged_on", "case_number"
    )
    assert not Disclosure.objects.filter(acknowledged_on=None).exclude(case_number=None).exists()
    by_year: dict[int, list[int]] = {}
    for disclosure in acknowledged:
        assert disclosure.case_number is not None
        prefix, year, number = disclosure.case_number.split("-")
        assert (prefix, int(year)) == ("ID", disclosure.acknowledged_on.year)
        by_year.setdefault(int(year), []).append(int(number))
    for numbers in by_year.values():
        assert numbers == list(range(1, len(numbers) + 1))


def test_the_biomedical_materials_achievements_carry_chinese_invention_patents(
    demo: DemoSummary,
) -> None:
    terms = domain_terms("biomaterials")
    biomaterials = [
        a
        for a in Achievement.objects.prefetch_related("stage_history")
        if next(d for d in DOMAINS if set(a.keywords) <= domain_terms(d)) == "biomaterials"
    ]
    assert all(set(a.keywords) <= terms for a in biomaterials)
    assert len(biomaterials) >= CORE_ACHIEVEMENTS["biomaterials"]
    recent = timezone.localdate() - datetime.timedelta(days=120)
    for achievement in biomaterials:
        started = min(e.reached_on for e in achievement.stage_history.all())
        if started < recent:  # older ones were filed for within weeks of their decision
            assert achievement.patents.filter(
                jurisdiction=Jurisdiction.CN, kind=PatentKind.INVENTION
            ).exists(), achievement
    patents = Patent.objects.filter(achievement__in=biomaterials)
    assert patents.filter(status=PatentStatus.GRANTED).exists()
    assert patents.filter(status=PatentStatus.PENDING, jurisdiction=Jurisdiction.CN).exists()
    assert patents.filter(jurisdiction=Jurisdiction.PCT).exists()


def test_an_achievements_granted_patent_number_is_its_patents(demo: DemoSummary) -> None:
    for achievement in Achievement.objects.exclude(patent_number=""):
        assert achievement.patents.filter(
            application_number=achievement.patent_number.removeprefix("ZL")
        ).exists(), achievement.patent_number


def test_chinese_application_numbers_are_valid_for_their_kind_and_year(demo: DemoSummary) -> None:
    for patent in Patent.objects.filter(jurisdiction=Jurisdiction.CN):
        assert (
            validate_cn_application_number(
                patent.application_number, patent.kind, filed_on=patent.filed_on
            )
            == patent.application_number
        )
        if patent.granted_on:
            assert patent.patent_number == f"ZL{patent.application_number}"


def test_patents_are_filed_after_their_disclosure_and_granted_after_filing(
    demo: DemoSummary,
) -> None:
    today = timezone.localdate()
    for patent in Patent.objects.select_related("achievement"):
        decided = patent.achievement.disclosures.get(status=DisclosureStatus.ACCEPTED).decided_on
        assert decided <= patent.filed_on <= today
        if patent.priority_on:
            assert patent.priority_on < patent.filed_on
        if patent.published_on:
            assert patent.filed_on <= patent.published_on <= today
        if patent.granted_on:
            assert patent.filed_on < patent.granted_on <= today
            if patent.kind == PatentKind.INVENTION:
                assert patent.examination_requested_on is not None
                assert patent.published_on is not None
                assert patent.published_on < patent.granted_on
        assert patent.expires_on == docket.expiry(patent)


def test_every_fee_paid_is_the_fee_the_rules_set_for_its_day(demo: DemoSummary) -> None:
    payments = FeePayment.objects.select_related("patent")
    assert payments.filter(kind=FeeKind.ANNUAL).exists()
    assert payments.filter(surcharge__gt=0).exists(), "some annual fees were paid late"
    for payment in payments:
        errors = FieldErrors()
        computed = _check_payment(
            errors,
            patent=payment.patent,
            kind=payment.kind,
            fee_year=payment.fee_year,
            paid_on=payment.paid_on,
            amount=payment.amount,
            currency=payment.currency,
            payment=payment,
        )
        assert not errors, (payment, payment.paid_on, payment.amount)
        assert computed == {
            "due_on": payment.due_on,
            "surcharge": payment.surcharge,
            "rule_version": payment.rule_version,
        }
        assert payment.paid_on >= payment.patent.filed_on


def test_the_fee_calendar_has_fees_coming_due_and_a_few_overdue(demo: DemoSummary) -> None:
    today = timezone.localdate()
    coming, overdue = 0, 0
    granted = Patent.objects.filter(status=PatentStatus.GRANTED, jurisdiction=Jurisdiction.CN)
    for patent in granted.prefetch_related("owners", "payments"):
        items = docket.open_items(
            patent,
            today=today,
            paid_years=paid_fee_years(patent),
            until=today + datetime.timedelta(days=120),
        )
        for item in items:
            if item.fee_year is None:
                continue
            assert not item.lapses(today), (patent, item.key)
            if item.overdue(today):
                overdue += 1
            else:
                coming += 1
    assert coming >= 5
    assert 1 <= overdue <= coming


def test_examiners_opinions_are_answered_in_their_term_some_still_open(demo: DemoSummary) -> None:
    today = timezone.localdate()
    actions = OfficeAction.objects.select_related("patent")
    assert actions.filter(responded_on=None).exists()
    for action in actions:
        deadline = docket.response_deadline(
            issued_on=action.issued_on, kind=action.kind, patent_kind=action.patent.kind
        )
        assert deadline is not None
        assert (action.response_due_on, action.rule_version) == (
            deadline.due_on,
            deadline.rule_version,
        )
        assert action.patent.examination_requested_on < action.issued_on <= today
        if action.responded_on is None:
            assert action.patent.status == PatentStatus.PENDING
            assert action.response_due_on >= today
        else:
            assert action.issued_on <= action.responded_on <= action.response_due_on
            assert action.responded_on < (
                action.patent.granted_on
                or action.patent.ended_on
                or today + datetime.timedelta(days=1)
            )


def test_no_patent_is_left_to_lapse_or_expire_by_the_docket(demo: DemoSummary) -> None:
    """Every fee left unpaid past its window already lapsed its patent in the story."""
    assert Patent.objects.filter(status=PatentStatus.LAPSED).exists()
    assert lapse_and_expire_due(on=timezone.localdate()) == ([], [])


def test_every_signed_transfer_or_licence_had_its_notice_concluded_before_signing(
    demo: DemoSummary,
) -> None:
    signed = Agreement.objects.filter(kind__in=TRANSFER_KINDS).exclude(signed_on=None)
    assert signed.filter(signed_on__year=LAST_FULL_YEAR).exists()
    for agreement in signed:
        notice = agreement.price_notices.get()
        assert notice.status == NoticeStatus.CONCLUDED
        assert notice.posted_on is not None
        assert notice.ends_on is not None
        assert notice.ends_on == notice.posted_on + datetime.timedelta(days=notice.period_days)
        assert notice.ends_on < notice.concluded_on <= agreement.signed_on
        assert notice.price == agreement.value
        errors = FieldErrors()
        check_price_notice(agreement=agreement, signed_on=agreement.signed_on, errors=errors)
        assert not errors, agreement
        assert notice.completers.exists()


def test_income_comes_after_signing_for_the_milestones_met(demo: DemoSummary) -> None:
    income = Income.objects.select_related("agreement", "milestone", "payer")
    assert income.filter(received_on__year=LAST_FULL_YEAR).exists()
    for payment in income:
        assert payment.received_on >= payment.agreement.signed_on
        assert payment.agreement.price_notices.filter(achievement=payment.achievement).exists()
        if payment.kind == IncomeKind.EQUITY:  # the shares of a spin-off, founded for it
            assert payment.agreement.kind == AgreementKind.INVESTMENT
            assert payment.amount == payment.agreement.value
            assert payment.payer.founded_on <= payment.agreement.signed_on
            continue
        assert payment.agreement.kind in TRANSFER_KINDS
        assert payment.milestone.agreement_id == payment.agreement_id
        assert payment.milestone.done_on == payment.received_on
        assert payment.amount == payment.milestone.amount


def test_spin_offs_were_founded_on_achievements_after_the_report(demo: DemoSummary) -> None:
    shares = Income.objects.filter(kind=IncomeKind.EQUITY).select_related("payer", "achievement")
    assert shares.exists()
    for income in shares:
        assert income.payer.founded_on > AS_OF
        assert income.achievement.patents.exists()
        # The achievement is the spin-off's: no transfer or licence income besides.
        assert not income.achievement.income.exclude(kind=IncomeKind.EQUITY).exists()
        reward = income.achievement.rewards.filter(basis=RewardBasis.EQUITY).first()
        if reward is not None:
            assert reward.base_amount == income.amount


def test_rewards_are_the_engines_never_below_the_floor_and_split_by_the_disclosure(
    demo: DemoSummary,
) -> None:
    all_rewards = Reward.objects.select_related("achievement", "policy").prefetch_related("shares")
    assert {r.basis for r in all_rewards} == {
        RewardBasis.TRANSFER_LICENCE,
        RewardBasis.GRANT_BONUS,
        RewardBasis.EQUITY,
    }
    for reward in all_rewards:
        computation, parts, policy = reward_compute(reward)
        assert (computation.amount, computation.base, policy) == (
            reward.amount,
            reward.base_amount,
            reward.policy,
        )
        assert (reward.rule, reward.rule_version) == (
            computation.rule.code,
            computation.rule.version,
        )
        if parts:
            assert reward.inputs["net_income"] == parts
        on = reward.period_end
        assert on is not None
        rule = rewards.statutory_rule(
            regime=reward.policy.regime if reward.policy else rewards.TRANSFORMATION_LAW,
            basis=reward.basis,
            on=on,
        )
        assert rule is not None
        if reward.basis == RewardBasis.GRANT_BONUS:
            floor = rule.floor_amount(reward.patent_kind)
            assert floor is not None
            assert reward.amount >= floor
        else:
            floor_rate = rule.floor_rate()
            assert floor_rate is not None
            assert reward.amount >= reward.base_amount * floor_rate / 100
        shares = contribution_shares(achievement=reward.achievement)
        assert shares is not None
        split = [(s.person_id, s.share) for s in reward.shares.order_by("-share", "pk")]
        assert split == [(person.pk, share) for person, share in shares]
        assert sum(s.amount for s in reward.shares.all()) == reward.amount


def test_rewards_come_after_the_income_and_are_approved_and_paid_in_turn(
    demo: DemoSummary,
) -> None:
    today = timezone.localdate()
    for reward in Reward.objects.prefetch_related("shares"):
        assert reward.proposed_on is not None
        assert reward.proposed_on <= today
        assert reward.period_end is not None
        assert reward.period_end <= reward.proposed_on
        if reward.status in {RewardStatus.APPROVED, RewardStatus.PAID}:
            assert reward.proposed_on <= reward.approved_on <= today
        if reward.status == RewardStatus.PAID:
            assert reward.approved_on is not None
            assert reward.approved_on <= reward.paid_on <= today
            assert {s.paid_on for s in reward.shares.all()} == {reward.paid_on}
        else:
            assert not any(s.paid_on for s in reward.shares.all())
    paid = Reward.objects.filter(status=RewardStatus.PAID, paid_on__year=LAST_FULL_YEAR)
    assert paid.filter(basis=RewardBasis.TRANSFER_LICENCE).exists()
    assert Reward.objects.filter(status=RewardStatus.PROPOSED).exists()


def test_registered_contracts_carry_their_agreements_number_and_income(demo: DemoSummary) -> None:
    registrations = ContractRegistration.objects.select_related("agreement")
    assert registrations.filter(applied_on__year=LAST_FULL_YEAR).exists()
    for registration in registrations:
        agreement = registration.agreement
        assert agreement.signed_on is not None
        assert agreement.signed_on <= registration.applied_on
        assert registration.contract_type == registration.rules.contract_type_for(agreement.kind)
        if registration.status == RegistrationStatus.REGISTERED:
            assert registration.registration_number == agreement.registration_number
            assert registration.approved_income == agreement.technical_income
        if registration.decided_on is not None:
            assert registration.decided_on - registration.applied_on <= datetime.timedelta(
                days=registration.rules.decision_days
            )
    registered = set(
        registrations.filter(status=RegistrationStatus.REGISTERED).values_list(
            "agreement", flat=True
        )
    )
    # A party of a country the form's table does not list yet waits for its code.
    numbered = set(
        Agreement.objects.exclude(registration_number="")
        .exclude(
            parties__organization__country__in=set(
                Agreement.objects.values_list("parties__organization__country", flat=True)
            )
            - set(COUNTRY_CODES)
        )
        .values_list("pk", flat=True)
    )
    assert registered == numbered


def test_the_transfer_side_keeps_to_the_story_before_the_report(demo: DemoSummary) -> None:
    """Nothing of the transfer side is dated before the institute was founded, and no transfer
    of the demo's own was signed before the report (those before it are the story's)."""
    founded = datetime.date(2019, 5, 1)
    assert not Disclosure.objects.filter(submitted_on__lt=founded).exists()
    assert not Patent.objects.filter(filed_on__lt=founded).exists()
    notices = PriceNotice.objects.filter(agreement__signed_on__lte=AS_OF)
    assert notices.count() == (
        Agreement.objects.filter(kind__in=TRANSFER_KINDS, signed_on__lte=AS_OF).count()
    )


def test_the_demo_expert_sees_their_own_rewards_and_no_one_elses(demo: DemoSummary) -> None:
    expert = User.objects.get(username="expert")
    own = own_reward_shares(user=expert)
    assert own.exists()
    visible = RewardShare.objects.restrict(expert, "view")
    assert set(visible.values_list("person__user", flat=True)) == {expert.pk}
    assert visible.count() < RewardShare.objects.count()
    assert Disclosure.objects.filter(inventors__person__user=expert).exists()
