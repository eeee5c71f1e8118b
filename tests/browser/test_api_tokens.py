"""A person makes an API token from their menu, copies its key (shown once), and revokes it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from liaison.accounts.models import User
from liaison.api.models import ApiToken
from liaison.api.tokens import authenticate_key

from .conftest import STAFF_PASSWORD


def test_a_person_makes_a_token_sees_its_key_once_and_revokes_it(
    page: Page, staff_user: User
) -> None:
    page.goto("/")
    page.get_by_label("Username").fill(staff_user.username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name=f"Your account: {staff_user.username}").click()
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")

    page.get_by_label("What it is for").fill("nightly export")
    page.get_by_label("Access").select_option(label="Read and write")
    page.get_by_label("Valid for").select_option(label="30 days")
    page.get_by_role("button", name="Make the token").click()

    key_box = page.get_by_label("Key")
    expect(key_box).to_have_value(re.compile(r"^lia_"))
    key = key_box.input_value()
    expect(page.get_by_text("shown only this once", exact=False)).to_be_visible()
    token = authenticate_key(key)
    assert token is not None
    assert token.name == "nightly export"
    assert token.scope == "write"

    page.reload()
    expect(page.get_by_label("Key")).to_have_count(0)
    row = page.get_by_role("row").filter(has_text="nightly export")
    expect(row).to_contain_text(f"{token.prefix}…")
    expect(row).to_contain_text("Active")

    row.get_by_text("Revoke…").click()
    row.get_by_role("button", name="Revoke", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("is revoked")
    expect(page.get_by_role("row").filter(has_text="nightly export")).to_contain_text("Revoked")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert authenticate_key(key) is None
