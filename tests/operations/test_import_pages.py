"""The imports page: a file's dry run with its refused rows, the confirmed import, templates and
the export of everything a person may see — for those allowed to import."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.agreements.models import Agreement
from liaison.organizations.models import Organization
from tests.accounts.factories import UserFactory
from tests.operations.test_imports import ORGANIZATIONS, institute_file
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def upload(client: Client, content: bytes, name: str = "institute.xlsx") -> str:
    file = io.BytesIO(content)
    file.name = name
    response = client.post(reverse("operations:imports"), {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(response["Location"])


def test_the_office_finds_the_imports_page_in_the_menu(signed_in: Client) -> None:
    response = signed_in.get("/")

    assert reverse("operations:imports") in response.content.decode()


def test_an_enterprise_user_neither_sees_nor_opens_the_imports_page(client: Client) -> None:
    user = UserFactory.create(role=RoleKind.ENTERPRISE, organization=OrganizationFactory.create())
    client.force_login(user)

    assert reverse("operations:imports") not in client.get("/").content.decode()
    assert client.get(reverse("operations:imports")).status_code == 403


def test_a_dry_run_shows_the_refused_row_and_its_column_and_writes_nothing(
    signed_in: Client,
) -> None:
    broken = [*ORGANIZATIONS, ["坏代码公司", "91330300MA2AXXXXX1", "Enterprise", ""]]

    page = signed_in.get(upload(signed_in, institute_file(organizations=broken).getvalue()))

    text = page.content.decode()
    assert "Some rows were refused; nothing was written." in text
    assert "Unified social credit code" in text
    assert "Import the file" not in text
    assert not Organization.objects.exists()


def test_a_clean_dry_run_is_confirmed_and_imported(signed_in: Client, staff_user: User) -> None:
    job = upload(signed_in, institute_file().getvalue())
    dry = signed_in.get(job).content.decode()
    assert "Dry run: nothing was written yet." in dry
    assert not Agreement.objects.exists()

    response = signed_in.post(job + "confirm/")

    assert response.status_code == 302
    assert "Imported." in signed_in.get(job).content.decode()
    agreement = Agreement.objects.get(number="WZ-2024-001")
    assert agreement.history.first().history_user_id == staff_user.pk


def test_a_file_that_is_not_a_workbook_or_csv_is_refused_on_the_form(signed_in: Client) -> None:
    file = io.BytesIO(b"%PDF-1.4\n" + b"x" * 100)
    file.name = "contract.pdf"

    response = signed_in.post(reverse("operations:imports"), {"file": file})

    assert response.status_code == 400
    assert "An import reads XLSX workbooks and CSV files." in response.content.decode()


def test_another_persons_import_is_not_found(signed_in: Client, client: Client) -> None:
    job = upload(signed_in, institute_file().getvalue())
    other = Client()
    other.force_login(UserFactory.create(role=RoleKind.STAFF))

    assert other.get(job).status_code == 404


def test_a_template_is_a_workbook_with_the_kinds_headers(signed_in: Client) -> None:
    response = signed_in.get(reverse("operations:import_template", args=("agreements", "zh-hans")))

    book = load_workbook(io.BytesIO(response.content), read_only=True)
    headers = next(book.worksheets[1].iter_rows(values_only=True))
    assert "编号" in headers


def test_the_export_of_everything_i_may_see_is_offered_as_a_download(signed_in: Client) -> None:
    OrganizationFactory.create(name_zh="导出测试公司")

    job = signed_in.post(reverse("operations:export_all"))
    token = job["Location"].rstrip("/").split("/")[-1]
    download = signed_in.get(reverse("export_download", args=(token,)))

    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)  # type: ignore[attr-defined]
    names = [row[0] for row in book["organizations"].iter_rows(min_row=2, values_only=True)]
    assert names == ["导出测试公司"]
