"""A financing round is closed or cancelled with the buttons on its page."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Model
from django.test import Client

from liaison.financing.choices import RoundStatus
from tests.core.admin_pages import admin_url, posted_back
from tests.financing.factories import FinancingRoundFactory

pytestmark = pytest.mark.django_db


def step_url(record: Model, step: str) -> str:
    return admin_url(record, "transition", record.pk, step)


def test_closing_a_round_records_the_date(admin_client: Client) -> None:
    financing_round = FinancingRoundFactory.create()

    response = admin_client.post(step_url(financing_round, "close"), {"closed_on": "2022-07-01"})

    assert response.status_code == 302
    financing_round.refresh_from_db()
    assert (financing_round.status, financing_round.closed_on) == (
        RoundStatus.CLOSED,
        datetime.date(2022, 7, 1),
    )


def test_closing_before_the_announcement_is_refused_under_the_date(admin_client: Client) -> None:
    financing_round = FinancingRoundFactory.create(announced_on=datetime.date(2022, 6, 1))

    response = admin_client.post(step_url(financing_round, "close"), {"closed_on": "2022-01-01"})

    assert response.status_code == 200
    assert response.context["form"].errors["closed_on"]


def test_cancelled_round_keeps_its_reason_and_offers_no_more_steps(admin_client: Client) -> None:
    financing_round = FinancingRoundFactory.create()

    admin_client.post(step_url(financing_round, "cancel"), {"reason": "投资方撤回"})

    financing_round.refresh_from_db()
    assert (financing_round.status, financing_round.cancel_reason) == (
        RoundStatus.CANCELLED,
        "投资方撤回",
    )
    page = admin_client.get(admin_url(financing_round, "change", financing_round.pk))
    assert page.context["liaison_transitions"] == []


def test_a_round_in_a_foreign_currency_needs_its_exchange_rate_in_the_admin_too(
    admin_client: Client,
) -> None:
    financing_round = FinancingRoundFactory.create()
    url = admin_url(financing_round, "change", financing_round.pk)

    response = admin_client.post(url, {**posted_back(admin_client.get(url)), "currency": "USD"})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cny_rate"]
    financing_round.refresh_from_db()
    assert financing_round.currency == "CNY"
