"""Find experts on a triaged need: the candidates appear, and the need's status says matched."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from liaison.matching import signals, storage
from liaison.needs.services import need_triage
from tests.needs.factories import TechnicalNeedFactory
from tests.people.factories import PersonFactory


@pytest.fixture
def index_dir(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """A matching index of the test's own (the live server runs in this process)."""
    settings.MATCHING_INDEX_DIR = tmp_path / "matching-index"
    storage.forget_readers()
    signals.discard_pending()
    yield settings.MATCHING_INDEX_DIR
    storage.forget_readers()


def status_field(page: Page) -> Any:
    return page.locator("dt", has_text="Status").locator("xpath=following-sibling::dd[1]")


def test_find_experts_shows_the_need_matched_without_a_reload(
    staff_page: Page, index_dir: Path
) -> None:
    page = staff_page
    PersonFactory.create(
        name_en="Dr. Coating",
        expertise=["抗菌涂层", "医用敷料"],
        profile="长期从事医用敷料抗菌涂层与附着力研究。",
    )
    need = need_triage(
        need=TechnicalNeedFactory.create(
            title="医用敷料抗菌涂层脱落",
            description="医用敷料抗菌涂层在灭菌后脱落，需要改进抗菌涂层的附着力。",
        ),
        triaged_on=datetime.date(2023, 3, 2),
        by=None,
    )
    page.goto(reverse("needs:technicalneed_detail", args=(need.pk,)))
    expect(status_field(page)).to_have_text("Triaged")

    page.get_by_role("button", name="Find experts").click()

    candidates = page.locator("#candidates")
    expect(candidates.get_by_role("link", name="Dr. Coating", exact=True)).to_be_visible()
    expect(status_field(page)).to_have_text("Matched")
