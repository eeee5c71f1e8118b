"""The office records a licence's income, computes a reward by law and has a colleague approve
it; each inventor sees their own share on their page, and no one else's."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from liaison.accounts.choices import RoleKind
from liaison.agreements.choices import AgreementKind
from liaison.transfer.choices import RewardStatus
from liaison.transfer.models import Income, Reward
from tests.accounts.factories import UserFactory
from tests.browser.conftest import log_in
from tests.disclosures.factories import accepted, submitted_disclosure
from tests.people.factories import PersonFactory
from tests.transfer.factories import signed_transfer


def test_income_then_a_reward_computed_approved_and_seen_by_each_inventor_alone(
    staff_page: Page, browser: Browser, live_server: Any
) -> None:
    ren = UserFactory.create(role=RoleKind.RESEARCHER, username="ren")
    li = UserFactory.create(role=RoleKind.RESEARCHER, username="li")
    ren_person = PersonFactory.create(user=ren, name_en="Ren Hao")
    li_person = PersonFactory.create(user=li, name_en="Li Na")
    disclosure = accepted(
        submitted_disclosure(shares=((ren_person, "60.00"), (li_person, "40.00")))
    )
    achievement = disclosure.achievement
    assert achievement is not None
    licence = signed_transfer(
        achievement=achievement, kind=AgreementKind.TECH_LICENSING, value=Decimal(200000)
    )
    page = staff_page

    # Income received under the licence, recorded from its page's way in.
    page.goto(
        f"{reverse('transfer:income_add')}?agreement={licence.pk}&achievement={achievement.pk}"
    )
    page.get_by_label("Kind").select_option(label="Licence fee")
    page.get_by_label("Received on").fill("2024-04-01")
    page.get_by_label("Amount").fill("200000.00")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Created")
    assert Income.objects.get().agreement == licence

    # The reward, computed and shown before it is saved: half the net income, split 60/40.
    page.goto(f"{reverse('transfer:reward_add')}?achievement={achievement.pk}")
    page.get_by_label("Basis").select_option(label="Transfer or licence: net income")
    page.get_by_label("Period from").fill("2024-01-01")
    page.get_by_label("Period to").fill("2024-12-31")
    page.get_by_role("button", name="Compute").click()
    preview = page.locator(".liaison-reward-preview")
    expect(preview).to_contain_text("100000.00")
    expect(preview).to_contain_text("60000.00")
    expect(preview).to_contain_text("40000.00")
    assert not Reward.objects.exists()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Created")
    reward = Reward.objects.get()
    assert reward.amount == Decimal("100000.00")

    # Approved by a colleague, not by who proposed it.
    colleague = UserFactory.create(role=RoleKind.STAFF, username="colleague")
    context = browser.new_context(base_url=live_server.url)
    log_in(context, colleague, live_server.url)
    second = context.new_page()
    second.goto(reverse("transfer:reward_detail", args=(reward.pk,)))
    second.get_by_role("link", name="Approve", exact=True).click()
    second.locator("#action-form").get_by_role("button", name="Approve").click()
    expect(second.get_by_role("status")).to_contain_text("Done")
    reward.refresh_from_db()
    assert reward.status == RewardStatus.APPROVED
    assert reward.approved_by == colleague
    context.close()

    # Each inventor sees their own share, and not the other's nor the whole reward.
    for user, own, other in ((ren, "60000.00", "40000.00"), (li, "40000.00", "60000.00")):
        mine = browser.new_context(base_url=live_server.url)
        log_in(mine, user, live_server.url)
        own_page = mine.new_page()
        own_page.goto(reverse("people:me"))
        rewards = own_page.locator("#rewards")
        expect(rewards).to_contain_text(own)
        expect(rewards).not_to_contain_text(other)
        expect(rewards.get_by_role("link")).to_have_count(0)
        response = own_page.goto(reverse("transfer:reward_detail", args=(reward.pk,)))
        assert response is not None
        assert response.status == 404
        assert other not in own_page.content()
        mine.close()
