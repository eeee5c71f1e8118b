from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from liaison.accounts.models import User
from liaison.core.display import join_items
from tests.financing.factories import FinancingRoundFactory, RoundInvestorFactory


def test_an_enumeration_is_joined_as_each_language_writes_it() -> None:
    with translation.override("en"):
        assert join_items(["干细胞", "眼科药物"]) == "干细胞, 眼科药物"
    with translation.override("zh-hans"):
        assert join_items(["干细胞", "眼科药物"]) == "干细胞、眼科药物"


@pytest.mark.django_db
def test_an_investors_stake_is_written_in_its_rounds_currency(
    client: Client, staff_user: User
) -> None:
    round_ = FinancingRoundFactory.create(currency="USD", cny_rate=Decimal("7.1"), amount=5_000_000)
    RoundInvestorFactory.create(round=round_, amount=Decimal("3000000"))
    client.force_login(staff_user)
    url = reverse("financing:financinground_detail", args=[round_.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans", headers={"Accept-Language": "zh-hans"})
    html = page.content.decode()
    assert "300万美元" in html
    assert "3000000.00" not in html
