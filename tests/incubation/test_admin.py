"""A stay's steps are buttons on its admin page; its status and dates are not typed there."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from liaison.incubation.choices import IncubationStatus
from liaison.incubation.services import incubation_graduate
from tests.core.admin_pages import admin_url
from tests.incubation.factories import IncubationFactory, incubating

pytestmark = pytest.mark.django_db


def test_starting_incubation_from_the_admin_goes_through_the_service(admin_client: Client) -> None:
    stay = IncubationFactory.create(admitted_on=datetime.date(2024, 3, 1))

    refused = admin_client.post(
        admin_url(stay, "transition", stay.pk, "start"), {"on": "2024-01-01"}
    )
    assert refused.status_code == 200
    assert "before the company was admitted" in refused.context["form"].errors["on"][0]

    response = admin_client.post(
        admin_url(stay, "transition", stay.pk, "start"), {"on": "2024-04-01"}
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    assert (stay.status, stay.incubating_since) == (
        IncubationStatus.INCUBATING,
        datetime.date(2024, 4, 1),
    )


def test_status_and_exit_are_read_only_and_a_left_company_takes_no_new_milestone(
    admin_client: Client,
) -> None:
    stay = incubating()
    incubation_graduate(incubation=stay, on=datetime.date(2025, 1, 1), by=None)

    response = admin_client.get(admin_url(stay, "change", stay.pk))

    assert response.status_code == 200
    form = response.context["adminform"].form
    for field in ("status", "incubating_since", "exited_on", "exit_note"):
        assert field not in form.fields
    assert "Graduated" in response.content.decode()
    for inline in response.context["inline_admin_formsets"]:
        assert inline.opts.add_link(response.wsgi_request, stay) is None
