"""The office records a new partner: a mistyped credit code is caught, then corrected."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Page, expect

from liaison.organizations.models import Organization
from tests.organizations.factories import valid_credit_code

NAME_ZH = "温州浏览器测试材料有限公司"
NAME_EN = "Wenzhou Browser Test Materials Co., Ltd."


def mistyped(code: str) -> str:
    """The code with its check character changed: the slip the checksum exists to catch."""
    return code[:-1] + ("1" if code[-1] != "1" else "2")


def test_office_creates_an_organization_after_correcting_its_credit_code(
    staff_page: Page,
) -> None:
    page = staff_page
    good_code = valid_credit_code(4242)
    page.goto(reverse("organizations:organization_add"))
    page.get_by_label("Chinese name").fill(NAME_ZH)
    page.get_by_label("English name").fill(NAME_EN)
    page.get_by_label("Kind", exact=True).select_option(label="Enterprise")
    code_field = page.get_by_label("Unified social credit code")
    code_field.fill(mistyped(good_code))
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert").filter(has_text="fails its checksum")).to_be_visible()
    expect(code_field).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Chinese name")).to_have_value(NAME_ZH)
    assert not Organization.objects.filter(name_zh=NAME_ZH).exists()

    code_field.fill(good_code)
    page.get_by_role("button", name="Save").click()

    # An English page names an organization by its English name.
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME_EN)
    expect(page.get_by_text(good_code)).to_be_visible()
    assert Organization.objects.get(name_zh=NAME_ZH).credit_code == good_code
