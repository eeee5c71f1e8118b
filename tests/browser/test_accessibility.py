"""No serious or critical axe-core violation on the pages people use most."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

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


def _organization_pages() -> dict[str, str]:
    from tests.organizations.factories import InstituteFactory, OrganizationFactory

    InstituteFactory()
    organization = OrganizationFactory.create_batch(3)[0]
    return {
        "dashboard": reverse("home"),
        "list": reverse("organizations:organization_list"),
        "detail": reverse("organizations:organization_detail", args=[organization.pk]),
        "form": reverse("organizations:organization_add"),
    }


@pytest.mark.parametrize("kind", ["dashboard", "list", "detail", "form"])
def test_page_has_no_serious_violation(staff_page: Page, axe_js: str, kind: str) -> None:
    staff_page.goto(_organization_pages()[kind])

    violations = blocking_violations(staff_page, axe_js)

    assert not violations, describe(violations)


def test_form_with_errors_has_no_serious_violation(staff_page: Page, axe_js: str) -> None:
    staff_page.goto(reverse("organizations:organization_add"))
    staff_page.get_by_role("button", name="Save").click()
    expect(staff_page.get_by_text("Please correct the errors below.")).to_be_visible()

    violations = blocking_violations(staff_page, axe_js)

    assert not violations, describe(violations)
