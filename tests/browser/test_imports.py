"""The import journey in the browser: a file with a broken row is refused on its row and
column; the corrected file's dry run is confirmed; the import's progress page follows it to
the end, and its report says what was written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from liaison.agreements.choices import AgreementStatus
from liaison.agreements.models import Agreement
from liaison.operations import views
from liaison.operations.imports.tasks import import_file
from tests.operations.test_imports import AGREEMENTS, institute_file


def test_a_broken_row_is_fixed_dry_run_confirmed_and_imported_with_its_progress(
    staff_page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = staff_page
    broken = [row[:] for row in AGREEMENTS]
    broken[1][6] = "a lot"
    (tmp_path / "broken.xlsx").write_bytes(institute_file(agreements=broken).getvalue())
    (tmp_path / "fixed.xlsx").write_bytes(institute_file().getvalue())
    page.goto(reverse("operations:imports"))

    page.get_by_label("File to import").set_input_files(tmp_path / "broken.xlsx")
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_text("Some rows were refused; nothing was written.")).to_be_visible()
    errors = page.locator("#row-errors")
    expect(errors).to_contain_text("agreements")
    expect(errors.get_by_role("cell", name="Value", exact=True)).to_be_visible()
    expect(errors).to_contain_text("“a lot” is not an amount")

    page.get_by_label("File to import").set_input_files(tmp_path / "fixed.xlsx")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Dry run: nothing was written yet.")).to_be_visible()
    assert not Agreement.objects.exists()

    # The confirmed import waits on the queue, as it does behind a busy worker.
    queued: list[str] = []

    def enqueue(**kwargs: Any) -> None:
        queued.append(kwargs["token"])

    monkeypatch.setattr(views, "import_file", enqueue)
    page.get_by_role("button", name="Import the file").click()
    expect(page.locator("#import-progress")).to_contain_text("Waiting to start")
    expect(page.get_by_role("progressbar", name="Import progress")).to_have_attribute(
        "aria-valuenow", "0"
    )

    import_file.call_local(token=queued[0])

    expect(page.get_by_text("Imported.", exact=True)).to_be_visible()
    expect(page.get_by_role("row", name="Agreements 2 0 0 0")).to_be_visible()
    assert Agreement.objects.get(number="WZ-2024-001").status == AgreementStatus.IN_FORCE
    assert reverse("operations:imports") in page.content()
