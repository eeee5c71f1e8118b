"""The demo institute's dashboard, a center and a need, in English and in Chinese.

Screenshots of each land in test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import re

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from liaison.centers.models import Center
from liaison.demo.loader import load_demo
from liaison.needs.choices import NeedStatus
from liaison.needs.models import TechnicalNeed

from .conftest import screenshot

pytestmark = pytest.mark.translations

AMOUNT = {
    "en": re.compile(r"CNY [\d.,]+ (million|billion)"),
    "zh-hans": re.compile(r"[\d.]+[万亿]元"),
}


def in_language(language: str, msgid: str) -> str:
    with translation.override(language):
        text = str(translation.gettext(msgid))
    assert language == "en" or text != msgid, f"{msgid!r} has no {language} translation"
    return text


def test_demo_dashboard_center_and_need_render_in_both_languages(staff_page: Page) -> None:
    page = staff_page
    load_demo(scale=1, progress=False)
    center = Center.objects.get(name_en="Biomedical Materials Center")
    need = (
        TechnicalNeed.objects.filter(status=NeedStatus.SOLVED)
        .annotate(services_count=Count("services"))
        .order_by("-services_count", "pk")
        .first()
    )
    assert need is not None
    pages = {
        "dashboard": reverse("home"),
        "center": reverse("centers:center_detail", args=[center.pk]),
        "need": reverse("needs:technicalneed_detail", args=[need.pk]),
        "center-chains": reverse("centers:center_chains", args=[center.pk]),
    }
    names = {
        "en": {"center": center.name_en, "need": need.title},
        "zh-hans": {"center": center.name_zh, "need": need.title},
    }

    for language in ("en", "zh-hans"):
        for name, url in pages.items():
            page.goto(url)
            if language == "zh-hans" and name == "dashboard":
                page.get_by_role("button", name="中文").click()
            expect(page.locator("html")).to_have_attribute("lang", language)
            if name in names[language]:
                expect(page.get_by_role("heading", level=1)).to_contain_text(names[language][name])
            if name == "dashboard":
                title = in_language(language, "Dashboard")
                expect(page.get_by_role("heading", level=1)).to_have_text(title)
                financing = page.locator(".liaison-figure").filter(
                    has_text=in_language(language, "Cumulative financing")
                )
                # Amounts are written as each language writes them: 2.25亿元, CNY 225.1 million.
                expect(financing).to_contain_text(AMOUNT[language])
            if name == "center-chains":
                # ECharts draws the four chains on a canvas once its script has run.
                expect(page.locator("main canvas").first).to_be_visible()
            screenshot(page, f"{name}-{language}")
