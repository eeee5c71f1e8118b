"""The report's pages: the form and its presets, refusals, the PDF as a job, the workbook, links."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.accounts.models import User
from liaison.reports.periods import Period
from tests.centers.factories import CenterFactory
from tests.needs.factories import ServiceRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client: Client, staff_user: User) -> Client:
    ServiceRecordFactory.create(delivered_on=datetime.date(2022, 3, 1))
    ServiceRecordFactory.create(delivered_on=datetime.date(2021, 3, 1))
    client.force_login(staff_user)
    return client


def test_the_page_shows_this_year_at_first_with_the_presets(reader: Client) -> None:
    response = reader.get(reverse("report"))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.period == Period(Period.year(timezone.localdate()).start, timezone.localdate())
    assert f'value="{timezone.localdate().isoformat()}"' in response.content.decode()
    labels = [p["label"] for p in response.context["presets"]]
    assert labels == ["This month", "This quarter", "This year", "Last year", "Since the beginning"]


def test_each_value_links_to_its_drill_down_and_the_previous_period_stands_beside_it(
    reader: Client,
) -> None:
    response = reader.get(reverse("report"), {"from": "2022-01-01", "to": "2022-12-31"})
    row = response.context["report"].row("services_delivered")
    assert (row.value, row.previous) == (1, 1)
    assert row.change == "±0 (0.0%)"
    assert row.url.startswith(reverse("figure", args=("services_delivered",)))
    assert "from=2022-01-01" in row.url
    html = response.content.decode()
    assert f'href="{row.url.replace("&", "&amp;")}"' in html
    part = row.parts[0]
    assert part.url is not None
    assert "part=" in part.url
    assert "<svg" in html  # the parts drawn as bars


def test_a_bad_date_is_refused_in_one_sentence(reader: Client) -> None:
    response = reader.get(reverse("report"), {"from": "2022-13-01", "to": "2022-12-31"})
    assert response.status_code == 400
    assert "is not a date" in response.context["error"]


def test_an_unknown_center_is_refused(reader: Client) -> None:
    response = reader.get(reverse("report"), {"to": "2022-12-31", "center": "999999"})
    assert response.status_code == 400


def test_a_centers_report_has_no_press_paragraph_but_says_why(reader: Client) -> None:
    center = CenterFactory.create()
    response = reader.get(reverse("report"), {"to": "2022-12-31", "center": str(center.pk)})
    report = response.context["report"]
    assert report.center == center
    assert report.paragraphs == []
    assert any("institute's report" in note for note in report.notes)


def test_the_pdf_is_written_by_a_job_whose_page_offers_it(reader: Client) -> None:
    response = reader.get(
        reverse("report_file", args=("pdf",)), {"from": "2022-01-01", "to": "2022-12-31"}
    )
    assert response.status_code == 302
    job_page = reader.get(response.url)  # type: ignore[attr-defined]
    assert job_page.context["job"].state == "finished"
    download = reader.get(reverse("report_job_download", args=(job_page.context["job"].token,)))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_anothers_report_job_is_absent(reader: Client, client: Client) -> None:
    response = reader.get(reverse("report_file", args=("pdf",)), {"to": "2022-12-31"})
    token = response.url.rsplit("/", 2)[-2]  # type: ignore[attr-defined]
    other = Client()
    from tests.accounts.factories import UserFactory

    other.force_login(UserFactory.create())
    assert other.get(reverse("report_job", args=(token,))).status_code == 404


def test_the_workbook_is_sent_at_once(reader: Client) -> None:
    response = reader.get(reverse("report_file", args=("xlsx",)), {"to": "2022-12-31"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert response.content[:2] == b"PK"


def test_the_menu_offers_the_report_to_the_office(reader: Client) -> None:
    html = reader.get(reverse("home")).content.decode()
    assert f'href="{reverse("report")}"' in html
