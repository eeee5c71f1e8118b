"""A trainee's admin: the graduate and withdraw buttons call the services; supervisors are
added on their own admin page, through the service that checks the agreement's parties."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from liaison.training.choices import TraineeStatus
from liaison.training.models import Supervision, Trainee
from tests.core.admin_pages import admin_url
from tests.people.factories import PersonFactory
from tests.training.factories import TraineeFactory, institute_person

pytestmark = pytest.mark.django_db


def offered_steps(client: Client, trainee: Trainee) -> list[str]:
    response = client.get(admin_url(trainee, "change", trainee.pk))
    return [str(step["label"]) for step in response.context["liaison_transitions"]]


def test_a_trainee_in_training_is_offered_graduation_and_withdrawal(admin_client: Client) -> None:
    trainee = TraineeFactory.create()

    assert offered_steps(admin_client, trainee) == ["Graduate", "Withdraw"]


def test_graduating_with_the_button_dates_it_and_no_step_is_offered_after(
    admin_client: Client,
) -> None:
    trainee = TraineeFactory.create(starts_on=datetime.date(2023, 9, 1))

    response = admin_client.post(
        admin_url(trainee, "transition", trainee.pk, "graduate"),
        {"ended_on": "2026-06-30", "loaded_version": trainee.version},
    )

    assert response.status_code == 302
    trainee.refresh_from_db()
    assert (trainee.status, trainee.ends_on) == (
        TraineeStatus.GRADUATED,
        datetime.date(2026, 6, 30),
    )
    assert offered_steps(admin_client, trainee) == []


def test_the_button_shows_the_services_refusal_of_an_end_before_the_start(
    admin_client: Client,
) -> None:
    trainee = TraineeFactory.create(starts_on=datetime.date(2024, 9, 1))

    response = admin_client.post(
        admin_url(trainee, "transition", trainee.pk, "withdraw"),
        {"ended_on": "2024-01-01", "loaded_version": trainee.version},
    )

    assert response.status_code == 200
    assert "ended_on" in response.context["form"].errors
    assert Trainee.objects.get(pk=trainee.pk).status == TraineeStatus.IN_TRAINING


def test_a_supervisor_of_no_party_is_refused_on_the_admin_add_page(admin_client: Client) -> None:
    trainee = TraineeFactory.create()
    url = admin_url(Supervision, "add")

    refused = admin_client.post(
        url, {"trainee": trainee.pk, "supervisor": PersonFactory.create().pk, "side": "institute"}
    )
    assert refused.status_code == 200
    assert "supervisor" in refused.context["adminform"].form.errors
    assert not Supervision.objects.exists()

    admin_client.post(
        url, {"trainee": trainee.pk, "supervisor": institute_person().pk, "side": "institute"}
    )
    assert trainee.supervisions.count() == 1
