"""The annual transformation report of the demo institute's last full year (2025): each number
is the rows its link opens, in both languages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.demo.loader import DemoSummary
from liaison.reports import catalogue
from liaison.reports.report import Report
from tests.accounts.factories import UserFactory
from tests.demo.conftest import demo  # noqa: F401  (the demo, loaded once for this module)

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def office(demo: DemoSummary, client: Client) -> Client:  # noqa: F811
    user: User = UserFactory.create(username="annual-admin", role=RoleKind.ADMINISTRATOR)
    client.force_login(user)
    return client


def _report(client: Client, lang: str) -> Report:
    params: dict[str, Any] = {"year": YEAR, "lang": lang}
    response = client.get(reverse("annual_report"), params)
    assert response.status_code == 200
    report: Report = response.context["report"]
    return report


def _add_up(metric: catalogue.Metric, rows: list[Any]) -> Any:
    if metric.measure != catalogue.Measure.YUAN:
        return len(rows)
    assert metric.sums is not None
    return sum((getattr(row, metric.sums) for row in rows), Decimal(0)).quantize(Decimal("0.01"))


def test_each_number_of_the_demos_2025_report_is_its_drill_down(office: Client) -> None:
    report = _report(office, "en")
    for row in report.rows:
        assert row.url is not None
        response = office.get(row.url)
        rows = list(response.context["table"].data)
        assert _add_up(row.metric, rows) == row.value, row.key
        for part in row.parts:
            assert part.url is not None
            response = office.get(part.url)
            rows = list(response.context["table"].data)
            assert _add_up(row.metric, rows) == part.amount, (row.key, part.value)


def test_the_demos_2025_report_states_its_year_in_both_languages(office: Client) -> None:
    chinese, english = _report(office, "zh-hans"), _report(office, "en")
    assert [row.value for row in chinese.rows] == [row.value for row in english.rows]
    values = {row.key: row.value for row in english.rows}
    # The demo's year has deals, income, rewards, patents and disclosures to report.
    for key in (
        "transformation_deals",
        "transformation_income_cny",
        "rewards_paid_person_times",
        "patent_applications_filed",
        "disclosures_received",
    ):
        assert values[key] > 0, key
