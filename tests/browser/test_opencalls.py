"""An open call on the pages (issue 19): a researcher applies from the call's page, the
enterprise reviews the teams on the portal and endorses one, the office selects it, and the
need's page shows who solves it; the pages have no serious accessibility violation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from liaison.accounts.choices import RoleKind
from liaison.opencalls.choices import ApplicationStatus
from liaison.opencalls.models import CallApplication
from tests.accounts.factories import UserFactory
from tests.opencalls.factories import apply, published
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

from .axe import blocking_violations, describe, with_axe
from .conftest import log_in
from .steps import step


def _page_of(browser: Browser, live_server: Any, user: Any, axe_js: str) -> Page:
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    with_axe(context, axe_js)
    log_in(context, user, live_server.url)
    return context.new_page()


def _no_violation(page: Page, axe_js: str) -> None:
    violations = blocking_violations(page, axe_js)
    assert not violations, describe(violations)


def test_a_researcher_applies_the_enterprise_endorses_the_office_selects(
    browser: Browser, live_server: Any, staff_page: Page, axe_js: str
) -> None:
    call = published(title_en="Open call: cold-chain dressing coating")
    need_organization = call.need.organization
    apply(call, organization=OrganizationFactory.create(name_en="Other Bidder Co"))

    researcher = UserFactory.create(role=RoleKind.RESEARCHER)
    PersonFactory.create(user=researcher, name_zh="林揭榜", name_en="Lin Jiebang")
    page = _page_of(browser, live_server, researcher, axe_js)
    page.goto(reverse("opencalls:opencall_detail", args=(call.pk,)))
    _no_violation(page, axe_js)
    page.get_by_role("link", name="Apply to this call").click()
    page.get_by_label("Proposal").fill("Plasma-grafted silver coating, tested on our pilot line.")
    page.get_by_label("Planned duration (months)").fill("9")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="The enterprise's endorsement")).to_be_visible()
    _no_violation(page, axe_js)
    application = CallApplication.objects.get(call=call, person__user=researcher)

    enterprise = UserFactory.create(role=RoleKind.ENTERPRISE, organization=need_organization)
    portal = _page_of(browser, live_server, enterprise, axe_js)
    portal.goto(reverse("portal:opencalls"))
    _no_violation(portal, axe_js)
    portal.get_by_role("link", name=str(call)).first.click()
    _no_violation(portal, axe_js)
    card = portal.locator(f"#application-{application.pk}")
    card.get_by_label("Your recommendation").select_option(label="Select this team")
    card.get_by_label("Score").select_option("5")
    card.get_by_label("Your opinion").fill("The pilot-line results convince us.")
    card.get_by_role("button", name="Record our review").click()
    expect(portal.get_by_text("Your review is recorded.")).to_be_visible()
    expect(
        portal.locator(f"#application-{application.pk}").get_by_text("Endorsed by you")
    ).to_be_visible()

    staff_page.goto(reverse("opencalls:callapplication_detail", args=(application.pk,)))
    expect(staff_page.get_by_text("The enterprise recommends selecting this team")).to_be_visible()
    step(staff_page, "Select this team")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SELECTED
    staff_page.goto(reverse("needs:technicalneed_detail", args=(call.need_id,)))
    expect(staff_page.get_by_text("Selected team: Lin Jiebang")).to_be_visible()
    staff_page.goto(reverse("opencalls:opencall_detail", args=(call.pk,)))
    _no_violation(staff_page, axe_js)
