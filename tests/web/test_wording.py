"""English as an editor would pass it: headers written as sentences, one date format a language,
and no sentence ending in two periods after a name that ends in one."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from liaison.accounts.models import User
from liaison.agreements.models import Agreement
from liaison.core.tables import simple_table
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import AffiliationFactory

pytestmark = pytest.mark.django_db

SUBMITTED = datetime.date(2023, 3, 1)


def headers(html: str) -> list[str]:
    cells = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html, flags=re.S)
    return [re.sub(r"<[^>]+>|[▲▼]", "", cell).strip() for cell in cells]


def test_a_panel_table_writes_a_fields_name_as_a_sentence() -> None:
    table = simple_table(Agreement, ("kind", "signed_on"))(Agreement.objects.none())

    assert [column.header for column in table.columns] == ["Agreement", "Kind", "Signed on"]


def test_every_header_of_an_organizations_page_starts_with_a_capital(
    client: Client, staff_user: User
) -> None:
    organization = OrganizationFactory.create(name_en="Wenzhou Valve Works Co., Ltd.")
    AffiliationFactory.create(organization=organization)
    TechnicalNeedFactory.create(organization=organization, submitted_on=SUBMITTED)
    client.force_login(staff_user)

    found = headers(
        client.get(
            reverse("organizations:organization_detail", args=(organization.pk,))
        ).content.decode()
    )

    assert "Submitted on" in found
    lower = [text for text in found if text and not text[0].isupper()]
    assert not lower, lower


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_date_is_written_alike_on_lists_and_record_pages(
    client: Client, staff_user: User, language: str
) -> None:
    need = TechnicalNeedFactory.create(submitted_on=SUBMITTED)
    client.force_login(staff_user)
    with translation.override(language):
        written = date_format(SUBMITTED, "DATE_FORMAT")
        short = date_format(SUBMITTED, "SHORT_DATE_FORMAT")
    headers = {"accept-language": language}

    listed = client.get(reverse("needs:technicalneed_list"), headers=headers).content.decode()
    shown = client.get(
        reverse("needs:technicalneed_detail", args=(need.pk,)), headers=headers
    ).content.decode()

    assert written in listed
    assert written in shown
    if short != written:
        assert short not in listed


def test_a_step_for_a_name_ending_in_a_period_ends_in_one_period(
    client: Client, staff_user: User
) -> None:
    # Starting work asks nothing more: the page only asks to confirm it for the need.
    need = TechnicalNeedFactory.create(title="Coating for Wenzhou Valve Co., Ltd.")
    client.force_login(staff_user)

    html = client.get(
        reverse("needs:technicalneed_action", args=(need.pk, "start"))
    ).content.decode()

    assert "Ltd.." not in html
    assert "Ltd.”." in html


def test_the_message_after_saving_or_deleting_a_name_ending_in_a_period_ends_in_one(
    client: Client, staff_user: User
) -> None:
    organization = OrganizationFactory.create(name_zh="瓯江阀门", name_en="Oujiang Valve Co., Ltd.")
    client.force_login(staff_user)

    page = client.post(
        reverse("organizations:organization_delete", args=(organization.pk,)), follow=True
    ).content.decode()

    assert "Ltd.." not in page
    assert "Deleted “" in page
