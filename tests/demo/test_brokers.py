"""The demo's technology brokers (issue 19) keep the issue's rules: each is a person or an
organization; commission is paid only on agreements the broker is party to, after the signing
and within the commission agreed; an organization broker is the agreement's intermediary
party; needs are introduced after they were submitted; all after the report, whose figures
stay as announced. The demo's broker account lands on its own page with its record."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.agreements.choices import SIGNED_STATUSES, PartyRole
from liaison.agreements.models import AgreementParty
from liaison.brokers.choices import CertificateLevel, CommissionBasis
from liaison.brokers.models import Broker, BrokerEngagement, CommissionPayment, Introduction
from liaison.brokers.services import agreed_commission, commission_pay
from liaison.demo import announcement as report
from liaison.demo.loader import DemoSummary
from liaison.people.models import Person
from tests.demo.conftest import demo  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_demo_has_brokers_of_several_levels_and_an_organization_broker(
    demo: DemoSummary,  # noqa: F811
) -> None:
    brokers = list(Broker.objects.all())
    assert any(b.organization_id for b in brokers)
    levels = {b.certificate_level for b in brokers if b.person_id}
    assert len(levels - {CertificateLevel.NONE}) >= 2
    for broker in brokers:
        assert (broker.person_id is None) != (broker.organization_id is None)


def test_deals_are_technical_contracts_signed_after_the_report_with_commission(
    demo: DemoSummary,  # noqa: F811
) -> None:
    engagements = list(BrokerEngagement.objects.select_related("agreement", "broker"))
    assert engagements
    assert CommissionPayment.objects.exists()
    for engagement in engagements:
        agreement = engagement.agreement
        assert agreement.status in SIGNED_STATUSES
        assert agreement.signed_on is not None
        assert agreement.signed_on > report.AS_OF
        agreed = agreed_commission(
            engagement.basis, engagement.commission_rate, engagement.commission_fixed, agreement
        )
        assert agreed == engagement.commission_amount
        assert engagement.currency == agreement.currency or (
            engagement.basis == CommissionBasis.FIXED
        )
        paid = engagement.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        assert agreed is not None
        assert paid <= agreed
        assert all(p.paid_on >= agreement.signed_on for p in engagement.payments.all())
        if engagement.broker.organization_id is not None:
            assert AgreementParty.objects.filter(
                agreement=agreement,
                organization=engagement.broker.organization_id,
                role=PartyRole.INTERMEDIARY,
            ).exists()
        if engagement.need_id is not None:
            assert Introduction.objects.filter(
                broker=engagement.broker, need=engagement.need_id
            ).exists()


def test_needs_are_introduced_once_dated_from_their_submission(
    demo: DemoSummary,  # noqa: F811
) -> None:
    introductions = list(Introduction.objects.select_related("need"))
    assert introductions
    for introduction in introductions:
        assert introduction.need is not None
        assert introduction.introduced_on >= introduction.need.submitted_on > report.AS_OF
        assert introduction.organization_id == introduction.need.organization_id


def test_a_demo_deal_takes_its_remaining_commission_through_the_service_and_no_more(
    demo: DemoSummary,  # noqa: F811
) -> None:
    engagement = next(
        e
        for e in BrokerEngagement.objects.select_related("agreement", "broker").order_by("pk")
        if e.commission_amount
    )
    paid = engagement.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    left = engagement.commission_amount - paid
    signed_on = engagement.agreement.signed_on
    assert signed_on is not None
    last = max([signed_on, *(p.paid_on for p in engagement.payments.all())])
    if left:
        commission_pay(
            broker=engagement.broker,
            agreement=engagement.agreement,
            paid_on=last,
            amount=left,
            by=None,
        )
    with pytest.raises(Exception, match="at most"):
        commission_pay(
            broker=engagement.broker,
            agreement=engagement.agreement,
            paid_on=last,
            amount=Decimal("0.01"),
            by=None,
        )


def test_the_demo_broker_account_lands_on_its_own_record(
    demo: DemoSummary,  # noqa: F811
) -> None:
    user = User.objects.get(username="broker")
    person = Person.objects.get(user=user)
    broker = Broker.objects.get(person=person)
    client = Client()
    client.force_login(user)
    html = client.get(reverse("home"), follow=True).content.decode()
    assert 'id="me-broker-title"' in html
    assert reverse("brokers:broker_detail", args=(broker.pk,)) in html
    assert set(Broker.objects.restrict(user, "view")) == {broker}
