"""A list's filtered rows leave as CSV at once, or as Excel through a background job's page."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from liaison.needs.choices import NeedStatus
from liaison.needs.views import TechnicalNeedListView
from tests.needs.factories import TechnicalNeedFactory


def solved_need(title: str) -> None:
    TechnicalNeedFactory.create(
        title=title,
        status=NeedStatus.SOLVED,
        triaged_on=datetime.date(2023, 3, 5),
        solved_on=datetime.date(2023, 6, 1),
        solution_summary="涂层工艺改进后稳定性达标。",
    )


def filter_solved_needs(page: Page) -> None:
    page.goto(reverse("needs:technicalneed_list"))
    page.get_by_label("Status", exact=True).select_option(label="Solved")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("link", name="乳制品冷链温度监控")).to_have_count(0)


def test_csv_export_holds_the_filtered_rows(staff_page: Page) -> None:
    page = staff_page
    solved_need("医用敷料抗菌涂层稳定性")
    solved_need("阀门密封材料耐腐蚀")
    TechnicalNeedFactory.create(title="乳制品冷链温度监控")
    filter_solved_needs(page)

    page.get_by_role("button", name="Export").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV (the rows shown by these filters)").click()

    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    titles = sorted(row[0] for row in rows[1:])
    assert titles == ["医用敷料抗菌涂层稳定性", "阀门密封材料耐腐蚀"]


def test_large_export_runs_as_a_job_whose_page_offers_the_file(
    staff_page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two rows count as "large" here, so that the background job's path is taken.
    monkeypatch.setattr(TechnicalNeedListView, "export_direct_limit", 1)
    page = staff_page
    solved_need("医用敷料抗菌涂层稳定性")
    solved_need("阀门密封材料耐腐蚀")
    TechnicalNeedFactory.create(title="乳制品冷链温度监控")
    filter_solved_needs(page)

    page.get_by_role("button", name="Export").click()
    page.get_by_role("link", name="Excel (the rows shown by these filters)").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Export")
    expect(page.get_by_role("status")).to_contain_text("The export of 2 rows is ready.")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet is not None
    titles = sorted(str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True))
    assert titles == ["医用敷料抗菌涂层稳定性", "阀门密封材料耐腐蚀"]
