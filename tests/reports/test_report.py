"""The institute's report on the demo: the announcement's six figures in both languages on the
page, in the PDF and in the workbook, and a center's reports adding up to the institute's."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.centers.models import Center
from liaison.demo.loader import DemoSummary
from liaison.reports import catalogue
from liaison.reports.catalogue import NO_CENTER
from liaison.reports.periods import Period
from liaison.reports.report import report_for
from liaison.reports.report_pdf import report_pdf
from liaison.reports.report_xlsx import report_xlsx
from tests.accounts.factories import UserFactory
from tests.demo.conftest import demo  # noqa: F401  (the demo, loaded once for this module)
from tests.demo.figures import AS_OF, REPORTED

pytestmark = pytest.mark.django_db

ANNOUNCEMENT = Period(datetime.date(2019, 5, 1), AS_OF)
PARAMS = {"from": "2019-05-01", "to": "2023-05-08"}
# How the announcement's paragraph writes its six figures, in each language (press rounding),
# and the exact values the report's tables state beside it.
CHINESE = ("温州", "100余家", "42家", "200余项", "20余家", "50余项", "超1.5亿元")
ENGLISH = ("Wenzhou", "more than 100", "42", "more than 200", "more than 20", "more than 50")
ENGLISH_MONEY = "over 150 million yuan"
EXACT = ("108", "42", "213", "23", "56")


@pytest.fixture
def office(demo: DemoSummary) -> User:  # noqa: F811
    # The administrator sees every record, the secret needs too: the office's own figures.
    return UserFactory.create(username="report-admin", role=RoleKind.ADMINISTRATOR)


def _flat(text: str) -> str:
    # PDF text extraction breaks lines where the layout did; the words are what count.
    return "".join(text.split())


def test_the_page_states_the_six_figures_in_both_languages(office: User, client: Client) -> None:
    client.force_login(office)
    response = client.get(reverse("report"), {**PARAMS, "lang": "en"})
    assert response.status_code == 200
    paragraphs = response.context["report"].paragraphs
    chinese, english = dict(paragraphs)["zh-hans"], dict(paragraphs)["en"]
    for word in CHINESE:
        assert word in chinese, word
    for word in (*ENGLISH, ENGLISH_MONEY):
        assert word in english, word
    html = response.content.decode()
    assert chinese in html
    assert english in html
    headline = {row.key: row for row in response.context["report"].rows}
    for key, reported in REPORTED.items():
        assert headline[key].value == reported, key
        assert f">{headline[key].shown}</a>" in html, key
    assert {headline[key].shown for key in list(REPORTED)[:5]} == set(EXACT)


def test_the_pdf_states_the_six_figures_in_both_languages_as_text(demo: DemoSummary) -> None:  # noqa: F811
    report = report_for(period=ANNOUNCEMENT, language="zh-hans")
    pdf = PdfReader(io.BytesIO(report_pdf(report)))
    text = _flat("".join(page.extract_text() or "" for page in pdf.pages))
    for word in (*CHINESE, *ENGLISH, ENGLISH_MONEY, *EXACT):
        assert _flat(word) in text, word
    assert _flat(report.paragraph("zh-hans")) in text
    assert len(pdf.pages) >= 2


def test_the_workbook_holds_the_six_figures_as_numbers(demo: DemoSummary) -> None:  # noqa: F811
    report = report_for(period=ANNOUNCEMENT, language="en")
    workbook = load_workbook(io.BytesIO(report_xlsx(report)))
    headline = workbook["Headline figures"]
    values = {
        row[0]: row[2]
        for row in headline.iter_rows(min_row=4, values_only=True)
        if row[0] and row[1] == 0
    }
    for key, reported in REPORTED.items():
        label = str(catalogue.metric(key).label)
        assert Decimal(str(values[label])) == reported, key
    paragraphs = [row[1] for row in workbook["Press paragraph"].iter_rows(values_only=True)]
    assert any("more than 100" in str(p) and ENGLISH_MONEY in str(p) for p in paragraphs)
    assert any("温州" in str(p) and "超1.5亿元" in str(p) for p in paragraphs)
    definitions = list(workbook["Definitions"].iter_rows(values_only=True))
    assert definitions[0][:2] == ("Key", "Version")
    assert {row[0] for row in definitions[1:]} == {m.key for m in catalogue.latest()}


def test_the_centers_reports_add_up_to_the_institutes_where_additive(
    demo: DemoSummary,  # noqa: F811
) -> None:
    key = "services_delivered"
    assert catalogue.metric(key).additive
    whole = report_for(period=ANNOUNCEMENT, language="en").row(key)
    centers = [
        report_for(period=ANNOUNCEMENT, language="en", center=center).row(key)
        for center in Center.objects.all()
    ]
    rest = report_for(period=ANNOUNCEMENT, language="en", center=NO_CENTER).row(key)
    assert sum(row.value for row in centers) + rest.value == whole.value > 0
    for part in whole.parts:
        amounts = [p.amount for row in [*centers, rest] for p in row.parts if p.value == part.value]
        assert sum(amounts) == part.amount, part.value
