"""The enterprise portal walked end to end, in English and in Chinese, the contact on a phone.

Staff invite the contact from the organization's page; the contact opens the link on a
390 × 844 screen, chooses a password, submits a need with a PDF; staff triage it and Find
experts; the contact sees it matched, finds another enterprise's need absent, and rates the
solution once staff solved it. The words are read from the catalogue in the walk's language.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    FilePayload,
    Page,
    expect,
)

from liaison.matching import signals, storage
from liaison.needs.choices import NeedStatus
from liaison.needs.models import TechnicalNeed
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

from .axe import blocking_violations, describe
from .conftest import log_in, screenshot

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PASSWORD = "Coating-Adhesion-2024"
PHONE = {"width": 390, "height": 844}
LOCALES = {"en": "en-US", "zh-hans": "zh-CN"}


@pytest.fixture(autouse=True)
def _default_roles(live_server: Any) -> None:
    """The roles migration 0003 installs, again: a live-server test empties every table after
    it, those rows too, and the walk in the second language needs them."""
    from django.apps import apps

    from liaison.accounts.models import Role

    if not Role.objects.exists():
        importlib.import_module("liaison.accounts.migrations.0003_default_roles").install(
            apps, None
        )


@pytest.fixture
def index_dir(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """A matching index of the test's own (the live server runs in this process)."""
    settings.MATCHING_INDEX_DIR = tmp_path / "matching-index"
    settings.MEDIA_ROOT = tmp_path / "media"
    storage.forget_readers()
    signals.discard_pending()
    yield settings.MATCHING_INDEX_DIR
    storage.forget_readers()


def watched(context: BrowserContext) -> list[str]:
    """Script errors and refusals of the Content Security Policy met on `context`'s pages."""
    errors: list[str] = []
    context.set_default_timeout(8_000)
    context.on("weberror", lambda error: errors.append(str(error.error)))

    def refused(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            errors.append(message.text)

    context.on("console", refused)
    return errors


def in_language(language: str) -> Callable[[str], str]:
    def t(msgid: str) -> str:
        with translation.override(language):
            return str(translation.gettext(msgid))

    return t


def fits_the_screen(page: Page) -> None:
    """Nothing on the page is wider than the phone's screen (no sideways scrolling)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.fixture
def new_context(
    browser: Browser, browser_context_args: dict[str, Any]
) -> Iterator[Callable[..., BrowserContext]]:
    """Contexts of the walk's own locale and screen (pytest-playwright's fixes them)."""
    opened: list[BrowserContext] = []

    def new(**kwargs: Any) -> BrowserContext:
        context = browser.new_context(**{**browser_context_args, **kwargs})
        opened.append(context)
        return context

    yield new
    for context in opened:
        context.close()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_invited_contact_submits_follows_and_rates_a_need_on_a_phone(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    staff_user: Any,
    index_dir: Path,
    axe_js: str,
    language: str,
) -> None:
    t = in_language(language)

    def accessible(page: Page) -> None:
        violations = blocking_violations(page, axe_js)
        assert not violations, describe(violations)

    enterprise = OrganizationFactory.create(
        name_zh="浙江伊鼎医用敷料有限公司", name_en="Zhejiang Yiding Medical Dressing"
    )
    elsewhere = TechnicalNeedFactory.create(
        organization=OrganizationFactory.create(), title="阀门密封失效"
    )
    PersonFactory.create(
        name_en="Dr. Coating",
        name_zh="涂层博士",
        expertise=["抗菌涂层", "医用敷料"],
        profile="长期从事医用敷料抗菌涂层与附着力研究。",
    )
    staff_context = new_context(locale=LOCALES[language])
    phone_context = new_context(
        locale=LOCALES[language], viewport=PHONE, is_mobile=True, has_touch=True
    )
    staff_errors, phone_errors = watched(staff_context), watched(phone_context)
    log_in(staff_context, staff_user, live_server.url)
    office, phone = staff_context.new_page(), phone_context.new_page()

    # The office invites the contact from the organization's page.
    office.goto(reverse("organizations:organization_detail", args=(enterprise.pk,)))
    office.get_by_role("link", name=t("Invite a contact")).click()
    office.get_by_label(t("Email of the contact")).fill("li.ming@yiding.cn")
    office.get_by_role("button", name=t("Invite"), exact=True).click()
    link = office.get_by_label(t("Invitation link")).input_value()
    assert "/portal/invitation/" in link

    # The contact opens the link on a phone and chooses a password.
    phone.goto(link)
    accessible(phone)
    phone.get_by_label(t("Your name")).fill("李明")
    phone.get_by_label(t("Username")).fill("liming")
    phone.get_by_label(t("Password"), exact=True).fill(PASSWORD)
    phone.get_by_label(t("Password again")).fill(PASSWORD)
    fits_the_screen(phone)
    phone.get_by_role("button", name=t("Create my account")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(t("Our technical needs"))
    fits_the_screen(phone)
    accessible(phone)

    # It submits a need with a drawing.
    phone.get_by_role("link", name=t("Submit a need")).first.click()
    phone.get_by_label(capfirst(t("title")), exact=True).fill("医用敷料抗菌涂层脱落")
    phone.get_by_label(capfirst(t("description")), exact=True).fill(
        "医用敷料抗菌涂层在灭菌后脱落，需要改进抗菌涂层的附着力。"
    )
    phone.get_by_label(t("Biomaterials")).check()
    drawing: FilePayload = {"name": "drawing.pdf", "mimeType": "application/pdf", "buffer": PDF}
    phone.get_by_label(t("Attachments")).set_input_files([drawing])
    fits_the_screen(phone)
    accessible(phone)
    screenshot(phone, f"portal-submit-{language}")
    phone.get_by_role("button", name=t("Submit the need")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("医用敷料抗菌涂层脱落")
    expect(phone.locator("#need-status")).to_have_text(t("Submitted"))
    expect(phone.get_by_role("link", name="drawing.pdf")).to_be_visible()
    need = TechnicalNeed.objects.get(title="医用敷料抗菌涂层脱落")
    assert need.organization == enterprise
    assert need.attachments.get().content_type == "application/pdf"
    need_url = phone.url

    # The office triages it and finds experts.
    office.goto(reverse("needs:technicalneed_detail", args=(need.pk,)))
    expect(office.get_by_role("link", name="drawing.pdf")).to_be_visible()
    office.get_by_role("link", name=t("Triage"), exact=True).click()
    office.get_by_role("button", name=t("Triage"), exact=True).click()
    done = t("Done: %(step)s.") % {"step": t("Triage")}
    expect(office.get_by_role("status").filter(has_text=done)).to_be_visible()
    office.get_by_role("button", name=t("Find experts")).click()
    expert = "Dr. Coating" if language == "en" else "涂层博士"
    expect(office.locator("#candidates").get_by_role("link", name=expert).first).to_be_visible()

    # The contact sees the need matched, and another enterprise's need is not there.
    phone.goto(need_url)
    expect(phone.locator("#need-status")).to_have_text(t("Matched"))
    fits_the_screen(phone)
    accessible(phone)
    screenshot(phone, f"portal-need-{language}")
    response = phone.goto(reverse("portal:need", args=(elsewhere.pk,)))
    assert response is not None
    assert response.status == 404
    expect(phone.get_by_role("heading", level=1)).to_have_text(t("Not found"))
    expect(phone.get_by_text("阀门密封失效")).to_have_count(0)

    # The office solves it; the contact rates the solution.
    office.reload()
    office.get_by_role("link", name=t("Solve"), exact=True).click()
    office.locator('textarea[name="solution_summary"]').fill("改用等离子体预处理后再涂覆。")
    office.get_by_role("button", name=t("Solve"), exact=True).click()
    done = t("Done: %(step)s.") % {"step": t("Solve")}
    expect(office.get_by_role("status").filter(has_text=done)).to_be_visible()

    phone.goto(need_url)
    expect(phone.locator("#need-status")).to_have_text(t("Solved"))
    expect(phone.get_by_text("改用等离子体预处理后再涂覆。")).to_be_visible()
    phone.locator("#rate label", has_text="4").click()
    phone.get_by_role("button", name=t("Send the rating")).click()
    expect(
        phone.get_by_role("status").filter(has_text=t("Thank you for rating the solution."))
    ).to_be_visible()
    need.refresh_from_db()
    assert need.status == NeedStatus.SOLVED
    assert need.satisfaction == 4
    fits_the_screen(phone)
    screenshot(phone, f"portal-rated-{language}")

    assert not staff_errors
    assert not phone_errors
