"""The API's documentation page (Swagger UI) works offline under the site's policy."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, Route, expect
from pytest_django.live_server_helper import LiveServer


def test_staff_reads_the_api_documentation_without_the_network(
    staff_page: Page, live_server: LiveServer
) -> None:
    here = urlsplit(live_server.url).netloc
    elsewhere: list[str] = []

    def only_here(route: Route) -> None:
        if urlsplit(route.request.url).netloc == here:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    staff_page.route("**/*", only_here)
    staff_page.goto("/api/docs/")

    # Swagger UI fetched its scripts and the schema from this site and drew the tags; it
    # draws only those on screen (a virtual list), so scroll down to the organizations'.
    expect(staff_page.get_by_role("heading", name=re.compile(r"^achievements\b"))).to_be_visible(
        timeout=15_000
    )
    organizations = staff_page.get_by_role("heading", name=re.compile(r"^organizations\b"))
    for _ in range(40):
        if organizations.count():
            break
        staff_page.mouse.wheel(0, 600)
        staff_page.wait_for_timeout(50)
    expect(organizations).to_be_visible()
    organizations.scroll_into_view_if_needed()
    expect(
        staff_page.get_by_role("button", name="GET /api/v1/organizations/ List organizations")
    ).to_be_visible()
    assert elsewhere == [], elsewhere
