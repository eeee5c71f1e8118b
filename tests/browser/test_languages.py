"""Switching to Chinese translates the same pages, and the choice is remembered.

The expected words come from the zh-hans catalogue itself (`zh`), and each is checked to be a
translation, not the English word passed through.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.organizations.factories import OrganizationFactory, valid_credit_code

pytestmark = pytest.mark.translations


def zh(msgid: str) -> str:
    """The catalogue's Chinese for `msgid`, which must be a translation, not the English."""
    with translation.override("zh-hans"):
        text = str(translation.gettext(msgid))
    assert text != msgid, f"the zh-hans catalogue has no {msgid!r}"
    return text


def switch_to_chinese(page: Page) -> None:
    page.get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")


def test_switching_to_chinese_translates_the_form_and_is_remembered(staff_page: Page) -> None:
    page = staff_page
    OrganizationFactory.create(name_zh="温州瓯海阀门厂", name_en="Ouhai Valve Works")
    page.goto(reverse("organizations:organization_add"))
    expect(page.get_by_label("Chinese name")).to_be_visible()

    switch_to_chinese(page)

    # The same form, its one-time token kept in the address.
    expect(page).to_have_url(
        re.compile(
            re.escape(reverse("organizations:organization_add")) + r"(\?form_token=[\w-]+)?$"
        )
    )
    expect(page.get_by_label("中文名称")).to_be_visible()
    expect(page.get_by_label(zh("unified social credit code"))).to_be_visible()
    expect(
        page.get_by_label(zh("kind"), exact=True).locator("option", has_text="企业")
    ).to_have_count(1)
    expect(page.get_by_label("Chinese name")).to_have_count(0)

    page.goto(reverse("organizations:organization_list"))

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Organizations"))
    # In Chinese an organization goes by its Chinese name.
    expect(page.get_by_role("link", name="温州瓯海阀门厂")).to_be_visible()


def test_switching_back_to_english(staff_page: Page) -> None:
    page = staff_page
    page.goto(reverse("organizations:organization_add"))
    switch_to_chinese(page)

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Chinese name")).to_be_visible()


def test_chinese_menu_is_translated(staff_page: Page) -> None:
    page = staff_page
    page.goto(reverse("organizations:organization_add"))
    switch_to_chinese(page)

    navigation = page.get_by_role("navigation", name=zh("Main"))
    for msgid in ("Dashboard", "Partners", "Cooperation", "Transfer"):
        expect(navigation.get_by_text(zh(msgid), exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=zh("Save"))).to_be_visible()
    expect(page.get_by_role("link", name=zh("Cancel"))).to_be_visible()


def test_chinese_form_refuses_a_mistyped_credit_code_in_chinese(staff_page: Page) -> None:
    page = staff_page
    good = valid_credit_code(77)
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    page.goto(reverse("organizations:organization_add"))
    switch_to_chinese(page)
    page.get_by_label("中文名称").fill("温州瓯海阀门厂")
    page.get_by_label(zh("kind"), exact=True).select_option(label="企业")
    page.get_by_label(zh("unified social credit code")).fill(bad)

    page.get_by_role("button", name=zh("Save")).click()

    expect(page.get_by_text(zh("Please correct the errors below."))).to_be_visible()
    refusal = zh(
        "This unified social credit code fails its checksum: the last character should be "
        "%(expected)s, not %(actual)s. Check it for a mistyped character."
    ) % {"expected": good[-1], "actual": bad[-1]}
    expect(page.get_by_role("alert").filter(has_text=refusal)).to_be_visible()
