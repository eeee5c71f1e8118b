"""No serious or critical axe-core violation on the pages people use most."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Page, expect

from liaison.agreements.choices import AgreementStatus
from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.demo.loader import load_demo
from liaison.needs.choices import NeedStatus
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization

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


def _demo_pages() -> dict[str, str]:
    """One page of each kind on the demo institute: a list with date filters among them."""
    center = Center.objects.get(name_en="Biomedical Materials Center")
    need = TechnicalNeed.objects.filter(status=NeedStatus.SOLVED).order_by("pk").first()
    agreement = Agreement.objects.filter(status=AgreementStatus.IN_FORCE).order_by("pk").first()
    institute = Organization.objects.get(is_institute=True)
    assert need is not None
    assert agreement is not None
    return {
        "dashboard": reverse("home"),
        "list of needs": reverse("needs:technicalneed_list"),
        "list of agreements": reverse("agreements:agreement_list"),
        "list of organizations": reverse("organizations:organization_list"),
        "center": reverse("centers:center_detail", args=[center.pk]),
        "need": reverse("needs:technicalneed_detail", args=[need.pk]),
        "agreement": reverse("agreements:agreement_detail", args=[agreement.pk]),
        "organization": reverse("organizations:organization_detail", args=[institute.pk]),
        "new need": reverse("needs:technicalneed_add"),
        "new agreement": reverse("agreements:agreement_add"),
    }


def test_demo_institute_pages_have_no_serious_violation(staff_page: Page, axe_js: str) -> None:
    load_demo(scale=1, progress=False)
    found: dict[str, tuple[str, str]] = {}

    for name, url in _demo_pages().items():
        staff_page.goto(url)
        violations = blocking_violations(staff_page, axe_js)
        if violations:
            found[name] = (url, describe(violations))

    assert not found, "\n".join(f"{name} ({url}):\n{text}" for name, (url, text) in found.items())


def test_form_with_errors_has_no_serious_violation(staff_page: Page, axe_js: str) -> None:
    staff_page.goto(reverse("organizations:organization_add"))
    staff_page.get_by_role("button", name="Save").click()
    expect(staff_page.get_by_text("Please correct the errors below.")).to_be_visible()

    violations = blocking_violations(staff_page, axe_js)

    assert not violations, describe(violations)
