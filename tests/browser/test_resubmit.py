"""A person who saves a form, goes Back and presses Save again saves it once."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Page, expect

from liaison.agreements.models import PaymentMilestone, SigningEvent
from tests.agreements.factories import AgreementFactory

STEP = "Add a milestone"


def test_back_and_save_again_adds_the_milestone_once(staff_page: Page) -> None:
    page = staff_page
    agreement = AgreementFactory.create(title_en="Dressing materials agreement")
    # The step's own page, as a link opened in a tab of its own shows it.
    page.goto(reverse("agreements:agreement_action", args=(agreement.pk, "add-milestone")))
    page.get_by_label("Title", exact=True).fill("First payment")
    page.get_by_label("Due on", exact=True).fill("2026-09-01")
    page.get_by_label("Amount", exact=True).fill("300000")
    page.get_by_role("button", name=STEP, exact=True).click()
    expect(page.get_by_role("status").filter(has_text=f"Done: {STEP}.")).to_be_visible()

    page.go_back()

    # Fetched anew, the form's page says it was saved and offers no Save.
    expect(page.get_by_role("heading", name="This form was already saved")).to_be_visible()
    expect(page.get_by_role("button", name=STEP, exact=True)).to_have_count(0)
    milestone = PaymentMilestone.objects.get(agreement=agreement)
    page.get_by_role("link", name=f"Open {milestone}, saved the first time").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("First payment")
    assert PaymentMilestone.objects.filter(agreement=agreement).count() == 1


def test_back_and_save_again_records_the_signing_event_once(staff_page: Page) -> None:
    page = staff_page
    page.goto(reverse("agreements:signingevent_add"))
    page.get_by_label("Chinese title", exact=True).fill("2026年度集中签约仪式")
    page.get_by_label("Date", exact=True).fill("2026-05-06")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026年度集中签约仪式")

    page.go_back()

    expect(page.get_by_role("heading", name="This form was already saved")).to_be_visible()
    page.get_by_role("link", name="Fill in a new form to add another").click()
    expect(page.get_by_label("Chinese title", exact=True)).to_have_value("")
    assert SigningEvent.objects.count() == 1
