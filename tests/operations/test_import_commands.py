"""`liaison import`, its templates, and `liaison export`: the commands over the import."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from liaison.accounts.choices import RoleKind
from liaison.agreements.models import Agreement
from liaison.organizations.models import Organization
from tests.accounts.factories import UserFactory
from tests.agreements.factories import AgreementPartyFactory
from tests.operations.test_imports import institute_file

pytestmark = pytest.mark.django_db


def test_a_template_holds_a_sheet_per_kind_with_its_headers_in_chinese(tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"

    call_command("import", template="all", lang="zh-hans", out=out, stdout=io.StringIO())

    book = load_workbook(out, read_only=True)
    assert book.sheetnames[0] == "说明"
    assert "机构" in book.sheetnames
    headers = next(book["机构"].iter_rows(values_only=True))
    assert "统一社会信用代码" in headers


def test_a_template_of_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No kind of record"):
        call_command("import", template="nothing", out=tmp_path / "t.xlsx")


def test_the_command_imports_a_file_and_reports_each_kind(tmp_path: Path) -> None:
    path = tmp_path / "institute.xlsx"
    path.write_bytes(institute_file().getvalue())
    out = io.StringIO()

    call_command("import", str(path), no_progress=True, stdout=out)

    assert "organizations: 3 created" in out.getvalue()
    assert Agreement.objects.count() == 2


def test_a_dry_run_of_the_command_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "institute.xlsx"
    path.write_bytes(institute_file().getvalue())
    out = io.StringIO()

    call_command("import", str(path), dry_run=True, no_progress=True, stdout=out)

    assert "Dry run: nothing was written." in out.getvalue()
    assert not Organization.objects.exists()


def test_a_refused_row_fails_the_command_naming_the_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    broken = institute_file(organizations=[["Chinese name", "Kind"], ["甲", "Spaceship"]])
    path.write_bytes(broken.getvalue())
    out = io.StringIO()

    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import", str(path), no_progress=True, stdout=out)

    assert "organizations, row 2, Kind: “Spaceship” is not one of" in out.getvalue()


def test_an_export_is_imported_back_leaving_every_row_alone(tmp_path: Path) -> None:
    office = UserFactory.create(role=RoleKind.STAFF)
    path = tmp_path / "institute.xlsx"
    path.write_bytes(institute_file().getvalue())
    call_command("import", str(path), no_progress=True, stdout=io.StringIO())
    exported = tmp_path / "export.xlsx"

    call_command(
        "export", out=exported, user=office.username, no_progress=True, stdout=io.StringIO()
    )
    out = io.StringIO()
    call_command("import", str(exported), user=office.username, no_progress=True, stdout=out)

    assert " 0 created, 0 updated" in out.getvalue()
    assert " created" in out.getvalue()
    assert all(
        ", 0 updated," in line and " 0 created," in line
        for line in out.getvalue().splitlines()
        if "left alone" in line
    ), out.getvalue()


def test_an_export_holds_only_what_the_user_may_see(tmp_path: Path) -> None:
    seen = AgreementPartyFactory.create()
    AgreementPartyFactory.create()
    user = UserFactory.create(role=RoleKind.ENTERPRISE, organization=seen.organization)
    exported = tmp_path / "export.xlsx"

    call_command("export", out=exported, user=user.username, no_progress=True, stdout=io.StringIO())

    book = load_workbook(exported, read_only=True)
    numbers = [row[0] for row in book["agreements"].iter_rows(min_row=2, values_only=True)]
    assert numbers == [seen.agreement.number]
