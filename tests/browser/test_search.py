"""From any page, the header's search box finds a record by a word inside its Chinese text."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory


def test_header_search_finds_a_chinese_word_inside_a_longer_title(staff_page: Page) -> None:
    page = staff_page
    TechnicalNeedFactory.create(title="医用敷料银离子抗菌涂层的长期稳定性问题")
    TechnicalNeedFactory.create(title="乳制品冷链运输中的温度监控")
    OrganizationFactory.create(name_zh="温州瓯海阀门厂", name_en="Ouhai Valve Works")
    page.goto(reverse("organizations:organization_list"))

    search = page.get_by_role("searchbox", name="Search all records")
    search.fill("抗菌涂层")
    search.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.get_by_role("link", name="医用敷料银离子抗菌涂层的长期稳定性问题")).to_be_visible()
    expect(page.get_by_role("link", name="乳制品冷链运输中的温度监控")).to_have_count(0)
    expect(page.get_by_role("link", name="Ouhai Valve Works")).to_have_count(0)
