"""A researcher discloses an invention with a colleague from their own page."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from liaison.accounts.choices import RoleKind
from liaison.disclosures.choices import DisclosureStatus
from liaison.disclosures.models import Disclosure
from tests.accounts.factories import UserFactory
from tests.people.factories import PersonFactory

from .steps import choose_record

PASSWORD = "researcher-pass-123"
TITLE = "一种缓释银离子的抗菌敷料"


def test_researcher_submits_a_disclosure_fixing_the_shares_and_sees_it_listed(
    page: Page,
) -> None:
    user = UserFactory.create(role=RoleKind.RESEARCHER, username="li", password=PASSWORD)
    PersonFactory.create(user=user, name_zh="李敷料", name_en="Li Dressing")
    PersonFactory.create(name_zh="王同事", name_en="Wang Colleague")

    page.goto("/")
    page.get_by_label("Username").fill("li")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("people:me")) + "$"))

    page.get_by_role("link", name="Submit a disclosure").click()
    page.get_by_label("Chinese title", exact=True).fill(TITLE)
    page.get_by_label("Conceived on", exact=True).fill("2026-06-01")
    page.get_by_label("Description", exact=True).fill("Silver ions released over a week.")
    first = page.get_by_role("group", name="Inventor 1")
    # The researcher is the first inventor already.
    expect(first.get_by_role("combobox")).to_have_value(str(user.person.pk))
    first.get_by_label("Share (%)").fill("60")
    second = page.get_by_role("group", name="Inventor 2")
    choose_record(second, "王同事", "Wang Colleague")
    second.get_by_label("Share (%)").fill("30")
    page.get_by_role("button", name="Save").click()

    # Refused, under the inventors, with everything typed still there.
    expect(page.locator(".liaison-inventors-error")).to_contain_text(
        "add up to 90.00 %; they must add up to exactly 100 %"
    )
    expect(page.get_by_label("Chinese title", exact=True)).to_have_value(TITLE)
    assert not Disclosure.objects.exists()

    page.get_by_role("group", name="Inventor 2").get_by_label("Share (%)").fill("40")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    disclosure = Disclosure.objects.get()
    assert disclosure.status == DisclosureStatus.SUBMITTED
    assert disclosure.submitted_by == user
    assert sorted(str(i.share) for i in disclosure.inventors.all()) == ["40.00", "60.00"]

    page.goto(reverse("people:me"))
    item = page.locator(".liaison-own-disclosure").filter(has_text=TITLE)
    expect(item).to_contain_text("Submitted")
