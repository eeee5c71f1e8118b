"""The disclosure's steps in the admin call the disclosure services; its history is read-only."""

from __future__ import annotations

import pytest
from django.test import Client

from liaison.accounts.models import User
from liaison.disclosures.choices import DisclosureStatus
from liaison.disclosures.models import Disclosure, DisclosureEvent
from tests.core.admin_pages import admin_url
from tests.disclosures.factories import acknowledged, submitted_disclosure

pytestmark = pytest.mark.django_db


def step_url(disclosure: Disclosure, step: str) -> str:
    return admin_url(disclosure, "transition", disclosure.pk, step)


def offered_steps(client: Client, disclosure: Disclosure) -> list[str]:
    response = client.get(admin_url(disclosure, "change", disclosure.pk))
    return [str(step["label"]) for step in response.context["liaison_transitions"]]


def test_a_submitted_disclosure_offers_acknowledging_and_withdrawing(admin_client: Client) -> None:
    assert offered_steps(admin_client, submitted_disclosure()) == ["Acknowledge", "Withdraw"]


def test_an_acknowledged_one_offers_assigning_evaluating_and_withdrawing(
    admin_client: Client,
) -> None:
    assert offered_steps(admin_client, acknowledged(submitted_disclosure())) == [
        "Assign",
        "Start the evaluation",
        "Withdraw",
    ]


def test_acknowledging_with_the_button_gives_the_case_number_and_records_the_author(
    client: Client, staff_user: User
) -> None:
    disclosure = submitted_disclosure()
    client.force_login(staff_user)
    response = client.post(
        step_url(disclosure, "acknowledge"),
        {
            "acknowledged_on": "2026-12-01",
            "responsible": staff_user.pk,
            "loaded_version": disclosure.version,
        },
    )
    assert response.status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.status == DisclosureStatus.ACKNOWLEDGED
    assert disclosure.case_number == "ID-2026-0001"
    assert disclosure.history.latest().history_user == staff_user
    assert DisclosureEvent.objects.get(kind="acknowledged").recorded_by == staff_user


def test_a_decision_without_reasons_is_refused_under_them(admin_client: Client) -> None:
    from tests.disclosures.factories import evaluated

    disclosure = evaluated(submitted_disclosure())
    response = admin_client.post(
        step_url(disclosure, "decide"), {"decision": "know_how", "decided_on": "2026-12-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    assert Disclosure.objects.get(pk=disclosure.pk).status == DisclosureStatus.UNDER_EVALUATION


def test_the_history_cannot_be_written_in_the_admin(admin_client: Client) -> None:
    disclosure = submitted_disclosure()
    event = disclosure.events.get()
    assert admin_client.post(admin_url(DisclosureEvent, "add"), {}).status_code == 403
    assert admin_client.post(admin_url(event, "change", event.pk), {}).status_code == 403
