"""The annual transformation report (Art. 21) and its AUTM metrics, on records made here: each
number is the count or the sum of the rows its link opens, the page speaks both languages, the
PDF and the workbook are written."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from liaison.accounts.models import User
from liaison.agreements.choices import AgreementKind, AgreementStatus
from liaison.agreements.models import Agreement
from liaison.core.choices import Currency
from liaison.patents.choices import Jurisdiction, PatentKind
from liaison.patents.numbers import cn_check_character
from liaison.reports import catalogue
from liaison.reports.annual import annual_metrics, annual_report
from liaison.reports.report import Report
from liaison.reports.report_pdf import report_pdf
from liaison.reports.report_xlsx import report_xlsx
from liaison.transfer.choices import IncomeKind, RewardBasis
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementFactory
from tests.disclosures.factories import DisclosureFactory
from tests.financing.factories import FinancingRoundFactory
from tests.organizations.factories import OrganizationFactory
from tests.patents.factories import granted_patent, make_patent
from tests.transfer.factories import (
    IncomeFactory,
    PriceNoticeFactory,
    RewardFactory,
    RewardShareFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2025


def _signed(kind: str, value: str | None, on: datetime.date, **fields: Any) -> Agreement:
    return AgreementFactory.create(
        kind=kind,
        value=Decimal(value) if value is not None else None,
        status=AgreementStatus.SIGNED,
        signed_on=on,
        **fields,
    )


def _national_phase_number(year: int) -> str:
    digits = f"{year}8{654321:07d}"  # type 8: an international invention application
    return f"{digits}.{cn_check_character(digits)}"


@pytest.fixture
def records() -> dict[str, Any]:
    """A year of the transfer side, with records of the year before and in other currencies
    that must not count."""
    achievement = AchievementFactory.create()
    transfer = _signed(AgreementKind.TECH_TRANSFER, "1000000", D(YEAR, 3, 1))
    _signed(AgreementKind.TECH_LICENSING, "300000", D(YEAR, 5, 1))
    investment = _signed(AgreementKind.INVESTMENT, "500000", D(YEAR, 7, 1))
    PriceNoticeFactory.create(agreement=investment, achievement=achievement)
    _signed(AgreementKind.INVESTMENT, "900000", D(YEAR, 8, 1))  # of no achievement
    _signed(AgreementKind.TECH_TRANSFER, "700000", D(YEAR - 1, 12, 31))  # the year before
    _signed(AgreementKind.TECH_LICENSING, "50000", D(YEAR, 9, 1), currency=Currency.USD)
    _signed(
        AgreementKind.TECH_DEVELOPMENT,
        "400000",
        D(YEAR, 2, 1),
        technical_income=Decimal("350000"),
        registration_number="2025330300000001",
    )
    _signed(AgreementKind.TECH_CONSULTING, "80000", D(YEAR, 4, 1))
    _signed(AgreementKind.TECH_SERVICE, None, D(YEAR, 6, 1))

    spinoff = OrganizationFactory.create(founded_on=D(YEAR, 6, 1))
    FinancingRoundFactory.create(venture=spinoff, achievement=achievement)
    shares_for = OrganizationFactory.create(founded_on=D(YEAR, 9, 1))
    OrganizationFactory.create(founded_on=D(YEAR, 3, 1))  # founded on nothing of ours
    FinancingRoundFactory.create(
        venture=OrganizationFactory.create(founded_on=D(YEAR - 1, 3, 1)), achievement=achievement
    )

    def income(kind: str, amount: str, on: datetime.date, **fields: Any) -> None:
        IncomeFactory.create(
            agreement=transfer,
            achievement=achievement,
            kind=kind,
            amount=Decimal(amount),
            received_on=on,
            **fields,
        )

    income(IncomeKind.TRANSFER, "200000", D(YEAR, 4, 1))
    income(IncomeKind.ROYALTY, "50000", D(YEAR, 10, 1))
    income(IncomeKind.EQUITY, "400000", D(YEAR, 9, 15), payer=shares_for)
    income(IncomeKind.LICENCE, "70000", D(YEAR - 1, 10, 1))
    income(IncomeKind.LICENCE, "9000", D(YEAR, 10, 1), currency=Currency.USD)

    equity = RewardFactory.create(achievement=achievement, basis=RewardBasis.EQUITY)
    RewardShareFactory.create(reward=equity, amount=Decimal("60000"), paid_on=D(YEAR, 5, 1))
    RewardShareFactory.create(reward=equity, amount=Decimal("40000"), paid_on=D(YEAR, 5, 2))
    bonus = RewardFactory.create(achievement=achievement, basis=RewardBasis.GRANT_BONUS)
    RewardShareFactory.create(reward=bonus, amount=Decimal("3000"), paid_on=D(YEAR, 12, 1))
    RewardShareFactory.create(reward=bonus, amount=Decimal("3000"))  # not paid
    RewardShareFactory.create(reward=bonus, amount=Decimal("3000"), paid_on=D(YEAR - 1, 12, 1))

    make_patent(filed_on=D(YEAR, 3, 1))
    make_patent(filed_on=D(YEAR, 4, 1), kind=PatentKind.UTILITY_MODEL)
    make_patent(  # claims the priority of a filing of the year before
        filed_on=D(YEAR, 2, 1), priority_on=D(YEAR - 1, 2, 10)
    )
    make_patent(  # an international application entering China in the year
        filed_on=D(YEAR - 1, 5, 1),
        national_phase_on=D(YEAR, 11, 1),
        pct_number="PCT/CN2024/123456",
        application_number=_national_phase_number(YEAR),
    )
    make_patent(filed_on=D(YEAR - 1, 3, 1))  # the year before
    granted_patent(filed_on=D(YEAR - 3, 3, 1), granted_on=D(YEAR, 8, 1))

    DisclosureFactory.create(submitted_on=D(YEAR, 1, 10))
    DisclosureFactory.create(submitted_on=D(YEAR, 11, 10))
    DisclosureFactory.create(submitted_on=D(YEAR - 1, 11, 10))
    return {"achievement": achievement}


@pytest.fixture
def reader(client: Client, staff_user: User, records: dict[str, Any]) -> Client:
    client.force_login(staff_user)
    return client


def _annual(client: Client, lang: str = "en") -> Report:
    params: dict[str, Any] = {"year": YEAR, "lang": lang}
    response = client.get(reverse("annual_report"), params)
    assert response.status_code == 200
    report: Report = response.context["report"]
    return report


def test_the_annual_report_states_the_years_figures(reader: Client) -> None:
    report = _annual(reader)
    values = {row.key: row.value for row in report.rows}

    assert values == {
        "transformation_deals": 4,  # the licence in dollars too: counted, not summed
        "transformation_deal_value_cny": Decimal("1800000.00"),
        "transformation_income_cny": Decimal("650000.00"),
        "service_contracts": 3,
        "service_contract_value_cny": Decimal("480000.00"),
        "service_contract_technical_income_cny": Decimal("350000.00"),
        "rewards_paid_person_times": 3,
        "rewards_paid_cny": Decimal("103000.00"),
        "spinoffs_formed": 2,
        "patent_applications_filed": 4,
        "patents_granted": 1,
        "disclosures_received": 2,
        "autm_disclosures": 2,
        "autm_new_patent_applications": 2,
        "autm_patents_issued": 1,
        "autm_licences_executed": 3,
        "autm_licence_income_cny": Decimal("250000.00"),
        "autm_startups_formed": 2,
    }
    assert report.previous_period is not None
    assert report.row("transformation_deals").previous == 1
    assert [s.section for s in report.sections] == [
        catalogue.Section.TRANSFORMATION,
        catalogue.Section.AUTM,
    ]
    parts = {p.value: p.amount for p in report.row("autm_new_patent_applications").parts}
    assert parts == {Jurisdiction.CN: 2}


def _drilled(client: Client, url: str) -> tuple[list[Any], Any]:
    response = client.get(url)
    assert response.status_code == 200, url
    return list(response.context["table"].data), response.context["value"]


def _add_up(metric: catalogue.Metric, rows: list[Any]) -> Any:
    if metric.measure != catalogue.Measure.YUAN:
        return len(rows)
    assert metric.sums is not None
    return sum((getattr(row, metric.sums) for row in rows), Decimal(0)).quantize(Decimal("0.01"))


def test_every_number_and_part_equals_the_rows_its_link_opens(reader: Client) -> None:
    report = _annual(reader)
    assert len(report.rows) == len(annual_metrics())
    for row in report.rows:
        assert row.url is not None, row.key
        rows, shown = _drilled(reader, row.url)
        assert _add_up(row.metric, rows) == row.value == shown, row.key
        for part in row.parts:
            assert part.url is not None, (row.key, part.value)
            rows, shown = _drilled(reader, part.url)
            assert _add_up(row.metric, rows) == part.amount == shown, (row.key, part.value)


def test_the_page_renders_in_chinese_and_in_english(reader: Client) -> None:
    chinese = reader.get(reverse("annual_report"), {"year": str(YEAR), "lang": "zh-hans"})
    english = reader.get(reverse("annual_report"), {"year": str(YEAR), "lang": "en"})

    assert chinese.status_code == english.status_code == 200
    assert chinese.context["report"].language == "zh-hans"
    assert "180万元" in chinese.content.decode()  # the deals' value, in the Chinese manner
    html = english.content.decode()
    assert "Transfers, licences and equity investments" in html
    assert "International metrics (AUTM survey)" in html
    assert f"{YEAR}" in english.context["report"].title


def test_the_last_full_year_is_offered_first_and_a_bad_year_refused(reader: Client) -> None:
    response = reader.get(reverse("annual_report"))
    assert response.context["report"].annual == datetime.date.today().year - 1
    assert reader.get(reverse("annual_report"), {"year": "1850"}).status_code == 400


def test_the_workbook_and_the_pdf_are_written(reader: Client) -> None:
    report = annual_report(year=YEAR, language="en")
    workbook = load_workbook(io.BytesIO(report_xlsx(report)))
    sheet = workbook.worksheets[0]
    assert sheet.title.startswith("Transformation of achievements")
    cells = {row[0]: row[2] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert cells["Transfers, licences and equity investments"] == 4
    assert cells["Rewards paid"] == 103000

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report_pdf(report))).pages)
    assert "Transfers, licences and equity investments" in " ".join(text.split())

    response = reader.get(reverse("annual_report_file", args=("xlsx",)), {"year": YEAR})
    assert response.status_code == 200
    assert f'filename="annual-report-{YEAR}.xlsx"' in response["Content-Disposition"]
    response = reader.get(reverse("annual_report_file", args=("pdf",)), {"year": YEAR})
    assert response.status_code == 302
    job = reader.get(response.url).context["job"]  # type: ignore[attr-defined]
    assert job.state == "finished"


def test_the_command_writes_the_annual_report_and_refuses_a_bad_year(
    records: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "annual.xlsx"
    call_command(
        "report", "--annual", str(YEAR), "--format", "xlsx", "--lang", "en", "--out", str(out)
    )
    sheet = load_workbook(out).worksheets[0]
    assert any(row[0] == "Spin-off companies founded" for row in sheet.iter_rows(values_only=True))
    with pytest.raises(CommandError, match="is not a year"):
        call_command("report", "--annual", "MMXXV", "--out", str(out))
