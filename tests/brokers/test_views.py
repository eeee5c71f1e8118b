"""The brokers' pages, the ranking, the agreement's Brokers card and the broker's own page."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import Role
from liaison.accounts.services import assignment_create
from liaison.brokers.choices import BrokerStatus, CertificateLevel, CommissionBasis
from liaison.brokers.models import Broker, BrokerEngagement, CommissionPayment, Introduction
from tests.accounts.factories import UserFactory
from tests.agreements.factories import AgreementFactory, signed_technical_agreement
from tests.brokers.factories import (
    SIGNED_ON,
    BrokerEngagementFactory,
    BrokerFactory,
    CommissionPaymentFactory,
    IntroductionFactory,
    OrganizationBrokerFactory,
    engaged,
)
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory
from tests.web.pages import ObjectPageChecks

D = datetime.date


class TestBrokerPages(ObjectPageChecks):
    model = Broker
    factory = BrokerFactory
    url_base = "brokers:broker"
    stale_field = "notes"
    stale_value = "Moved to Hangzhou"

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "person": PersonFactory.create().pk,
            "certificate_level": CertificateLevel.JUNIOR,
            "certificate_number": "JSJJR-2024-00001",
            "certificate_issued_on": "2024-05-06",
            "fields_of_practice": "医疗器械\n新材料",
            "default_commission_rate": "3",
            "currency": "CNY",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "certificate_number": ""}, "certificate_number"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        return (
            {"kind": "organization"},
            OrganizationBrokerFactory.create(),
            BrokerFactory.create(),
        )


class TestBrokerEngagementPages(ObjectPageChecks):
    model = BrokerEngagement
    factory = BrokerEngagementFactory
    url_base = "brokers:brokerengagement"
    stale_field = "note"
    stale_value = "Renegotiated meanwhile"

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "broker": BrokerFactory.create().pk,
            "agreement": AgreementFactory.create(value=Decimal("100000")).pk,
            "basis": CommissionBasis.RATE,
            "commission_rate": "5",
            "currency": "CNY",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "commission_rate": ""}, "commission_rate"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = BrokerEngagementFactory.create(
            basis=CommissionBasis.FIXED, commission_rate=None, commission_fixed=Decimal("1")
        )
        return {"basis": "fixed"}, kept, BrokerEngagementFactory.create()


class TestCommissionPaymentPages(ObjectPageChecks):
    model = CommissionPayment
    factory = CommissionPaymentFactory
    url_base = "brokers:commissionpayment"
    stale_field = "reference"
    stale_value = "PZ-MEANWHILE"

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "engagement": engaged().pk,
            "paid_on": "2025-04-02",
            "amount": "1500",
            "currency": "CNY",
            "reference": "PZ-NEW",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "paid_on": "2025-01-01"}, "paid_on"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = CommissionPaymentFactory.create(paid_on=D(2025, 6, 1))
        dropped = CommissionPaymentFactory.create(paid_on=D(2025, 4, 1))
        return {"paid_after": "2025-05-01"}, kept, dropped

    def shown_as(self, obj: Any) -> str:
        return str(obj.reference)


class TestIntroductionPages(ObjectPageChecks):
    model = Introduction
    factory = IntroductionFactory
    url_base = "brokers:introduction"
    stale_field = "note"
    stale_value = "Met at the fair"

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "broker": BrokerFactory.create().pk,
            "need": TechnicalNeedFactory.create().pk,
            "introduced_on": "2023-03-10",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "introduced_on": "2023-01-01"}, "introduced_on"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = IntroductionFactory.create(introduced_on=D(2024, 6, 1))
        dropped = IntroductionFactory.create(introduced_on=D(2023, 3, 5))
        return {"introduced_after": "2024-01-01"}, kept, dropped

    def shown_as(self, obj: Any) -> str:
        return str(obj.need.title)


# The broker's page, its steps and the payment step -----------------------------------------


@pytest.mark.django_db
def test_the_broker_page_shows_the_record_deals_payments_and_introductions(
    signed_in: Client,
) -> None:
    engagement = engaged()
    broker = engagement.broker
    CommissionPaymentFactory.create(engagement=engagement, reference="PZ-SHOWN")
    IntroductionFactory.create(broker=broker)
    url = reverse("brokers:broker_detail", args=(broker.pk,))
    response = signed_in.get(url)
    html = response.content.decode()
    assert response.context["record"].agreements_signed == 1
    assert engagement.agreement.number in html
    assert "PZ-SHOWN" in html
    assert 'id="broker-record-title"' in html
    # Narrowed to a period without the deal.
    response = signed_in.get(url, {"start": "2020-01-01", "end": "2020-12-31"})
    assert response.context["record"].agreements_signed == 0


@pytest.mark.django_db
def test_a_broker_is_made_inactive_and_active_again_from_their_page(signed_in: Client) -> None:
    broker = BrokerFactory.create()
    step = reverse("brokers:broker_action", args=(broker.pk, "deactivate"))
    assert (
        step in signed_in.get(reverse("brokers:broker_detail", args=(broker.pk,))).content.decode()
    )
    response = signed_in.post(step, {"loaded_version": broker.version})
    assert response.status_code == 302
    broker.refresh_from_db()
    assert broker.status == BrokerStatus.INACTIVE
    html = signed_in.get(reverse("brokers:broker_detail", args=(broker.pk,))).content.decode()
    assert reverse("brokers:broker_action", args=(broker.pk, "reactivate")) in html


@pytest.mark.django_db
def test_a_payment_is_recorded_on_the_engagement_page_and_refused_above_the_commission(
    signed_in: Client,
) -> None:
    engagement = engaged()  # 30,000 agreed
    step = reverse("brokers:brokerengagement_action", args=(engagement.pk, "record-payment"))
    html = signed_in.get(
        reverse("brokers:brokerengagement_detail", args=(engagement.pk,))
    ).content.decode()
    assert step in html
    response = signed_in.post(
        step, {"paid_on": "2025-04-01", "amount": "30000.01", "loaded_version": engagement.version}
    )
    assert response.status_code == 400
    assert "at most" in str(response.context["form"].errors["amount"])
    response = signed_in.post(
        step, {"paid_on": "2025-04-01", "amount": "30000", "loaded_version": engagement.version}
    )
    assert response.status_code == 302
    assert engagement.payments.get().amount == Decimal("30000")


@pytest.mark.django_db
def test_no_payment_step_before_the_agreement_is_signed(signed_in: Client) -> None:
    engagement = engaged(agreement=AgreementFactory.create(value=Decimal("100000")))
    step = reverse("brokers:brokerengagement_action", args=(engagement.pk, "record-payment"))
    html = signed_in.get(
        reverse("brokers:brokerengagement_detail", args=(engagement.pk,))
    ).content.decode()
    assert step not in html


# The agreement's Brokers card ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_agreement_page_lists_its_brokers_and_offers_to_add_one(signed_in: Client) -> None:
    engagement = engaged()
    CommissionPaymentFactory.create(engagement=engagement, amount=Decimal("12000"))
    agreement = engagement.agreement
    html = signed_in.get(
        reverse("agreements:agreement_detail", args=(agreement.pk,))
    ).content.decode()
    card = html[html.index('id="agreement-brokers-title"') :]
    assert str(engagement.broker) in card
    add = f"{reverse('brokers:brokerengagement_add')}?agreement={agreement.pk}"
    assert add in card
    form = signed_in.get(add).context["form"]
    assert form.instance.agreement == agreement


@pytest.mark.django_db
def test_leadership_reads_the_brokers_of_an_agreement_without_adding_one(client: Client) -> None:
    engagement = engaged()
    client.force_login(UserFactory.create(role="leadership"))
    html = client.get(
        reverse("agreements:agreement_detail", args=(engagement.agreement_id,))
    ).content.decode()
    card = html[html.index('id="agreement-brokers-title"') :]
    assert str(engagement.broker) in card
    assert reverse("brokers:brokerengagement_add") not in card


# The ranking --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_ranking_orders_brokers_by_the_column_chosen_and_pages_them(signed_in: Client) -> None:
    many = engaged(value=Decimal("1000000"))
    engaged(many.broker, value=Decimal("1000000"))
    rich = engaged(value=Decimal("50000000"))
    BrokerFactory.create_batch(3)
    url = reverse("brokers:broker_ranking")
    params = {"start": "2025-01-01", "end": "2025-12-31"}
    response = signed_in.get(url, params)
    assert response.status_code == 200
    rows = [row.record for row in response.context["table"].page.object_list]
    assert rows[0] == many.broker
    assert len(rows) == 5
    response = signed_in.get(url, {**params, "sort": "-commission_agreed"})
    rows = [row.record for row in response.context["table"].page.object_list]
    assert rows[0] == rich.broker
    html = response.content.decode()
    assert "Commission paid" in html
    # Another year: nobody signed.
    response = signed_in.get(url, {"start": "2020-01-01", "end": "2020-12-31"})
    assert all(
        row.record.agreements_signed == 0 for row in response.context["table"].page.object_list
    )


@pytest.mark.django_db
def test_a_center_manager_sees_the_ranking_without_the_commission_paid(client: Client) -> None:
    engaged()
    client.force_login(UserFactory.create(role="center_manager"))
    html = client.get(reverse("brokers:broker_ranking")).content.decode()
    assert "Agreements signed" in html
    assert "Commission paid" not in html


# The broker's own page -----------------------------------------------------------------------


def broker_user(broker: Broker) -> Any:
    """An account with the "Technology broker" role, linked to the broker's person."""
    user = UserFactory.create(role=None)
    assignment_create(by=None, user=user, role=Role.objects.get(name="Technology broker"))
    assert broker.person is not None
    type(broker.person).objects.filter(pk=broker.person.pk).update(user=user)
    return user


@pytest.mark.django_db
def test_a_broker_lands_on_their_own_page_with_their_record(client: Client) -> None:
    engagement = engaged()
    CommissionPaymentFactory.create(engagement=engagement, amount=Decimal("5000"))
    other = engaged()
    user = broker_user(engagement.broker)
    client.force_login(user)
    response = client.get(reverse("home"), follow=True)
    html = response.content.decode()
    assert 'id="me-broker-title"' in html
    assert reverse("brokers:broker_detail", args=(engagement.broker_id,)) in html
    # Their own broker page, their deal and payments; not another broker's.
    own = client.get(reverse("brokers:broker_detail", args=(engagement.broker_id,)))
    assert own.status_code == 200
    assert own.context["record"].commission_paid == Decimal("5000")
    assert client.get(reverse("brokers:broker_detail", args=(other.broker_id,))).status_code == 404
    assert (
        client.get(reverse("brokers:brokerengagement_detail", args=(other.pk,))).status_code == 404
    )
    payments = client.get(reverse("brokers:commissionpayment_list")).context["table"].data
    assert {p.engagement_id for p in payments} == {engagement.pk}


@pytest.mark.django_db
def test_a_person_who_is_no_broker_sees_no_broker_section(client: Client) -> None:
    user = UserFactory.create(role="researcher")
    PersonFactory.create(user=user)
    client.force_login(user)
    html = client.get(reverse("people:me")).content.decode()
    assert 'id="me-broker-title"' not in html


@pytest.mark.django_db
def test_a_broker_is_added_from_an_organizations_page_address(signed_in: Client) -> None:
    organization = OrganizationFactory.create()
    add = f"{reverse('brokers:broker_add')}?organization={organization.pk}"
    assert signed_in.get(add).context["form"].instance.organization == organization


@pytest.mark.django_db
def test_a_deal_is_added_from_the_broker_with_their_default_rate(signed_in: Client) -> None:
    broker = BrokerFactory.create()
    add = f"{reverse('brokers:brokerengagement_add')}?broker={broker.pk}"
    instance = signed_in.get(add).context["form"].instance
    assert instance.broker == broker
    assert instance.commission_rate == broker.default_commission_rate
    agreement = signed_technical_agreement(signed_on=SIGNED_ON, value=Decimal("200000"))
    response = signed_in.post(
        add,
        {
            "broker": broker.pk,
            "agreement": agreement.pk,
            "basis": "rate",
            "commission_rate": "3",
            "currency": "CNY",
        },
    )
    assert response.status_code == 302
    assert BrokerEngagement.objects.get(broker=broker).commission_amount == Decimal("6000.00")
