"""The lists' filters: what a request may ask for, whatever it sends."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from tests.api.factories import bearer, make_token
from tests.needs.factories import TechnicalNeedFactory

pytestmark = pytest.mark.django_db

TOO_LARGE = "-2780521416099556753408"


def test_a_number_no_column_holds_is_ignored_by_the_page(signed_in: Client) -> None:
    need = TechnicalNeedFactory.create()
    answer = signed_in.get(reverse("needs:technicalneed_list"), {"organization": TOO_LARGE})
    assert answer.status_code == 200
    assert need.title in answer.content.decode()


def test_a_number_no_column_holds_is_refused_by_the_api(client: Client, staff_user: User) -> None:
    answer = client.get(
        "/api/v1/technical-needs/",
        {"organization": TOO_LARGE},
        **bearer(make_token(staff_user)),
    )
    assert answer.status_code == 400, answer.content
    assert "organization" in answer.json()["fields"]
