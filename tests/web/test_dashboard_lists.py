"""The dashboard's capped lists of what needs attention lead to all of it."""

import datetime
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.accounts.models import User
from liaison.agreements.choices import AgreementKind, AgreementStatus
from liaison.needs.choices import NeedStatus
from liaison.reports.dashboard import ATTENTION_ROWS
from tests.agreements.factories import AgreementFactory
from tests.needs.factories import TechnicalNeedFactory

pytestmark = pytest.mark.django_db


def see_all_link(html: str) -> tuple[str, str]:
    found = re.findall(r'<a href="([^"]+)">(See all \([^)]*\))</a>', html)
    assert len(found) == 1, found
    url, text = found[0]
    return unescape(url), text


def record_count(html: str) -> int:
    found = re.search(r'<h2 class="card-title">(\d+) records?</h2>', html)
    assert found, "the list page says how many records it holds"
    return int(found.group(1))


def test_the_needs_waiting_for_triage_link_to_all_of_them(client: Client, staff_user: User) -> None:
    today = timezone.localdate()
    waiting = ATTENTION_ROWS + 6
    for days in range(8, 8 + waiting):
        TechnicalNeedFactory.create(submitted_on=today - datetime.timedelta(days=days))
    TechnicalNeedFactory.create(submitted_on=today - datetime.timedelta(days=7))  # not a week yet
    TechnicalNeedFactory.create(
        submitted_on=today - datetime.timedelta(days=30), status=NeedStatus.TRIAGED
    )
    client.force_login(staff_user)

    url, text = see_all_link(client.get(reverse("home")).content.decode())

    assert text == f"See all ({waiting})"
    assert url.startswith(reverse("needs:technicalneed_list"))
    assert record_count(client.get(url).content.decode()) == waiting


def test_the_agreements_expiring_link_to_all_of_them(client: Client, staff_user: User) -> None:
    today = timezone.localdate()
    expiring = ATTENTION_ROWS + 2
    for days in range(expiring):
        AgreementFactory.create(
            kind=AgreementKind.MOU,
            status=AgreementStatus.SIGNED,
            signed_on=today - datetime.timedelta(days=400),
            expires_on=today + datetime.timedelta(days=days * 5),
        )
    AgreementFactory.create(  # beyond the horizon
        kind=AgreementKind.MOU,
        status=AgreementStatus.SIGNED,
        signed_on=today - datetime.timedelta(days=400),
        expires_on=today + datetime.timedelta(days=61),
    )
    client.force_login(staff_user)

    url, text = see_all_link(client.get(reverse("home")).content.decode())

    assert text == f"See all ({expiring})"
    assert record_count(client.get(url).content.decode()) == expiring


def test_a_short_list_has_no_see_all_link(client: Client, staff_user: User) -> None:
    TechnicalNeedFactory.create(submitted_on=timezone.localdate() - datetime.timedelta(days=9))
    client.force_login(staff_user)

    html = client.get(reverse("home")).content.decode()

    assert "See all" not in html
