"""/api/v1/figures/: the catalogue's numbers, each opening as many records as it counts."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from tests.accounts.factories import UserFactory
from tests.agreements.factories import AgreementFactory
from tests.api.factories import bearer, make_token
from tests.needs.factories import ServiceRecordFactory, TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

YEAR = {"from": "2024-01-01", "to": "2024-12-31"}


def get(client: Client, url: str, key: str, **params: Any) -> Any:
    query = f"?{urlencode(params)}" if params else ""
    return client.get(f"{url}{query}", **bearer(key))


def every_record(client: Client, url: str, key: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        answer = client.get(next_url, **bearer(key)).json()
        found += answer["results"]
        next_url = answer["next"]
    return found


@pytest.fixture
def world() -> dict[str, Any]:
    own, other = OrganizationFactory.create(), OrganizationFactory.create()
    for organization, count in ((own, 2), (other, 3)):
        for n in range(count):
            TechnicalNeedFactory.create(
                organization=organization, submitted_on=datetime.date(2024, 3, 1 + n)
            )
        ServiceRecordFactory.create(
            organization=organization, delivered_on=datetime.date(2024, 5, 1)
        )
    AgreementFactory.create()
    return {"own": own, "other": other}


def test_each_figure_opens_as_many_records_as_it_counts(
    client: Client, staff_user: User, world: dict[str, Any]
) -> None:
    key = make_token(staff_user)
    answer = get(client, "/api/v1/figures/", key, **YEAR)
    assert answer.status_code == 200, answer.content
    figures = {f["key"]: f for f in answer.json()}
    assert figures["needs_received"]["value"] == "5.00"
    assert figures["services_delivered"]["value"] == "2.00"
    for figure in figures.values():
        if figure["unit"] != "count" or figure["key"] == "needs_median_days_to_solution":
            continue
        records = every_record(client, figure["records"], key)
        assert len(records) == int(float(figure["value"])), figure["key"]
        for part in figure["parts"]:
            assert len(every_record(client, part["records"], key)) == int(float(part["amount"]))


def test_an_enterprise_counts_and_opens_only_its_own(client: Client, world: dict[str, Any]) -> None:
    user = UserFactory.create(role=RoleKind.ENTERPRISE, organization=world["own"])
    key = make_token(user)
    figures = {f["key"]: f for f in get(client, "/api/v1/figures/", key, **YEAR).json()}
    assert figures["needs_received"]["value"] == "2.00"
    records = every_record(client, figures["needs_received"]["records"], key)
    assert {r["display"] for r in records} <= {str(n) for n in world["own"].technical_needs.all()}


def test_bad_periods_parts_and_keys_are_refused(
    client: Client, staff_user: User, world: dict[str, Any]
) -> None:
    key = make_token(staff_user)
    bad = get(client, "/api/v1/figures/", key, **{"from": "2024-13-01"})
    assert bad.status_code == 400
    assert "period" in bad.json()["fields"]
    assert get(client, "/api/v1/figures/", key, period="2024-Q5").status_code == 400
    assert get(client, "/api/v1/figures/nope/records/", key).status_code == 404
    part = get(client, "/api/v1/figures/services_delivered/records/", key, part="nope")
    assert part.status_code == 400
    assert get(client, "/api/v1/figures/", key, center="999999").status_code == 404
