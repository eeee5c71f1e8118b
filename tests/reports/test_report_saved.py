"""Saved reports: they keep the metric versions and values they stated, and only the office and
leadership keep them."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse

from liaison.accounts.choices import RoleKind
from liaison.core import permissions
from liaison.reports import catalogue
from liaison.reports.models import SavedReport
from liaison.reports.periods import Period
from liaison.reports.report import report_for, saved_report
from liaison.reports.services import report_save
from tests.accounts.factories import UserFactory
from tests.needs.factories import ServiceRecordFactory
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

YEAR = Period.year(datetime.date(2022, 1, 1))
KEY = "services_delivered"


def _services(count: int) -> None:
    for n in range(count):
        ServiceRecordFactory.create(delivered_on=datetime.date(2022, 3, 1 + n))


def _version_2(monkeypatch: pytest.MonkeyPatch) -> catalogue.Metric:
    """Version 2 of the services metric: it counts none of the rows version 1 counts."""
    first = catalogue.metric(KEY)

    def none_of_them(period: Period, user: Any, center: Any) -> QuerySet[Any]:
        return first.rows(period, user, center).none()

    second = dataclasses.replace(first, version=2, rows=none_of_them)
    monkeypatch.setattr(catalogue, "CATALOGUE", (*catalogue.CATALOGUE, second))
    return second


def test_a_new_version_of_a_definition_leaves_an_old_saved_reports_figures_unchanged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _services(3)
    office = UserFactory.create()
    saved = report_save(
        report=report_for(period=YEAR, language="en", user=office), title="2022", by=office
    )
    stored = next(f for f in saved.figures if f["key"] == KEY)
    assert (stored["version"], stored["value"]) == (1, "3")

    _version_2(monkeypatch)
    assert catalogue.metric(KEY).version == 2

    again = saved_report(SavedReport.objects.get(pk=saved.pk)).row(KEY)
    assert (again.version, again.value) == (1, 3)
    new = report_for(period=YEAR, language="en", user=office).row(KEY)
    assert (new.version, new.value) == (2, 0)


def test_the_saved_report_page_shows_the_stored_figures_and_their_versions(
    monkeypatch: pytest.MonkeyPatch, client: Client
) -> None:
    _services(2)
    office = UserFactory.create()
    client.force_login(office)
    response = client.post(
        reverse("report_save"), {"from": "2022-01-01", "to": "2022-12-31", "lang": "en"}
    )
    saved = SavedReport.objects.get()
    assert response.url == reverse("saved_report", args=(saved.pk,))  # type: ignore[attr-defined]
    assert saved.created_by == office
    assert saved.title.startswith("Report of")
    _version_2(monkeypatch)
    page = client.get(response.url)  # type: ignore[attr-defined]
    row = page.context["report"].row(KEY)
    assert (row.version, row.value) == (1, 2)
    assert "version 1" in page.content.decode()
    listing = client.get(reverse("saved_report_list"))
    assert saved.title in listing.content.decode()


@pytest.mark.parametrize("kind", [RoleKind.STAFF, RoleKind.LEADERSHIP])
def test_the_office_and_leadership_view_and_keep_saved_reports(kind: str) -> None:
    user = UserFactory.create(role=kind)
    assert permissions.user_may(user, "view", SavedReport)
    saved = report_save(report=report_for(period=YEAR, language="en"), title="t", by=user)
    assert SavedReport.objects.restrict(user, "view").filter(pk=saved.pk).exists()


@pytest.mark.parametrize("kind", [RoleKind.ENTERPRISE, RoleKind.RESEARCHER])
def test_enterprise_users_and_researchers_neither_read_nor_keep_reports(
    kind: str, client: Client
) -> None:
    organization = OrganizationFactory.create() if kind == RoleKind.ENTERPRISE else None
    user = UserFactory.create(role=kind, organization=organization)
    other = UserFactory.create()
    saved = report_save(report=report_for(period=YEAR, language="en"), title="t", by=other)
    assert not permissions.user_may(user, "view", SavedReport)
    assert not SavedReport.objects.restrict(user, "view").filter(pk=saved.pk).exists()
    with pytest.raises(PermissionDenied):
        report_save(report=report_for(period=YEAR, language="en"), title="t", by=user)
    client.force_login(user)
    assert client.get(reverse("report")).status_code == 403
    assert client.get(reverse("saved_report", args=(saved.pk,))).status_code == 403


def test_leadership_cannot_change_anothers_saved_report() -> None:
    leader = UserFactory.create(role=RoleKind.LEADERSHIP)
    office = UserFactory.create()
    saved = report_save(report=report_for(period=YEAR, language="en"), title="t", by=office)
    mine = report_save(report=report_for(period=YEAR, language="en"), title="m", by=leader)
    changeable = SavedReport.objects.restrict(leader, "change")
    assert list(changeable) == [mine]
    assert saved not in changeable
