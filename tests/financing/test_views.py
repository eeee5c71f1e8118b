import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.financing.choices import RoundKind, RoundStatus
from liaison.financing.models import FinancingRound
from tests.achievements.factories import AchievementFactory
from tests.centers.factories import CenterFactory
from tests.financing.factories import FinancingRoundFactory, RoundInvestorFactory
from tests.organizations.factories import OrganizationFactory
from tests.web.pages import ObjectPageChecks


class TestFinancingRoundPages(ObjectPageChecks):
    model = FinancingRound
    factory = FinancingRoundFactory
    url_base = "financing:financinground"
    stale_field = "note"
    stale_value = "Noted meanwhile"

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "venture": OrganizationFactory.create().pk,
            "kind": RoundKind.ANGEL,
            "amount": "3000000",
            "currency": "CNY",
            "cny_rate": "1",
            "announced_on": "2023-06-01",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        # The service refuses it, and its refusal is shown under the field.
        return {**self.valid_form_data(), "announced_on": "2999-01-01"}, "announced_on"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(kind=RoundKind.SEED)
        dropped = self.make(kind=RoundKind.LOAN)
        return {"kind": RoundKind.SEED}, kept, dropped


def test_a_round_is_recorded_with_its_investors_and_lead(signed_in: Client, db: None) -> None:
    venture = OrganizationFactory.create(name_en="Stent Venture Co.")
    lead, other = (
        OrganizationFactory.create(kind="investor"),
        OrganizationFactory.create(kind="investor"),
    )
    response = signed_in.post(
        reverse("financing:financinground_add"),
        {
            "venture": venture.pk,
            "kind": RoundKind.SERIES_A,
            "amount": "20000000",
            "currency": "CNY",
            "cny_rate": "1",
            "announced_on": "2023-06-01",
            "investors": [other.pk],
            "lead_investor": lead.pk,
        },
    )
    financing = FinancingRound.objects.get(venture=venture)
    assert response["Location"] == reverse("financing:financinground_detail", args=(financing.pk,))
    stakes = {i.organization: i.is_lead for i in financing.round_investors.all()}
    assert stakes == {lead: True, other: False}


def test_closing_is_offered_while_announced_and_done_by_the_service(
    signed_in: Client, db: None
) -> None:
    financing = FinancingRoundFactory.create(announced_on=datetime.date(2023, 6, 1))
    detail = reverse("financing:financinground_detail", args=(financing.pk,))
    close = reverse("financing:financinground_action", args=(financing.pk, "close"))
    assert close in signed_in.get(detail).content.decode()

    response = signed_in.post(
        close, {"closed_on": "2023-05-01", "loaded_version": financing.version}
    )
    assert response.status_code == 400
    assert "closed_on" in response.context["form"].errors

    signed_in.post(close, {"closed_on": "2023-07-01", "loaded_version": financing.version})
    financing.refresh_from_db()
    assert financing.status == RoundStatus.CLOSED
    html = signed_in.get(detail).content.decode()
    assert close not in html
    assert reverse("financing:financinground_action", args=(financing.pk, "cancel")) not in html


def test_detail_shows_the_investors_and_the_amount_by_language(signed_in: Client, db: None) -> None:
    financing = FinancingRoundFactory.create(amount=Decimal("156300000"))
    RoundInvestorFactory.create(
        round=financing,
        organization=OrganizationFactory.create(name_en="Lead Capital"),
        is_lead=True,
    )
    url = reverse("financing:financinground_detail", args=(financing.pk,))
    assert "Lead Capital" in signed_in.get(url).content.decode()
    chinese = signed_in.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "1.563亿元" in chinese


def test_center_filter_keeps_the_rounds_of_its_achievements(signed_in: Client, db: None) -> None:
    center = CenterFactory.create()
    kept = FinancingRoundFactory.create(
        achievement=AchievementFactory.create(center=center), note="kept"
    )
    dropped = FinancingRoundFactory.create(achievement=AchievementFactory.create(), note="dropped")
    rows = (
        signed_in.get(reverse("financing:financinground_list"), {"center": center.pk})
        .context["table"]
        .data.data
    )
    assert list(rows) == [kept]
    assert dropped not in rows


@pytest.mark.parametrize(
    ("language", "amount"), [("zh-hans", "352万元"), ("en", "CNY 3.52 million")]
)
def test_a_round_is_named_with_its_amount_as_the_page_language_writes_it(
    signed_in: Client, db: None, language: str, amount: str
) -> None:
    center = CenterFactory.create()
    financing = FinancingRoundFactory.create(
        venture=OrganizationFactory.create(name_en="Amount Venture", name_zh="金额公司"),
        achievement=AchievementFactory.create(center=center),
        amount=Decimal("3520000"),
        currency="CNY",
    )
    pages = {
        "list": reverse("financing:financinground_list"),
        "edit": reverse("financing:financinground_edit", args=(financing.pk,)),
        "search": reverse("search") + "?q=" + ("金额" if language == "zh-hans" else "Amount"),
        "center": reverse("centers:center_detail", args=(center.pk,)),
    }
    for page, url in pages.items():
        html = signed_in.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert amount in html, page
        assert "3,520,000" not in html, page
