"""The rules of technology brokers, checked on their services: above all, a broker's commission
only on agreements they are party to."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from liaison.agreements.choices import AgreementStatus, PartyRole, RegistrationStatus
from liaison.agreements.models import AgreementParty, ContractRegistration
from liaison.brokers import services
from liaison.brokers.choices import BrokerStatus, CertificateLevel, CommissionBasis
from liaison.brokers.models import Broker, BrokerEngagement, CommissionPayment, Introduction
from liaison.brokers.selectors import Period, broker_ranking, broker_record
from liaison.core.choices import Confidentiality
from liaison.core.lifecycle import today
from liaison.needs.choices import Decision
from tests.accounts.factories import UserFactory
from tests.agreements.factories import (
    AgreementFactory,
    contract_registration,
    signed_technical_agreement,
)
from tests.brokers.factories import (
    SIGNED_ON,
    BrokerFactory,
    IntroductionFactory,
    OrganizationBrokerFactory,
    engaged,
)
from tests.needs.factories import MatchCandidateFactory, TechnicalNeedFactory
from tests.organizations.factories import InstituteFactory, OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def codes(error: ValidationError, field: str) -> list[str | None]:
    return [e.code for e in error.error_dict[field]]


def pay(engagement: BrokerEngagement, **fields: object) -> CommissionPayment:
    values: dict[str, object] = {"paid_on": D(2025, 4, 1), "amount": Decimal("10000")}
    values.update(fields)
    return services.commission_pay(
        broker=engagement.broker,
        agreement=engagement.agreement,
        by=None,
        **values,  # type: ignore[arg-type]
    )


# Brokers -----------------------------------------------------------------------------------


def test_a_broker_is_a_person_or_an_organization_exactly_one() -> None:
    for fields in (
        {},
        {"person": PersonFactory.create(), "organization": OrganizationFactory.create()},
    ):
        with pytest.raises(ValidationError) as refused:
            services.broker_create(by=None, **fields)
        assert codes(refused.value, "person") == ["person_or_organization"]
        assert codes(refused.value, "organization") == ["person_or_organization"]
    person_broker = services.broker_create(by=None, person=PersonFactory.create())
    organization_broker = services.broker_create(by=None, organization=OrganizationFactory.create())
    assert (person_broker.kind, organization_broker.kind) == ("person", "organization")
    assert person_broker.status == BrokerStatus.ACTIVE


def test_a_person_or_an_organization_is_one_broker_only() -> None:
    broker = BrokerFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.broker_create(by=None, person=broker.person)
    assert "person" in refused.value.error_dict


def test_a_certificate_has_a_number_and_a_level_and_is_not_issued_in_the_future() -> None:
    person = PersonFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.broker_create(by=None, person=person, certificate_level=CertificateLevel.SENIOR)
    assert codes(refused.value, "certificate_number") == ["certificate_number_missing"]
    with pytest.raises(ValidationError) as refused:
        services.broker_create(by=None, person=person, certificate_number="JSJJR-1")
    assert codes(refused.value, "certificate_level") == ["certificate_level_missing"]
    with pytest.raises(ValidationError) as refused:
        services.broker_create(
            by=None,
            person=person,
            certificate_level=CertificateLevel.JUNIOR,
            certificate_number="JSJJR-1",
            certificate_issued_on=today() + datetime.timedelta(days=1),
        )
    assert codes(refused.value, "certificate_issued_on") == ["future_date"]


def test_the_institute_is_not_its_own_broker() -> None:
    with pytest.raises(ValidationError) as refused:
        services.broker_create(by=None, organization=InstituteFactory.create())
    assert codes(refused.value, "organization") == ["institute_not_a_broker"]


def test_a_broker_with_deals_is_made_inactive_not_deleted_and_takes_no_new_deal() -> None:
    engagement = engaged()
    broker = engagement.broker
    with pytest.raises(ValidationError) as refused:
        services.broker_delete(broker=broker, by=None)
    assert refused.value.code == "not_deletable"
    with pytest.raises(ValidationError) as refused:
        services.broker_update(broker=broker, by=None, person=PersonFactory.create())
    assert codes(refused.value, "person") == ["broker_fixed"]
    broker = services.broker_deactivate(broker=broker, by=None)
    assert broker.status == BrokerStatus.INACTIVE
    with pytest.raises(ValidationError) as refused:
        engaged(broker)
    assert codes(refused.value, "broker") == ["broker_inactive"]
    assert services.broker_reactivate(broker=broker, by=None).status == BrokerStatus.ACTIVE
    services.broker_delete(broker=BrokerFactory.create(), by=None)


# Engagements -------------------------------------------------------------------------------


def test_the_commission_agreed_is_the_rate_of_the_agreements_value_or_the_fixed_amount() -> None:
    on_rate = engaged(value=Decimal("1234567"), commission_rate=Decimal("2.50"))
    assert on_rate.commission_amount == Decimal("30864.18")
    assert on_rate.currency == on_rate.agreement.currency
    fixed = engaged(
        basis=CommissionBasis.FIXED, commission_rate=None, commission_fixed=Decimal("50000")
    )
    assert fixed.commission_amount == Decimal("50000")
    unknown = engaged(agreement=AgreementFactory.create(value=None))
    assert unknown.commission_amount is None


def test_a_commission_names_its_rate_or_its_amount_as_its_basis_says() -> None:
    with pytest.raises(ValidationError) as refused:
        engaged(commission_rate=None)
    assert codes(refused.value, "commission_rate") == ["rate_missing"]
    with pytest.raises(ValidationError) as refused:
        engaged(basis=CommissionBasis.FIXED)
    assert codes(refused.value, "commission_fixed") == ["fixed_missing"]
    assert codes(refused.value, "commission_rate") == ["rate_with_fixed"]


def test_a_broker_is_party_to_an_agreement_once() -> None:
    engagement = engaged()
    with pytest.raises(ValidationError) as refused:
        engaged(engagement.broker, engagement.agreement)
    assert "__all__" in refused.value.error_dict


def test_an_organization_broker_becomes_the_open_agreements_intermediary_party() -> None:
    broker = OrganizationBrokerFactory.create()
    agreement = AgreementFactory.create(value=Decimal("500000"))
    engagement = services.engagement_create(
        by=None, broker=broker, agreement=agreement, commission_rate=Decimal("4")
    )
    party = AgreementParty.objects.get(agreement=agreement, organization=broker.organization)
    assert party.role == PartyRole.INTERMEDIARY
    # Removed before the signing, the broker's party goes with the engagement.
    services.engagement_delete(brokerengagement=engagement, by=None)
    assert not AgreementParty.objects.filter(pk=party.pk).exists()


def test_an_organization_broker_of_a_signed_agreement_must_be_its_intermediary_party() -> None:
    broker = OrganizationBrokerFactory.create()
    agreement = signed_technical_agreement(signed_on=SIGNED_ON, value=Decimal("500000"))
    with pytest.raises(ValidationError) as refused:
        services.engagement_create(
            by=None, broker=broker, agreement=agreement, commission_rate=Decimal("4")
        )
    assert codes(refused.value, "agreement") == ["not_a_party"]
    assert broker.organization is not None
    AgreementParty.objects.create(
        agreement=agreement, organization=broker.organization, role=PartyRole.CLIENT
    )
    with pytest.raises(ValidationError) as refused:
        services.engagement_create(
            by=None, broker=broker, agreement=agreement, commission_rate=Decimal("4")
        )
    assert codes(refused.value, "agreement") == ["party_in_another_role"]
    assert not BrokerEngagement.objects.exists()


def test_removing_the_broker_of_a_signed_agreement_is_refused() -> None:
    engagement = engaged()
    with pytest.raises(ValidationError) as refused:
        services.engagement_delete(brokerengagement=engagement, by=None)
    assert refused.value.code == "not_deletable"
    assert BrokerEngagement.objects.filter(pk=engagement.pk).exists()


def test_a_deal_is_introduced_from_a_need_the_broker_introduced() -> None:
    broker = BrokerFactory.create()
    need = TechnicalNeedFactory.create()
    with pytest.raises(ValidationError) as refused:
        engaged(broker, need=need)
    assert codes(refused.value, "need") == ["need_not_introduced"]
    IntroductionFactory.create(broker=broker, need=need)
    assert engaged(broker, need=need).need == need


def test_the_commission_agreed_cannot_drop_below_what_was_paid() -> None:
    engagement = engaged()
    pay(engagement, amount=Decimal("20000"))
    engagement.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.engagement_update(
            brokerengagement=engagement, by=None, commission_rate=Decimal("1")
        )
    assert codes(refused.value, "commission_rate") == ["below_paid"]
    saved = services.engagement_update(
        brokerengagement=engagement, by=None, commission_rate=Decimal("5")
    )
    assert saved.commission_amount == Decimal("50000.00")


# Commission: only on agreements the broker is party to ------------------------------------


def test_commission_is_paid_only_on_an_agreement_the_broker_is_party_to() -> None:
    engagement = engaged()
    other_agreement = signed_technical_agreement(signed_on=SIGNED_ON, value=Decimal("900000"))
    with pytest.raises(ValidationError) as refused:
        services.commission_pay(
            broker=engagement.broker,
            agreement=other_agreement,
            paid_on=D(2025, 4, 1),
            amount=Decimal("100"),
            by=None,
        )
    assert codes(refused.value, "agreement") == ["not_a_party"]
    # Another broker's deal is not theirs either.
    stranger = BrokerFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.commission_pay(
            broker=stranger,
            agreement=engagement.agreement,
            paid_on=D(2025, 4, 1),
            amount=Decimal("100"),
            by=None,
        )
    assert codes(refused.value, "agreement") == ["not_a_party"]
    assert not CommissionPayment.objects.exists()
    payment = pay(engagement)
    assert payment.engagement == engagement
    assert payment.currency == engagement.currency


def test_an_organization_broker_no_longer_the_intermediary_party_is_not_paid() -> None:
    engagement = engaged(OrganizationBrokerFactory.create())
    AgreementParty.objects.filter(
        agreement=engagement.agreement, organization=engagement.broker.organization
    ).update(role=PartyRole.CLIENT)
    with pytest.raises(ValidationError) as refused:
        pay(engagement)
    assert codes(refused.value, "agreement") == ["not_a_party"]


def test_commission_is_not_paid_before_the_agreement_is_signed() -> None:
    engagement = engaged(agreement=AgreementFactory.create(value=Decimal("100000")))
    assert engagement.agreement.status == AgreementStatus.DRAFT
    with pytest.raises(ValidationError) as refused:
        pay(engagement, amount=Decimal("100"))
    assert codes(refused.value, "agreement") == ["not_signed"]


def test_a_payment_is_dated_from_the_signing_to_today() -> None:
    engagement = engaged()
    with pytest.raises(ValidationError) as refused:
        pay(engagement, paid_on=SIGNED_ON - datetime.timedelta(days=1))
    assert codes(refused.value, "paid_on") == ["before_signing"]
    with pytest.raises(ValidationError) as refused:
        pay(engagement, paid_on=today() + datetime.timedelta(days=1))
    assert codes(refused.value, "paid_on") == ["future_date"]
    assert pay(engagement, paid_on=SIGNED_ON).paid_on == SIGNED_ON


def test_payments_never_add_up_to_more_than_the_commission_agreed() -> None:
    engagement = engaged()  # 3 percent of 1,000,000: 30,000
    pay(engagement, amount=Decimal("20000"))
    with pytest.raises(ValidationError) as refused:
        pay(engagement, amount=Decimal("10000.01"))
    assert codes(refused.value, "amount") == ["above_agreed"]
    last = pay(engagement, amount=Decimal("10000"))
    with pytest.raises(ValidationError) as refused:
        services.payment_update(commissionpayment=last, by=None, amount=Decimal("10001"))
    assert codes(refused.value, "amount") == ["above_agreed"]


def test_no_payment_while_the_commission_agreed_is_unknown() -> None:
    agreement = signed_technical_agreement(signed_on=SIGNED_ON)
    engagement = engaged(agreement=agreement)
    assert engagement.commission_amount is None
    with pytest.raises(ValidationError) as refused:
        pay(engagement)
    assert codes(refused.value, "amount") == ["agreed_unknown"]


def test_a_payment_is_in_the_currency_agreed() -> None:
    engagement = engaged()
    with pytest.raises(ValidationError) as refused:
        pay(engagement, currency="USD")
    assert codes(refused.value, "currency") == ["currency_not_agreed"]


# Introductions -----------------------------------------------------------------------------


def test_an_introduction_of_a_need_names_its_enterprise() -> None:
    need = TechnicalNeedFactory.create()
    introduction = services.introduction_create(
        by=None, broker=BrokerFactory.create(), need=need, introduced_on=D(2023, 3, 5)
    )
    assert introduction.organization == need.organization
    with pytest.raises(ValidationError) as refused:
        services.introduction_create(
            by=None,
            broker=BrokerFactory.create(),
            need=need,
            organization=OrganizationFactory.create(),
            introduced_on=D(2023, 3, 5),
        )
    assert codes(refused.value, "organization") == ["not_the_needs_enterprise"]


def test_an_introduction_is_dated_from_the_needs_submission_to_today() -> None:
    need = TechnicalNeedFactory.create(submitted_on=D(2023, 3, 1))
    broker = BrokerFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.introduction_create(
            by=None, broker=broker, need=need, introduced_on=D(2023, 2, 28)
        )
    assert codes(refused.value, "introduced_on") == ["before_submitted"]
    with pytest.raises(ValidationError) as refused:
        services.introduction_create(
            by=None, broker=broker, need=need, introduced_on=today() + datetime.timedelta(days=1)
        )
    assert codes(refused.value, "introduced_on") == ["future_date"]


def test_a_broker_introduces_a_need_once_and_an_enterprise_alone_as_often_as_they_like() -> None:
    introduction = IntroductionFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.introduction_create(
            by=None,
            broker=introduction.broker,
            need=introduction.need,
            introduced_on=D(2023, 3, 6),
        )
    assert "__all__" in refused.value.error_dict
    enterprise = OrganizationFactory.create()
    for day in (1, 2):
        services.introduction_create(
            by=None,
            broker=introduction.broker,
            organization=enterprise,
            introduced_on=D(2024, 1, day),
        )
    with pytest.raises(ValidationError) as refused:
        services.introduction_create(
            by=None, broker=introduction.broker, introduced_on=D(2024, 1, 3)
        )
    assert codes(refused.value, "need") == ["nothing_introduced"]
    assert Introduction.objects.count() == 3


# The record ---------------------------------------------------------------------------------


def a_broker_with_a_record() -> dict[str, object]:
    """A broker who introduced two needs (one in 2024, one in 2022), with an accepted match on
    each and a pending one, party to two signed contracts in 2025 (one registered) and one
    signed in 2021, with commission paid in 2025 and 2021."""
    broker = BrokerFactory.create()
    need_2024 = TechnicalNeedFactory.create(submitted_on=D(2024, 1, 2))
    need_2022 = TechnicalNeedFactory.create(submitted_on=D(2022, 1, 2))
    IntroductionFactory.create(broker=broker, need=need_2024, introduced_on=D(2024, 1, 3))
    IntroductionFactory.create(broker=broker, need=need_2022, introduced_on=D(2022, 1, 3))
    IntroductionFactory.create(
        broker=broker,
        need=None,
        organization=OrganizationFactory.create(),
        introduced_on=D(2024, 2, 1),
    )
    moment = timezone.make_aware(datetime.datetime(2025, 2, 1, 10))
    MatchCandidateFactory.create(need=need_2024, decision=Decision.ACCEPTED, decided_at=moment)
    MatchCandidateFactory.create(
        need=need_2022,
        decision=Decision.ACCEPTED,
        decided_at=timezone.make_aware(datetime.datetime(2022, 3, 1, 10)),
    )
    MatchCandidateFactory.create(need=need_2024)  # pending
    MatchCandidateFactory.create(decision=Decision.ACCEPTED, decided_at=moment)  # not theirs
    registered = engaged(broker, value=Decimal("2000000"))
    registration = contract_registration(agreement=registered.agreement)
    ContractRegistration.objects.filter(pk=registration.pk).update(
        status=RegistrationStatus.REGISTERED
    )
    unregistered = engaged(broker, value=Decimal("1000000"))
    old = engaged(
        broker,
        agreement=signed_technical_agreement(signed_on=D(2021, 6, 1), value=Decimal("5000000")),
    )
    pay(registered, amount=Decimal("60000"), paid_on=D(2025, 5, 1))
    pay(old, amount=Decimal("1000"), paid_on=D(2021, 7, 1))
    engaged(value=Decimal("9000000"))  # another broker's
    return {"broker": broker, "registered": registered, "unregistered": unregistered}


def test_a_brokers_record_for_a_period_counts_what_they_brought_in_it() -> None:
    world = a_broker_with_a_record()
    broker = world["broker"]
    assert isinstance(broker, Broker)
    staff = UserFactory.create()
    record = broker_record(broker=broker, user=staff, period=Period(D(2024, 1, 1), D(2025, 12, 31)))
    assert record.needs_introduced == 1
    assert record.matches_made == 1
    assert record.agreements_signed == 2
    assert record.registered_value == Decimal("2000000")
    assert record.commission_agreed == Decimal("90000")
    assert record.commission_paid == Decimal("60000")
    assert record.hidden == 0
    ever = broker_record(broker=broker, user=staff)
    assert (ever.needs_introduced, ever.matches_made, ever.agreements_signed) == (2, 2, 3)
    assert ever.commission_agreed == Decimal("240000")
    assert ever.commission_paid == Decimal("61000")


def test_values_a_reader_is_not_cleared_for_are_left_out_of_the_record_and_counted() -> None:
    world = a_broker_with_a_record()
    broker, registered = world["broker"], world["registered"]
    assert isinstance(broker, Broker)
    assert isinstance(registered, BrokerEngagement)
    type(registered.agreement).objects.filter(pk=registered.agreement_id).update(
        confidentiality=Confidentiality.SECRET
    )
    staff = UserFactory.create()
    record = broker_record(broker=broker, user=staff, period=Period(D(2024, 1, 1), D(2025, 12, 31)))
    assert record.agreements_signed == 2
    assert record.registered_value == Decimal(0)
    assert record.commission_agreed == Decimal("30000")
    assert record.hidden == 1


def test_the_ranking_sorts_brokers_by_the_outcome_asked_for() -> None:
    world = a_broker_with_a_record()
    staff = UserFactory.create()
    period = Period(D(2025, 1, 1), D(2025, 12, 31))
    by_agreements = list(broker_ranking(user=staff, period=period, order="agreements"))
    assert by_agreements[0] == world["broker"]
    assert by_agreements[0].agreements_signed == 2  # type: ignore[attr-defined]
    by_commission = list(broker_ranking(user=staff, period=period, order="commission"))
    # The other broker's single deal of 9 million brings 270,000 of commission.
    assert by_commission[0] != world["broker"]
    assert by_commission[0].commission_agreed == Decimal("270000")  # type: ignore[attr-defined]
    by_value = list(broker_ranking(user=staff, period=period, order="value"))
    assert by_value[0] == world["broker"]


def test_an_engagement_and_a_payment_are_each_written_once_in_history() -> None:
    engagement = engaged()
    pay(engagement)
    assert engagement.history.count() == 1
    assert CommissionPayment.objects.get().history.count() == 1
