"""The report walked as the office meets it: a preset, the tables and charts, a saved report, the
PDF through its job's page; no serious accessibility violation on the way."""

from __future__ import annotations

import datetime

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.needs.factories import ServiceRecordFactory

from .axe import blocking_violations, describe


def test_the_office_asks_saves_and_prints_a_report(staff_page: Page, axe_js: str) -> None:
    page = staff_page
    last_year = datetime.date.today().year - 1
    ServiceRecordFactory.create(delivered_on=datetime.date(last_year, 3, 1))
    ServiceRecordFactory.create(delivered_on=datetime.date(last_year, 4, 1))

    page.goto(reverse("report"))
    page.get_by_role("link", name="Last year").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{last_year}")
    services = page.locator('tr[data-metric="services_delivered"]')
    expect(services.get_by_role("link")).to_have_text("2")
    expect(page.locator(".liaison-report-chart svg").first).to_be_visible()
    violations = blocking_violations(page, axe_js)
    assert not violations, describe(violations)

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("note")).to_contain_text("Saved on")
    expect(page.locator('tr[data-metric="services_delivered"]')).to_contain_text("version 1")
    violations = blocking_violations(page, axe_js)
    assert not violations, describe(violations)

    page.get_by_role("link", name="PDF").click()
    expect(page.get_by_role("status")).to_contain_text("The report is ready.")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert download.value.path().read_bytes().startswith(b"%PDF")
