from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.organizations.views import OrganizationListView
from tests.accounts.factories import UserFactory
from tests.organizations.factories import OrganizationFactory
from tests.web.pages import export_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_a_large_export_runs_as_a_job_whose_page_offers_the_file(
    signed_in: Client, monkeypatch: pytest.MonkeyPatch, format: str
) -> None:
    monkeypatch.setattr(OrganizationListView, "export_direct_limit", 1)
    OrganizationFactory.create(name_en="First Co.", city="温州市")
    OrganizationFactory.create(name_en="Second Co.", city="温州市")
    OrganizationFactory.create(name_en="Elsewhere Co.", city="杭州市")

    response = signed_in.get(
        reverse("organizations:organization_export"), {"city": "温州", "format": format}
    )
    assert response.status_code == 302
    job_url = response["Location"]
    page = signed_in.get(job_url).content.decode()
    # Jobs run at once in tests, so the page already offers the finished file.
    assert "The export of 2 rows is ready." in page
    download = signed_in.get(job_url + "download/")
    text = export_text(download)
    assert "First Co." in text
    assert "Second Co." in text
    assert "Elsewhere Co." not in text


def test_the_progress_panel_is_polled_while_the_job_runs(
    signed_in: Client, staff_user: User
) -> None:
    from liaison.core.exports import ExportJob

    job = ExportJob.new(user_id=staff_user.pk, format="csv", filename="x", total=4000)
    job.state, job.done = "running", 1000
    job.save()
    panel = signed_in.get(reverse("export_job", args=(job.token,)), HTTP_HX_REQUEST="true")
    html = panel.content.decode()
    assert "<html" not in html
    assert 'hx-trigger="load delay:1s"' in html
    assert 'aria-valuenow="25"' in html


def test_nobody_else_can_see_or_download_an_export(
    client: Client, staff_user: User, django_user_model: type[User]
) -> None:
    from liaison.core.exports import ExportJob

    job = ExportJob.new(user_id=staff_user.pk, format="csv", filename="x", total=1)
    job.state = "finished"
    job.save()
    job.file_path.write_text("secret")
    client.force_login(UserFactory.create(username="other"))
    assert client.get(reverse("export_job", args=(job.token,))).status_code == 404
    assert client.get(reverse("export_download", args=(job.token,))).status_code == 404


def test_exports_are_sorted_as_the_list_is(signed_in: Client) -> None:
    OrganizationFactory.create(name_en="Alpha Co.", name_zh="乙")
    OrganizationFactory.create(name_en="Beta Co.", name_zh="甲")
    text = export_text(
        signed_in.get(
            reverse("organizations:organization_export"), {"sort": "-name_en", "format": "csv"}
        )
    )
    assert text.index("Beta Co.") < text.index("Alpha Co.")


def test_an_export_job_writes_in_the_language_of_who_asked(
    signed_in: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(OrganizationListView, "export_direct_limit", 0)
    OrganizationFactory.create(name_zh="瓯江新材料有限公司")
    signed_in.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    response = signed_in.get(reverse("organizations:organization_export"), {"format": "csv"})
    text = export_text(signed_in.get(response["Location"] + "download/"))
    assert text.splitlines()[0].startswith("中文名称")


FORMULAS = ['=HYPERLINK("http://evil.example","Click")', "+1+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"]


def _export_cells(client: Client, format: str) -> list[list[Any]]:
    import csv
    import io

    from openpyxl import load_workbook

    response = client.get(reverse("organizations:organization_export"), {"format": format})
    body = (
        b"".join(response.streaming_content)
        if isinstance(response, StreamingHttpResponse)
        else response.content
    )
    if format == "csv":
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(body)).active
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]


def test_a_csv_export_neutralizes_cells_that_a_spreadsheet_would_run_as_formulas(
    signed_in: Client,
) -> None:
    for formula in FORMULAS:
        OrganizationFactory.create(name_en=formula)

    cells = {cell for row in _export_cells(signed_in, "csv") for cell in row}

    assert not cells & set(FORMULAS)
    assert {"'" + formula for formula in FORMULAS} <= cells


def test_an_xlsx_export_writes_formula_like_names_as_text_not_formulas(signed_in: Client) -> None:
    for formula in FORMULAS:
        OrganizationFactory.create(name_en=formula)

    cells = [cell for row in _export_cells(signed_in, "xlsx") for cell in row]

    assert not [value for value, data_type in cells if data_type == "f"]
    assert {("'" + formula, "s") for formula in FORMULAS} <= set(cells)


def test_a_plain_negative_number_is_left_a_number() -> None:
    from liaison.core.exports import neutralized

    assert neutralized("-5") == "-5"
    assert neutralized("+3.50") == "+3.50"
    assert neutralized("-5 CNY") == "'-5 CNY"
    assert neutralized("Wenzhou") == "Wenzhou"
