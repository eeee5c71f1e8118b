"""No serious or critical axe-core violation on the pages people use most."""

from __future__ import annotations

from playwright.sync_api import Page

from .axe import blocking_violations, describe


def test_axe_reports_a_field_without_a_label(page: Page, axe_js: str) -> None:
    # The check itself must be able to fail: a bare input is a critical violation.
    page.set_content('<html lang="en"><title>t</title><main><input type="text"></main></html>')

    violations = blocking_violations(page, axe_js)

    assert "label" in {v["id"] for v in violations}, describe(violations)


def test_login_page_has_no_serious_violation(page: Page, live_server, axe_js: str) -> None:
    page.goto("/")

    violations = blocking_violations(page, axe_js)

    assert not violations, describe(violations)
