"""What a person does on the pages, in a few reusable steps."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.urls import reverse
from playwright.sync_api import Locator, Page, expect


def choose_record(group: Locator, search: str, name: str) -> None:
    """Pick a record in a searched select: type part of its name, then choose it."""
    box = group.get_by_role("searchbox")
    # A form just swapped in (a step opened in place) is taken over by htmx a moment after it
    # shows; typed before that, the name would search nothing.
    box.page.wait_for_function(
        "box => Boolean(box['htmx-internal-data']?.initHash)", arg=box.element_handle()
    )
    box.fill(search)
    select = group.get_by_role("combobox").first
    expect(select.locator("option", has_text=name)).to_have_count(1)
    select.select_option(label=name)


def step(page: Page, label: str, fill: Callable[[Page], None] | None = None) -> None:
    """Take a lifecycle step from the record's page: its button, its form, then done.

    The step's form opens in place (htmx) or on a page of its own (without scripts); either
    way its submit button bears the step's name, and the record's page then says it is done.
    """
    page.get_by_role("link", name=label, exact=True).click()
    submit = page.get_by_role("button", name=label, exact=True)
    expect(submit).to_be_visible()
    if fill is not None:
        fill(page)
    submit.click()
    expect(page.get_by_role("status").filter(has_text=f"Done: {label}.")).to_be_visible()


def dashboard_figure(page: Page, label: str) -> int:
    """The whole number a headline figure of the dashboard shows."""
    page.goto(reverse("home"))
    card = page.locator(".liaison-figure").filter(has_text=label)
    expect(card).to_have_count(1)
    return int(re.sub(r"\D", "", card.locator(".h1").inner_text()))
