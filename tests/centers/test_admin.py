"""An appointment's term is ended with the button on its page."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Model
from django.test import Client

from tests.centers.factories import AppointmentFactory
from tests.core.admin_pages import admin_url

pytestmark = pytest.mark.django_db


def offered(client: Client, record: Model) -> list[str]:
    response = client.get(admin_url(record, "change", record.pk))
    return [str(step["label"]) for step in response.context["liaison_transitions"]]


def test_ending_a_term_dates_it_and_takes_the_button_away(admin_client: Client) -> None:
    appointment = AppointmentFactory.create()
    assert offered(admin_client, appointment) == ["End the term"]

    response = admin_client.post(
        admin_url(appointment, "transition", appointment.pk, "end-term"), {"ends_on": "2024-05-06"}
    )

    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.ends_on == datetime.date(2024, 5, 6)
    assert offered(admin_client, appointment) == []


def test_term_ending_before_it_starts_is_refused(admin_client: Client) -> None:
    appointment = AppointmentFactory.create(starts_on=datetime.date(2023, 5, 6))

    response = admin_client.post(
        admin_url(appointment, "transition", appointment.pk, "end-term"), {"ends_on": "2020-01-01"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    appointment.refresh_from_db()
    assert appointment.ends_on is None
