"""An invention from its disclosure to its inventors' rewards, on the pages, as the office works.

A researcher discloses it from their own page with a colleague (the shares refused until they
add up to 100 %); the office acknowledges, evaluates and accepts it as an achievement, files
its Chinese patent, records the income of a licence of it, computes the reward the law gives
the inventors and has a colleague approve it; each inventor then sees their own share on
their page, and neither the other's nor the whole reward.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from liaison.accounts.choices import RoleKind
from liaison.agreements.choices import AgreementKind
from liaison.agreements.services import agreement_sign
from liaison.disclosures.choices import DisclosureStatus
from liaison.disclosures.models import Disclosure
from liaison.patents.models import Patent
from liaison.patents.numbers import cn_check_character
from liaison.transfer.choices import RewardStatus
from liaison.transfer.models import Income, Reward
from tests.accounts.factories import UserFactory
from tests.browser.conftest import log_in
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory
from tests.transfer.factories import concluded_notice, transfer_agreement

from .steps import choose_record, step

PASSWORD = "researcher-pass-123"
TITLE = "一种缓释银离子的抗菌敷料"
LICENCE_FEE = Decimal("200000.00")


def test_a_disclosure_becomes_a_patented_achievement_whose_licence_rewards_its_inventors(
    page: Page, browser: Browser, live_server: Any
) -> None:
    today = timezone.localdate()
    ren = UserFactory.create(role=RoleKind.RESEARCHER, username="ren", password=PASSWORD)
    li = UserFactory.create(role=RoleKind.RESEARCHER, username="li")
    PersonFactory.create(user=ren, name_zh="任敷料", name_en="Ren Hao")
    PersonFactory.create(user=li, name_zh="李同事", name_en="Li Na")
    institute = OrganizationFactory.create(is_institute=True)
    office = UserFactory.create(role=RoleKind.STAFF, username="office")
    colleague = UserFactory.create(role=RoleKind.STAFF, username="colleague")

    # The researcher discloses the invention from their own page.
    page.goto("/")
    page.get_by_label("Username").fill("ren")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("people:me")) + "$"))
    page.get_by_role("link", name="Submit a disclosure").click()
    page.get_by_label("Chinese title", exact=True).fill(TITLE)
    page.get_by_label("Conceived on", exact=True).fill(f"{today.year}-01-05")
    page.get_by_label("Description", exact=True).fill("Silver ions released over a week.")
    first = page.get_by_role("group", name="Inventor 1")
    # The researcher is the first inventor already.
    expect(first.get_by_role("combobox")).to_have_value(str(ren.person.pk))
    first.get_by_label("Share (%)").fill("60")
    second = page.get_by_role("group", name="Inventor 2")
    choose_record(second, "李同事", "Li Na")
    second.get_by_label("Share (%)").fill("30")
    page.get_by_role("button", name="Save").click()
    # Refused under the inventors, with everything typed still there.
    expect(page.locator(".liaison-inventors-error")).to_contain_text(
        "add up to 90.00 %; they must add up to exactly 100 %"
    )
    expect(page.get_by_label("Chinese title", exact=True)).to_have_value(TITLE)
    assert not Disclosure.objects.exists()
    page.get_by_role("group", name="Inventor 2").get_by_label("Share (%)").fill("40")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    disclosure = Disclosure.objects.get()
    assert (disclosure.status, disclosure.submitted_by) == (DisclosureStatus.SUBMITTED, ren)
    assert sorted(str(i.share) for i in disclosure.inventors.all()) == ["40.00", "60.00"]
    page.goto(reverse("people:me"))
    expect(page.locator(".liaison-own-disclosure").filter(has_text=TITLE)).to_contain_text(
        "Submitted"
    )

    # The office acknowledges it with a case number, evaluates it and accepts it.
    context = browser.new_context(base_url=live_server.url)
    log_in(context, office, live_server.url)
    desk = context.new_page()
    desk.goto(reverse("disclosures:disclosure_detail", args=(disclosure.pk,)))
    step(desk, "Acknowledge")
    case_number = Disclosure.objects.get().case_number
    assert case_number == f"ID-{today.year}-0001"
    expect(desk.locator("main")).to_contain_text(case_number)
    step(desk, "Start the evaluation")

    def decide(p: Page) -> None:
        form = p.locator("#action-form")
        form.get_by_label("Decision").select_option(label="File a patent")
        form.get_by_label("Reasons").fill("Novel; two makers asked.")

    step(desk, "Decide", decide)
    step(desk, "Accept as an achievement")
    disclosure.refresh_from_db()
    achievement = disclosure.achievement
    assert achievement is not None
    assert sorted(p.name_en for p in achievement.inventors.all()) == ["Li Na", "Ren Hao"]

    # It files the Chinese invention patent from the achievement's page.
    desk.get_by_role("link", name=TITLE).first.click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text(TITLE)
    desk.get_by_role("link", name="File a patent").click()
    digits = f"{today.year}1{today.toordinal() % 10_000_000:07d}"
    number = f"{digits}.{cn_check_character(digits)}"
    desk.get_by_label("Kind", exact=True).select_option(label="Invention")
    desk.locator("#id_application_number").fill(number)
    desk.get_by_label("Filing date", exact=True).fill(today.isoformat())
    desk.get_by_role("button", name="Save").click()
    expect(desk.get_by_role("status")).to_contain_text("Created")
    patent = Patent.objects.get()
    assert patent.achievement == achievement
    assert patent.application_number == number
    # Filed from its achievement: by its owner, naming its inventors.
    assert list(patent.owners.all()) == [institute]
    assert set(patent.inventors.all()) == set(achievement.inventors.all())

    # A licence of it, noticed at its price and signed, pays its fee: recorded from its page.
    licence = transfer_agreement(kind=AgreementKind.TECH_LICENSING, value=LICENCE_FEE)
    concluded_notice(
        agreement=licence,
        achievement=achievement,
        posted_on=today - datetime.timedelta(days=40),
    )
    agreement_sign(agreement=licence, signed_on=today - datetime.timedelta(days=7), by=None)
    desk.goto(reverse("agreements:agreement_detail", args=(licence.pk,)))
    desk.get_by_role("link", name="Record income").click()
    # The achievement its price notice named is filled in.
    expect(desk.get_by_label("Achievement", exact=True)).to_have_value(str(achievement.pk))
    desk.get_by_label("Kind").select_option(label="Licence fee")
    desk.get_by_label("Received on").fill(today.isoformat())
    desk.get_by_label("Amount").fill(str(LICENCE_FEE))
    desk.get_by_role("button", name="Save").click()
    expect(desk.get_by_role("status")).to_contain_text("Created")
    income = Income.objects.get()
    assert (income.agreement, income.achievement) == (licence, achievement)

    # The reward by law, computed and shown before it is saved: half the net income (the
    # patent's fees are not paid yet), split 60/40 as the disclosure agreed.
    desk.goto(reverse("achievements:achievement_detail", args=(achievement.pk,)))
    desk.get_by_role("link", name="Compute a reward").click()
    desk.get_by_label("Basis").select_option(label="Transfer or licence: net income")
    desk.get_by_label("Period from").fill(f"{today.year}-01-01")
    desk.get_by_label("Period to").fill(today.isoformat())
    desk.get_by_role("button", name="Compute").click()
    preview = desk.locator(".liaison-reward-preview")
    expect(preview).to_contain_text("100000.00")
    expect(preview).to_contain_text("60000.00")
    expect(preview).to_contain_text("40000.00")
    assert not Reward.objects.exists()
    desk.get_by_role("button", name="Save").click()
    expect(desk.get_by_role("status")).to_contain_text("Created")
    reward = Reward.objects.get()
    assert reward.amount == Decimal("100000.00")
    context.close()

    # Approved by a colleague, not by who proposed it.
    context = browser.new_context(base_url=live_server.url)
    log_in(context, colleague, live_server.url)
    second_desk = context.new_page()
    second_desk.goto(reverse("transfer:reward_detail", args=(reward.pk,)))
    step(second_desk, "Approve")
    reward.refresh_from_db()
    assert (reward.status, reward.approved_by) == (RewardStatus.APPROVED, colleague)
    context.close()

    # Each inventor sees their own share, and neither the other's nor the whole reward.
    for user, own, other in ((ren, "60000.00", "40000.00"), (li, "40000.00", "60000.00")):
        context = browser.new_context(base_url=live_server.url)
        log_in(context, user, live_server.url)
        own_page = context.new_page()
        own_page.goto(reverse("people:me"))
        rewards = own_page.locator("#rewards")
        expect(rewards).to_contain_text(own)
        expect(rewards).not_to_contain_text(other)
        response = own_page.goto(reverse("transfer:reward_detail", args=(reward.pk,)))
        assert response is not None
        assert response.status == 404
        assert other not in own_page.content()
        context.close()
