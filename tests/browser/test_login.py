"""A person logs in before seeing anything, and a wrong password is refused."""

from __future__ import annotations

import re

from django.conf import settings
from django.shortcuts import resolve_url
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from liaison.accounts.models import User

from .conftest import STAFF_PASSWORD


def test_anonymous_person_is_sent_to_the_login_page(page: Page, live_server: LiveServer) -> None:
    page.goto("/")

    expect(page).to_have_url(re.compile(re.escape(resolve_url(settings.LOGIN_URL))))
    expect(page.get_by_label("Password")).to_be_visible()


def test_staff_member_logs_in_and_reaches_the_home_page(page: Page, staff_user: User) -> None:
    page.goto("/")
    page.get_by_label("Username").fill(staff_user.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_role("link", name=f"Your account: {staff_user.username}")).to_be_visible()


def test_wrong_password_is_refused_on_the_login_page(page: Page, staff_user: User) -> None:
    page.goto("/")
    page.get_by_label("Username").fill(staff_user.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_label("Password")).to_be_visible()
    expect(page.get_by_text(re.compile("correct username and password"))).to_be_visible()
