"""Usable without a mouse and on a tablet: a skip link, a visible focus, no sideways scrolling."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize, expect

from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import InstituteFactory

TABLET: ViewportSize = {"width": 768, "height": 1024}


def test_keyboard_user_skips_to_the_content_and_sees_where_the_focus_is(
    staff_page: Page,
) -> None:
    page = staff_page
    page.goto(reverse("needs:technicalneed_list"))

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") != "none"

    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    in_content = page.evaluate("document.activeElement.closest('main') !== null")
    assert in_content, "the next Tab stays in the page's content"


@pytest.mark.parametrize("name", ["home", "needs:technicalneed_list", "needs:technicalneed_add"])
def test_page_fits_a_tablet_without_sideways_scrolling(staff_page: Page, name: str) -> None:
    page = staff_page
    InstituteFactory.create()
    TechnicalNeedFactory.create_batch(3)
    page.set_viewport_size(TABLET)

    page.goto(reverse(name))

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than a tablet"
    expect(page.get_by_role("navigation", name="Main").get_by_text("Dashboard")).to_be_visible()


def _demo_dashboard(page: Page) -> None:
    from liaison.demo.loader import load_demo

    load_demo(scale=1, progress=False)
    page.goto(reverse("home"))
    expect(page.locator("[data-chart=financing] svg text").first).to_be_attached()


def test_dashboard_charts_name_every_kind_and_unit_whole(staff_page: Page) -> None:
    page = staff_page
    _demo_dashboard(page)

    # Every kind in the agreements chart's legend, on a line of its own if need be, none cut.
    legend = page.locator("[data-chart=agreements] + .liaison-legend li")
    kinds = page.locator("#chart-agreements-text tbody th").all_text_contents()
    expect(legend).to_have_text(kinds)
    cut = legend.evaluate_all(
        "items => items.filter(i => i.scrollWidth > i.clientWidth || !i.checkVisibility())"
        ".map(i => i.textContent)"
    )
    assert not cut, f"legend entries cut or hidden: {cut}"
    # The financing axis's unit ("CNY million") stands inside the chart's box.
    outside = page.evaluate(
        """() => {
            const box = document.querySelector("[data-chart=financing]").getBoundingClientRect();
            return Array.from(document.querySelectorAll("[data-chart=financing] svg text"))
              .map(t => [t.textContent, t.getBoundingClientRect()])
              .filter(([, r]) => r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5
                                                 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5))
              .map(([text]) => text);
        }"""
    )
    assert not outside, f"chart texts cut at the chart's edge: {outside}"
