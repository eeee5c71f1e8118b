"""The admin writes brokers' records through their services: a payment it records on a deal
is refused as the service refuses it, and a broker's status is a step, not a field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from liaison.brokers.choices import BrokerStatus
from liaison.brokers.models import CommissionPayment
from tests.agreements.factories import AgreementFactory
from tests.brokers.factories import BrokerFactory, engaged
from tests.core.admin_pages import admin_url

pytestmark = pytest.mark.django_db


def test_a_payment_added_in_the_admin_is_refused_before_the_signing(admin_client: Client) -> None:
    engagement = engaged(agreement=AgreementFactory.create(value=Decimal("100000")))
    response = admin_client.post(
        admin_url(CommissionPayment, "add"),
        {
            "engagement": engagement.pk,
            "paid_on": "2025-04-01",
            "amount": "100",
            "currency": "CNY",
            "reference": "",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "not signed yet" in str(response.context["adminform"].form.errors)
    assert not CommissionPayment.objects.exists()


def test_the_payment_step_in_the_admin_goes_through_the_service(admin_client: Client) -> None:
    engagement = engaged()  # 30,000 agreed
    url = admin_url(engagement, "transition", engagement.pk, "record-payment")
    refused = admin_client.post(url, {"paid_on": "2025-04-01", "amount": "40000"})
    assert refused.status_code == 200
    assert "at most" in str(refused.context["form"].errors["amount"])
    response = admin_client.post(url, {"paid_on": "2025-04-01", "amount": "30000"})
    assert response.status_code == 302
    assert engagement.payments.get().amount == Decimal("30000")


def test_a_brokers_status_is_read_only_and_changed_by_its_step(admin_client: Client) -> None:
    broker = BrokerFactory.create()
    response = admin_client.get(admin_url(broker, "change", broker.pk))
    assert "status" not in response.context["adminform"].form.fields
    response = admin_client.post(admin_url(broker, "transition", broker.pk, "deactivate"), {})
    assert response.status_code == 302
    broker.refresh_from_db()
    assert broker.status == BrokerStatus.INACTIVE
