"""The office records a cooperation agreement and carries it from draft to in force."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Page, expect

from liaison.agreements.choices import AgreementStatus
from liaison.agreements.models import Agreement
from tests.organizations.factories import InstituteFactory, OrganizationFactory

from .steps import choose_record, step

TITLE_ZH = "医用敷料抗菌材料联合研发协议"
TITLE_EN = "Joint R&D agreement on antibacterial dressing materials"


def test_office_records_an_agreement_and_puts_it_in_force(staff_page: Page) -> None:
    page = staff_page
    InstituteFactory.create()
    OrganizationFactory.create(
        name_zh="浙江伊鼎医用敷料有限公司", name_en="Zhejiang Yiding Medical Dressing"
    )
    page.goto(reverse("agreements:agreement_add"))
    page.get_by_label("Number", exact=True).fill("WZ-2026-017")
    page.get_by_label("Chinese title", exact=True).fill(TITLE_ZH)
    page.get_by_label("English title", exact=True).fill(TITLE_EN)
    page.get_by_label("Kind", exact=True).select_option(label="Technology development contract")
    choose_record(
        page.get_by_role("group", name="Party 1"),
        "Wenzhou Institute",
        "Wenzhou Institute, University of Chinese Academy of Sciences",
    )
    choose_record(
        page.get_by_role("group", name="Party 2"), "伊鼎", "Zhejiang Yiding Medical Dressing"
    )
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE_EN)
    agreement = Agreement.objects.get(number="WZ-2026-017")
    assert agreement.parties.count() == 2
    # In force is not offered before the signing.
    expect(page.get_by_role("link", name="Put in force", exact=True)).to_have_count(0)

    step(page, "Sign")

    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE_EN)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED

    step(page, "Put in force")

    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE_EN)
    expect(page.get_by_text("In force", exact=True).first).to_be_visible()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_FORCE
    assert agreement.effective_on is not None
