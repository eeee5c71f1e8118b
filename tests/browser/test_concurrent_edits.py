"""Two people edit the same record; the one who saves second is told who changed what."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from playwright.sync_api import BrowserContext, expect
from pytest_django.live_server_helper import LiveServer

from liaison.accounts.models import User
from tests.accounts.factories import UserFactory
from tests.organizations.factories import OrganizationFactory

from .conftest import log_in


def test_second_editor_is_told_who_changed_the_record_meanwhile(
    new_context: Callable[..., BrowserContext],
    live_server: LiveServer,
    staff_user: User,
    django_user_model: type[User],
) -> None:
    colleague = UserFactory.create(username="wang.fang", password="colleague-pass-123")
    organization = OrganizationFactory.create(name_en="Ouhai Valve Works", city="温州市")
    edit_url = reverse("organizations:organization_edit", args=[organization.pk])
    pages = []
    for user in (colleague, staff_user):
        context: BrowserContext = new_context()
        context.set_default_timeout(8_000)
        log_in(context, user, live_server.url)
        page = context.new_page()
        page.goto(edit_url)
        pages.append(page)
    first, second = pages

    first.get_by_label("English name").fill("Ouhai Valve Works Group")
    first.get_by_role("button", name="Save").click()
    expect(first.get_by_role("heading", level=1)).to_have_text("Ouhai Valve Works Group")

    second.get_by_label("City").fill("瑞安市")
    second.get_by_role("button", name="Save").click()

    warning = second.get_by_role("alert").filter(has_text="Someone else saved this record")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("wang.fang")
    their_change = warning.get_by_role("row").filter(has_text="English name")
    expect(their_change).to_contain_text("Ouhai Valve Works Group")
    expect(second.get_by_label("City")).to_have_value("瑞安市")
    organization.refresh_from_db()
    assert (organization.name_en, organization.city) == ("Ouhai Valve Works Group", "温州市")
