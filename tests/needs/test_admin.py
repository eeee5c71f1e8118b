"""A need's lifecycle buttons and a candidate's decision buttons call the need services."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client

from liaison.accounts.models import User
from liaison.needs.choices import CandidateKind, Decision, NeedStatus
from liaison.needs.models import MatchCandidate, TechnicalNeed
from liaison.needs.services import need_reject, need_triage
from tests.centers.factories import CenterFactory
from tests.core.admin_pages import admin_url, posted_back
from tests.needs.factories import ServiceRecordFactory, TechnicalNeedFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def step_url(record: Model, step: str) -> str:
    return admin_url(record, "transition", record.pk, step)


def offered(client: Client, record: Model) -> list[str]:
    response = client.get(admin_url(record, "change", record.pk))
    return [str(step["label"]) for step in response.context["liaison_transitions"]]


def test_submitted_need_offers_triage_and_the_endings(admin_client: Client) -> None:
    need = TechnicalNeedFactory.create()

    assert offered(admin_client, need) == [
        "Triage",
        "Close",
        "Withdraw",
        "Reject",
    ]


def test_triage_button_dates_the_need_and_assigns_the_center(admin_client: Client) -> None:
    need = TechnicalNeedFactory.create()
    center = CenterFactory.create()

    response = admin_client.post(
        step_url(need, "triage"), {"triaged_on": "2023-03-05", "assigned_center": center.pk}
    )

    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.status, need.triaged_on, need.assigned_center) == (
        NeedStatus.TRIAGED,
        datetime.date(2023, 3, 5),
        center,
    )


def test_solving_without_a_summary_is_refused_under_the_summary(admin_client: Client) -> None:
    need = TechnicalNeedFactory.create()
    need_triage(need=need, triaged_on=datetime.date(2023, 3, 5), by=None)

    response = admin_client.post(step_url(need, "solve"), {"solved_on": "2023-04-01"})

    assert response.status_code == 200
    assert response.context["form"].errors["solution_summary"]
    assert TechnicalNeed.objects.get(pk=need.pk).status == NeedStatus.TRIAGED


def test_solving_records_summary_and_satisfaction(admin_client: Client) -> None:
    need = TechnicalNeedFactory.create()
    need_triage(need=need, triaged_on=datetime.date(2023, 3, 5), by=None)

    admin_client.post(
        step_url(need, "solve"),
        {"solved_on": "2023-04-01", "solution_summary": "银离子涂层", "satisfaction": "5"},
    )

    need.refresh_from_db()
    assert (need.status, need.solution_summary, need.satisfaction) == (
        NeedStatus.SOLVED,
        "银离子涂层",
        5,
    )


def test_ended_need_offers_no_step_and_refuses_one_posted_anyway(admin_client: Client) -> None:
    need = TechnicalNeedFactory.create()
    need_reject(need=need, ended_on=datetime.date(2023, 3, 2), reason="不在研究范围", by=None)

    assert offered(admin_client, need) == []
    response = admin_client.post(step_url(need, "triage"), {"triaged_on": "2023-03-05"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_candidate_is_accepted_with_its_button(admin_client: Client, admin_user: User) -> None:
    candidate = MatchCandidate.objects.create(
        need=TechnicalNeedFactory.create(), kind=CandidateKind.EXPERT, person=PersonFactory.create()
    )
    assert offered(admin_client, candidate) == ["Accept", "Reject"]

    admin_client.post(step_url(candidate, "accept"), {})

    candidate.refresh_from_db()
    assert (candidate.decision, candidate.decided_by) == (Decision.ACCEPTED, admin_user)
    assert offered(admin_client, candidate) == ["Reject"]


def edited(client: Client, record: Model, **changes: Any) -> Any:
    """Post `record`'s change form back with `changes`, as an editor in the admin would."""
    url = admin_url(record, "change", record.pk)
    return client.post(url, {**posted_back(client.get(url)), **changes})


def test_a_service_cannot_answer_another_organizations_need_in_the_admin_either(
    admin_client: Client,
) -> None:
    record = ServiceRecordFactory.create()

    response = edited(admin_client, record, need=str(TechnicalNeedFactory.create().pk))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["need"]
    record.refresh_from_db()
    assert record.need is None


def test_a_need_cannot_get_a_deadline_before_its_submission_in_the_admin_either(
    admin_client: Client,
) -> None:
    need = TechnicalNeedFactory.create(submitted_on=datetime.date(2023, 3, 1))

    response = edited(admin_client, need, deadline="2023-02-01")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["deadline"]
    need.refresh_from_db()
    assert need.deadline is None


def test_a_need_cannot_get_an_unknown_domain_in_the_admin_either(admin_client: Client) -> None:
    need = TechnicalNeedFactory.create()

    response = edited(admin_client, need, domains='["astrology"]')

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["domains"]
    need.refresh_from_db()
    assert need.domains == ["biomaterials"]
