"""Every list's choice filters offer "Any" as their empty choice, in the page's language."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User

LISTS = (
    "achievements:achievement_list",
    "agreements:agreement_list",
    "centers:center_list",
    "centers:appointment_list",
    "financing:financinground_list",
    "needs:technicalneed_list",
    "needs:servicerecord_list",
    "organizations:organization_list",
    "people:person_list",
    "people:affiliation_list",
)


def first_options(html: str) -> dict[str, str]:
    """Each one-choice filter select's name with the label of its first (empty) choice."""
    selects = re.findall(r'<select name="([^"]+)"([^>]*)>\s*<option[^>]*>([^<]*)</option>', html)
    # A multiple select (statuses) has no empty choice; the header's language switcher is no filter.
    return {
        name: label
        for name, attrs, label in selects
        if "multiple" not in attrs and name != "language"
    }


@pytest.mark.parametrize("url_name", LISTS)
def test_a_list_filter_offers_any_as_its_empty_choice(
    client: Client, staff_user: User, url_name: str
) -> None:
    client.force_login(staff_user)
    html = client.get(reverse(url_name), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    empties = first_options(html)
    assert empties
    assert set(empties.values()) == {"不限"}, empties
