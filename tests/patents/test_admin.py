"""The patents' admin: its lifecycle buttons and forms go through the patent services."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from liaison.accounts.models import User
from liaison.patents.choices import PatentStatus
from liaison.patents.models import FeePayment, Patent
from tests.core.admin_pages import admin_url
from tests.patents.factories import granted_patent, make_patent

pytestmark = pytest.mark.django_db


def offered_steps(client: Client, record: Patent) -> list[str]:
    response = client.get(admin_url(record, "change", record.pk))
    return [str(step["label"]) for step in response.context["liaison_transitions"]]


def test_a_pending_invention_offers_its_pending_steps(admin_client: Client) -> None:
    assert offered_steps(admin_client, make_patent()) == [
        "Record the publication",
        "Record the examination request",
        "Record the grant",
        "Record an office action",
        "Withdraw",
    ]


def test_a_granted_patent_offers_its_endings(admin_client: Client) -> None:
    assert offered_steps(admin_client, granted_patent()) == [
        "Record an office action",
        "Abandon",
        "Record the lapse",
    ]


def test_the_grant_button_records_it_through_the_service(client: Client, staff_user: User) -> None:
    patent = make_patent(filed_on=datetime.date(2017, 7, 21), application_number="201710601862.3")
    client.force_login(staff_user)
    url = admin_url(patent, "transition", patent.pk, "request-examination")
    client.post(url, {"requested_on": "2017-09-01", "loaded_version": patent.version})
    patent.refresh_from_db()
    url = admin_url(patent, "transition", patent.pk, "grant")
    response = client.post(url, {"granted_on": "2019-11-20", "loaded_version": patent.version})
    assert response.status_code == 302
    patent.refresh_from_db()
    assert patent.status == PatentStatus.GRANTED
    assert patent.patent_number == "ZL201710601862.3"
    assert patent.history.latest().history_user == staff_user


def test_the_lapse_button_shows_the_services_refusal(admin_client: Client) -> None:
    patent = granted_patent(
        granted_on=datetime.date(2026, 11, 2), filed_on=datetime.date(2025, 3, 3)
    )
    response = admin_client.post(admin_url(patent, "transition", patent.pk, "lapse"), {})
    assert response.status_code == 200
    assert "has not lapsed" in " ".join(response.context["form"].non_field_errors())


def test_a_payment_added_in_the_admin_is_checked_against_the_docket(
    admin_client: Client,
) -> None:
    patent = granted_patent(
        filed_on=datetime.date(2017, 3, 15), granted_on=datetime.date(2019, 11, 20)
    )
    data = {
        "patent": patent.pk,
        "kind": "annual",
        "fee_year": 7,
        "paid_on": "2023-06-20",
        "amount": "2000",
        "currency": "CNY",
        "note": "",
    }
    response = admin_client.post(admin_url(FeePayment, "add"), data)
    assert response.status_code == 200
    assert "2300" in str(response.context["adminform"].form.errors["amount"])
    response = admin_client.post(admin_url(FeePayment, "add"), {**data, "amount": "2300"})
    assert response.status_code == 302
    assert FeePayment.objects.get(patent=patent).surcharge == 300
