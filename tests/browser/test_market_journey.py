"""A matchmaking fair on the pages, as the office and an enterprise use them (issue 19).

The office plans a fair, puts an achievement on its programme and opens registration; the
enterprise's contact registers two attendees from the portal; on the day the office records
the fair held, notes the enterprise's intention of joint development about the achievement,
carries it to a draft agreement with the enterprise and the institute, and signs it; the
fair's page shows its funnel up to the signed agreement; the office places the agreement on
its segment of an industry chain and the chain's map counts it there. Then the same pages
in Chinese.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Browser, Page, expect

from liaison.accounts.choices import RoleKind
from liaison.agreements.choices import AgreementStatus
from liaison.chains.choices import PlacedKind
from liaison.chains.models import SegmentPlacement
from liaison.market.choices import AttendanceStatus, EventStatus
from liaison.market.models import EventAttendance, EventOutcome, MarketEvent
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.chains.factories import ChainSegmentFactory, IndustryChainFactory
from tests.organizations.factories import InstituteFactory, OrganizationFactory

from .conftest import log_in
from .steps import choose_record, step

FAIR_ZH = "生物医用材料技术对接会"
FAIR_EN = "Biomedical materials matchmaking fair"
COMPANY_ZH = "浙江伊鼎医用敷料有限公司"
COMPANY_EN = "Zhejiang Yiding Medical Dressing"
ACHIEVEMENT_EN = "Antibacterial hydrogel dressing"


def _in_chinese(msgid: str) -> str:
    with translation.override("zh-hans"):
        return str(translation.gettext(msgid))


@pytest.fixture
def enterprise_page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """The enterprise's contact, signed in to the portal in a browser of their own."""
    company = OrganizationFactory.create(name_zh=COMPANY_ZH, name_en=COMPANY_EN)
    contact = UserFactory.create(role=RoleKind.ENTERPRISE, organization=company)
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(8_000)
    log_in(context, contact, live_server.url)
    yield context.new_page()
    context.close()


def test_an_enterprise_registers_and_its_intention_at_the_fair_becomes_a_signed_agreement(
    staff_page: Page, enterprise_page: Page, live_server: Any
) -> None:
    page = staff_page
    today = timezone.localdate().isoformat()
    InstituteFactory.create()
    AchievementFactory.create(title_zh="抗菌水凝胶敷料", title_en=ACHIEVEMENT_EN)
    chain = IndustryChainFactory.create(
        name_zh="生物医用材料产业链", name_en="Biomedical materials"
    )
    segment = ChainSegmentFactory.create(
        chain=chain, name_zh="医用敷料制造", name_en="Medical dressing manufacturing"
    )

    # The office plans the fair for today, presents an achievement and opens registration.
    page.goto(reverse("market:marketevent_add"))
    page.locator("#id_kind").select_option(value="matchmaking_fair")
    page.locator("#id_title_zh").fill(FAIR_ZH)
    page.locator("#id_title_en").fill(FAIR_EN)
    page.locator("#id_held_on").fill(today)
    page.locator("#id_place").fill("温州市科技大市场")
    page.locator("#id_capacity").fill("50")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(FAIR_EN)
    fair = MarketEvent.objects.get()
    fair_url = reverse("market:marketevent_detail", args=(fair.pk,))

    page.get_by_role("link", name="Present an achievement").click()
    choose_record(page.locator(".field-achievement"), "水凝胶", ACHIEVEMENT_EN)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Created")
    page.goto(fair_url)
    step(page, "Open registration")
    fair.refresh_from_db()
    assert fair.status == EventStatus.REGISTRATION_OPEN

    # The enterprise registers two attendees from the portal.
    portal = enterprise_page
    portal.goto(reverse("portal:home"))
    portal.get_by_role("link", name="Roadshows and fairs: register").click()
    expect(portal.get_by_role("heading", name="Open for registration")).to_be_visible()
    portal.get_by_role("link", name=f"Register — {FAIR_EN}").click()
    portal.locator("#id_attendees").fill("王强\n李娜")
    portal.get_by_role("button", name="Register", exact=True).click()
    expect(portal.get_by_role("status")).to_contain_text("is registered for")
    registrations = portal.get_by_role("region", name="Our registrations")
    expect(registrations).to_contain_text(FAIR_EN)
    expect(registrations).to_contain_text("王强")
    registration = EventAttendance.objects.get()
    assert registration.from_portal
    assert registration.status == AttendanceStatus.REGISTERED

    # On the day: the fair is held, the enterprise came, and its intention is noted.
    page.goto(fair_url)
    step(page, "Record it was held")
    page.goto(reverse("market:eventattendance_detail", args=(registration.pk,)))
    step(page, "Attended")
    page.goto(fair_url)
    page.get_by_role("link", name="Note an intention").click()
    choose_record(page.locator(".field-organization"), "伊鼎", COMPANY_EN)
    page.locator("#id_kind").select_option(value="joint_development")
    choose_record(page.locator(".field-achievement"), "水凝胶", ACHIEVEMENT_EN)
    page.locator("#id_noted_on").fill(today)
    page.locator("#id_note").fill("希望联合开发新一代抗菌敷料")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(COMPANY_EN)
    outcome = EventOutcome.objects.get()

    # Carried to a draft agreement with the enterprise and the institute, then signed.
    step(page, "Carry to an agreement")
    outcome.refresh_from_db()
    agreement = outcome.agreement
    assert agreement is not None
    page.get_by_role("link", name=str(agreement)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(agreement.number)
    step(page, "Sign", lambda p: p.locator("#action-form input[type=date]").fill(today))
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED

    # The fair's page shows the funnel up to the signed agreement.
    page.goto(fair_url)
    funnel = page.get_by_role("region", name="From intentions to income")
    expect(funnel.locator("tr[data-stage=intention] td").first).to_have_text("1")
    expect(funnel.locator("tr[data-stage=signed] td").first).to_have_text("1")
    expect(funnel.locator("tr[data-stage=registered] td").first).to_have_text("0")
    expect(funnel.locator(".liaison-chart svg")).to_have_count(1)
    expect(page.get_by_role("region", name="What it led to")).to_contain_text(agreement.number)

    # The office places the agreement on its segment; the chain's map counts it there.
    page.goto(reverse("chains:segmentplacement_add"))
    choose_record(page.locator(".field-segment"), "敷料", str(segment))
    choose_record(page.locator(".field-agreement"), agreement.number, str(agreement))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Created")
    assert SegmentPlacement.objects.filter(
        segment=segment, agreement=agreement, kind=PlacedKind.AGREEMENT
    ).exists()
    page.goto(reverse("chains:industrychain_detail", args=(chain.pk,)))
    row = page.locator("#chain-map-table tr").filter(has_text=str(segment))
    agreements_cell = row.locator("td").nth(5)
    expect(agreements_cell).to_have_text("1")
    agreements_cell.get_by_role("link").click()
    expect(page.locator("main")).to_contain_text(agreement.number)

    # The same pages in Chinese.
    page.goto(fair_url)
    page.get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_contain_text(FAIR_ZH)
    funnel = page.get_by_role("region", name=_in_chinese("From intentions to income"))
    expect(funnel.locator("tr[data-stage=signed] th")).to_have_text(_in_chinese("Signed"))
    expect(funnel.locator("tr[data-stage=signed] td").first).to_have_text("1")
    page.goto(reverse("market:eventoutcome_detail", args=(outcome.pk,)))
    expect(page.locator("main")).to_contain_text(COMPANY_ZH)
    expect(page.locator("main")).to_contain_text(agreement.number)
    page.goto(reverse("chains:industrychain_detail", args=(chain.pk,)))
    expect(page.get_by_role("heading", level=1)).to_contain_text("生物医用材料产业链")
    row = page.locator("#chain-map-table tr").filter(has_text="医用敷料制造")
    expect(row.locator("td").nth(5)).to_have_text("1")
    portal.goto(reverse("portal:market_events"))
    portal.get_by_role("button", name="中文").click()
    expect(portal.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(portal.get_by_role("heading", name=_in_chinese("Our registrations"))).to_be_visible()
    expect(portal.locator("main")).to_contain_text(FAIR_ZH)
