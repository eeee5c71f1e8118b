"""The patents' pages: list, detail with its computed fee schedule and deadlines, the fee
calendar across the portfolio, payments with their proof, and the achievement's panel."""

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.test import Client
from django.urls import reverse

from liaison.accounts.choices import RoleKind
from liaison.patents.choices import PatentKind, PatentStatus
from liaison.patents.models import FeePayment, Patent
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.centers.factories import CenterFactory
from tests.patents.factories import (
    cn_number,
    granted_patent,
    institute,
    make_patent,
    office_action,
    pay,
)
from tests.people.factories import PersonFactory
from tests.web.pages import ObjectPageChecks, pinned_queries

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class TestPatentPages(ObjectPageChecks):
    model = Patent
    factory = staticmethod(make_patent)
    url_base = "patents:patent"
    stale_field = "title"
    stale_value = "Renamed meanwhile"

    def shown_as(self, obj: Patent) -> str:
        return obj.application_number

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "achievement": AchievementFactory.create().pk,
            "title": "一种抗菌敷料",
            "jurisdiction": "CN",
            "kind": PatentKind.INVENTION,
            "application_number": "201710601862.3",
            "filed_on": "2017-07-21",
            "owners": [institute().pk],
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "application_number": "201710601862.4"}, (
            "application_number"
        )

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        return (
            {"kind": PatentKind.UTILITY_MODEL},
            make_patent(kind=PatentKind.UTILITY_MODEL),
            make_patent(kind=PatentKind.INVENTION),
        )


@pytest.mark.django_db
def test_a_wrong_check_character_is_shown_with_the_expected_one(signed_in: Client) -> None:
    data = TestPatentPages().valid_form_data()
    data["application_number"] = "201710601862.4"
    response = signed_in.post(reverse("patents:patent_add"), data)
    assert response.status_code == 400
    assert "should be 3, not 4" in response.content.decode()


@pytest.mark.django_db
def test_the_detail_shows_the_computed_fee_schedule_with_payments(signed_in: Client) -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    pay(patent, kind="annual", fee_year=3, paid_on=D(2019, 11, 1), amount=Decimal(900))
    response = signed_in.get(reverse("patents:patent_detail", args=(patent.pk,)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Annual fee, year 20" in html
    assert "2020-03-16" in html  # year 4, due on the filing anniversary moved off a Sunday
    assert "paid 2019-11-01" in html
    # Years 4 to 7 are unpaid past their late windows by 2026: shown as such.
    assert "unpaid past the late window" in html
    assert reverse("patents:feepayment_add") + f"?patent={patent.pk}" in html


@pytest.mark.django_db
def test_the_detail_shows_the_examination_and_office_action_deadlines(signed_in: Client) -> None:
    patent = make_patent(filed_on=D(2025, 6, 10), priority_on=D(2024, 8, 20))
    office_action(patent, issued_on=D(2026, 9, 1))
    html = signed_in.get(reverse("patents:patent_detail", args=(patent.pk,))).content.decode()
    assert "2027-08-20" in html  # three years from the priority date (a Friday)
    assert "2027-01-18" in html  # the first opinion's answer: 4 months after 16 September


@pytest.mark.django_db
def test_the_detail_renders_within_its_pinned_queries_with_payments(signed_in: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    for year, paid_on, amount in ((3, D(2019, 11, 1), 900), (4, D(2020, 3, 10), 1200)):
        pay(patent, kind="annual", fee_year=year, paid_on=paid_on, amount=Decimal(amount))
    office_action(patent, issued_on=D(2018, 9, 1))
    with CaptureQueriesContext(connection) as queries:
        response = signed_in.get(reverse("patents:patent_detail", args=(patent.pk,)))
    assert response.status_code == 200
    assert len(queries) <= pinned_queries("patents:patent_detail")


@pytest.mark.django_db
def test_the_fee_calendar_lists_what_is_due_and_flags_the_overdue(signed_in: Client) -> None:
    # Today is 2026-12-07 in these tests' clock or later: pick dates around it.
    today = datetime.date.today()
    late = granted_patent(
        filed_on=today.replace(year=today.year - 5) - datetime.timedelta(days=40),
        granted_on=today.replace(year=today.year - 4),
    )
    for year in range(2, 6):
        pay_year(late, year)
    soon = granted_patent(
        filed_on=today.replace(year=today.year - 5) + datetime.timedelta(days=20),
        granted_on=today.replace(year=today.year - 4),
    )
    for year in range(2, 6):
        pay_year(soon, year)
    response = signed_in.get(reverse("patents:fee_calendar"))
    html = response.content.decode()
    assert response.status_code == 200
    rows = response.context["rows"]
    keys = {(row["item"].patent.pk, row["item"].key) for row in rows}
    assert (late.pk, "annual-6") in keys
    assert (soon.pk, "annual-6") in keys
    overdue = next(r for r in rows if r["item"].patent == late)
    assert overdue["overdue"]
    assert "overdue" in html
    assert reverse("patents:patent_detail", args=(late.pk,)) in html


def pay_year(patent: Patent, year: int) -> FeePayment:
    from liaison.patents import docket

    fee = docket.annual_fee(patent, year)
    return pay(patent, kind="annual", fee_year=year, paid_on=fee.due_on, amount=fee.amount)


@pytest.mark.django_db
def test_the_fee_calendar_filters_by_center_and_month(signed_in: Client) -> None:
    center = CenterFactory.create()
    ours = make_patent(achievement=AchievementFactory.create(center=center), filed_on=D(2024, 5, 6))
    theirs = make_patent(filed_on=D(2024, 5, 7))
    # Their examination requests are due in May 2027.
    params: dict[str, Any] = {"month": "2027-05", "center": center.pk}
    response = signed_in.get(reverse("patents:fee_calendar"), params)
    patents = {row["item"].patent for row in response.context["rows"]}
    assert patents == {ours}
    response = signed_in.get(reverse("patents:fee_calendar"), {"month": "2027-05"})
    assert {row["item"].patent for row in response.context["rows"]} == {ours, theirs}
    response = signed_in.get(reverse("patents:fee_calendar"), {"month": "2027-06"})
    assert response.context["rows"] == []


@pytest.mark.django_db
def test_the_fee_calendar_shows_a_researcher_only_their_own_patents(client: Client) -> None:
    researcher = UserFactory.create(role=RoleKind.RESEARCHER)
    ours = make_patent(filed_on=D(2024, 5, 6), inventors=[PersonFactory.create(user=researcher)])
    make_patent(filed_on=D(2024, 5, 7))
    client.force_login(researcher)
    response = client.get(reverse("patents:fee_calendar"), {"month": "2027-05"})
    assert {row["item"].patent for row in response.context["rows"]} == {ours}


@pytest.mark.django_db
def test_a_payment_is_recorded_with_its_proof_and_the_proof_downloaded(signed_in: Client) -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    data = {
        "patent": patent.pk,
        "kind": "annual",
        "fee_year": 3,
        "paid_on": "2019-11-01",
        "amount": "900",
        "currency": "CNY",
        "proof": SimpleUploadedFile("收据.pdf", PDF, content_type="application/pdf"),
    }
    response = signed_in.post(reverse("patents:feepayment_add"), data)
    assert response.status_code == 302
    payment = FeePayment.objects.get(patent=patent)
    assert payment.rule_version == "CN-fees-2016-09"
    proof = signed_in.get(reverse("patents:feepayment_download", args=(payment.pk,)))
    assert proof.status_code == 200
    content = cast(Iterator[bytes], cast(FileResponse, proof).streaming_content)
    assert b"".join(content) == PDF


@pytest.mark.django_db
def test_a_wrong_amount_is_refused_under_the_amount_naming_the_fee_due(signed_in: Client) -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    data = {
        "patent": patent.pk,
        "kind": "annual",
        "fee_year": 4,
        "paid_on": "2020-04-20",
        "amount": "1200",
        "currency": "CNY",
    }
    response = signed_in.post(reverse("patents:feepayment_add"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors["amount"]
    assert "1260" in errors[0]  # 1,200 and 5 % of it, paid in the second month late


@pytest.mark.django_db
def test_the_new_payment_form_starts_from_the_patent(signed_in: Client) -> None:
    patent = granted_patent()
    response = signed_in.get(reverse("patents:feepayment_add"), {"patent": patent.pk})
    assert response.context["form"].instance.patent == patent


@pytest.mark.django_db
def test_the_achievement_page_lists_its_patents(signed_in: Client) -> None:
    patent = make_patent()
    html = signed_in.get(
        reverse("achievements:achievement_detail", args=(patent.achievement.pk,))
    ).content.decode()
    assert patent.application_number in html
    assert reverse("patents:patent_detail", args=(patent.pk,)) in html


@pytest.mark.django_db
def test_an_office_actions_answer_is_recorded_on_its_page(signed_in: Client) -> None:
    patent = make_patent(filed_on=D(2025, 6, 10))
    action = office_action(patent, issued_on=D(2026, 9, 1))
    url = reverse("patents:officeaction_action", args=(action.pk, "respond"))
    response = signed_in.post(url, {"responded_on": "2026-11-30"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.responded_on == D(2026, 11, 30)


@pytest.mark.django_db
def test_the_grant_step_numbers_a_chinese_patent(signed_in: Client) -> None:
    patent = make_patent(filed_on=D(2017, 7, 21), application_number=cn_number(2017, serial=601862))
    signed_in.post(
        reverse("patents:patent_action", args=(patent.pk, "request-examination")),
        {"requested_on": "2018-01-05"},
    )
    response = signed_in.post(
        reverse("patents:patent_action", args=(patent.pk, "grant")), {"granted_on": "2020-04-03"}
    )
    assert response.status_code == 302
    patent.refresh_from_db()
    assert patent.status == PatentStatus.GRANTED
    assert patent.patent_number == "ZL201710601862.3"


@pytest.mark.django_db
def test_the_fee_calendar_makes_as_many_queries_for_one_patent_as_for_six(
    signed_in: Client,
) -> None:
    from tests.web.pages import count_queries

    url = reverse("patents:fee_calendar") + "?start=2019-01-01&end=2030-12-31"

    def granted_with_an_action() -> None:
        patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
        pay(patent, kind="annual", fee_year=3, paid_on=D(2019, 11, 1), amount=Decimal(900))

    granted_with_an_action()
    office_action(make_patent(filed_on=D(2025, 6, 10)), issued_on=D(2026, 9, 1))
    signed_in.get(url)  # the session and the user's grants, read once
    _response, one = count_queries(signed_in, url)
    for _ in range(5):
        granted_with_an_action()
    response, six = count_queries(signed_in, url)
    assert len(response.context["rows"]) > 6
    assert six == one
