"""Imports: a workbook of organizations, people and agreements is written through the
services, all or nothing; a dry run writes nothing; every refused row names its row, column
and reason; a re-import of the same file leaves every row alone."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.agreements.choices import AgreementStatus
from liaison.agreements.models import Agreement, AgreementParty, PaymentMilestone
from liaison.operations.imports.runs import Report, run_import
from liaison.organizations.models import Organization
from liaison.people.models import Affiliation, Person
from tests.accounts.factories import UserFactory
from tests.organizations.factories import OrganizationFactory, valid_credit_code

pytestmark = pytest.mark.django_db

CODE_A, CODE_B = valid_credit_code(901), valid_credit_code(902)

ORGANIZATIONS = [
    ["Chinese name", "Unified social credit code", "Kind", "City"],
    ["甲科技有限公司", CODE_A, "Enterprise", "温州市"],
    ["国科研究院", CODE_B, "科研院所", "温州市"],
    ["Foreign Lab GmbH", "", "Research institute", ""],
]
PEOPLE = [
    ["Chinese name", "Organization (credit code or Chinese name)", "Kind", "Expertise keywords"],
    ["张三", CODE_B, "Researcher", "电池; 储能"],
    ["李四", "", "Expert", ""],
]
AFFILIATIONS = [
    [
        "Person (name and organization)",
        "Organization (credit code or Chinese name)",
        "Position",
        "Primary affiliation",
    ],
    [f"张三 ({CODE_B})", CODE_B, "研究员", "是"],
    [f"张三 ({CODE_B})", "Foreign Lab GmbH", "Visiting scholar", "no"],
]
AGREEMENTS = [
    ["Number", "Chinese title", "Kind", "Status", "Signed on", "Effective on", "Value"],
    [
        "WZ-2024-001",
        "储能技术开发合同",
        "Technology development contract",
        "In force",
        "2024-03-05",
        "2024-03-10",
        "1,200,000.00",
    ],
    ["WZ-2024-002", "合作备忘录", "Memorandum of understanding", "Draft", "", "", ""],
]
PARTIES = [
    ["Agreement (number)", "Organization (credit code or Chinese name)", "Role"],
    ["WZ-2024-001", CODE_B, "The institute"],
    ["WZ-2024-001", CODE_A, "Client"],
]
MILESTONES: list[list[Any]] = [
    ["Agreement (number)", "Title", "Due on", "Amount", "Done on"],
    ["WZ-2024-001", "首付款", "2024-04-01", 600000, "2024-04-02"],
]


def workbook(sheets: dict[str, list[list[Any]]]) -> io.BytesIO:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def institute_file(**replaced: list[list[Any]]) -> io.BytesIO:
    sheets: dict[str, list[list[Any]]] = {
        "organizations": ORGANIZATIONS,
        "people": PEOPLE,
        "affiliations": AFFILIATIONS,
        "agreements": AGREEMENTS,
        "agreement-parties": PARTIES,
        "payment-milestones": MILESTONES,
    }
    sheets.update({key.replace("_", "-"): rows for key, rows in replaced.items()})
    return workbook(sheets)


@pytest.fixture
def office() -> User:
    return UserFactory.create(role=RoleKind.STAFF)


def counts(report: Report) -> dict[str, tuple[int, int, int, int]]:
    return {k.key: (k.created, k.updated, k.unchanged, k.refused) for k in report.kinds}


def errors(report: Report) -> list[tuple[str, int, str, str]]:
    return [(e["sheet"], e["row"], e["column"], e["message"]) for e in report.row_errors()]


def test_a_workbook_is_written_through_the_services_by_the_person_importing(office: User) -> None:
    report = run_import(institute_file(), name="institute.xlsx", user=office)

    assert report.ok, errors(report)
    assert counts(report)["organizations"] == (3, 0, 0, 0)
    agreement = Agreement.objects.get(number="WZ-2024-001")
    assert agreement.status == AgreementStatus.IN_FORCE
    assert agreement.signed_on == datetime.date(2024, 3, 5)
    assert agreement.value == 1200000
    assert [row.status for row in agreement.history.order_by("history_date", "history_id")] == [
        AgreementStatus.DRAFT,
        AgreementStatus.SIGNED,
        AgreementStatus.IN_FORCE,
    ]
    assert {row.history_user_id for row in agreement.history.all()} == {office.pk}
    assert AgreementParty.objects.filter(agreement=agreement).count() == 2
    assert PaymentMilestone.objects.get(agreement=agreement).done_on == datetime.date(2024, 4, 2)
    zhang = Person.objects.get(name_zh="张三")
    assert zhang.expertise == ["电池", "储能"]
    assert sorted(a.organization.name_zh for a in zhang.affiliations.all()) == [
        "Foreign Lab GmbH",
        "国科研究院",
    ]
    assert Affiliation.objects.get(person=zhang, is_primary=True).position == "研究员"


def test_importing_the_same_file_again_leaves_every_row_alone(office: User) -> None:
    run_import(institute_file(), name="institute.xlsx", user=office)

    again = run_import(institute_file(), name="institute.xlsx", user=office)

    assert again.ok, errors(again)
    assert all(k.created == k.updated == k.refused == 0 for k in again.kinds), counts(again)
    assert Organization.objects.count() == 3


def test_a_dry_run_reports_what_would_be_done_and_writes_nothing(office: User) -> None:
    report = run_import(institute_file(), name="institute.xlsx", user=office, dry_run=True)

    assert report.ok
    assert not report.written
    assert counts(report)["agreements"] == (2, 0, 0, 0)
    assert not Organization.objects.exists()
    assert not Agreement.objects.exists()


def test_a_changed_cell_updates_its_record_through_the_update_service(office: User) -> None:
    run_import(institute_file(), name="institute.xlsx", user=office)
    changed = [row[:] for row in ORGANIZATIONS]
    changed[1][3] = "杭州市"

    report = run_import(institute_file(organizations=changed), name="i.xlsx", user=office)

    assert counts(report)["organizations"] == (0, 1, 2, 0)
    organization = Organization.objects.get(credit_code=CODE_A)
    assert organization.city == "杭州市"
    assert organization.history.first().history_user_id == office.pk


def test_every_broken_row_is_refused_on_its_column_and_nothing_is_written(office: User) -> None:
    broken_organizations = [*ORGANIZATIONS, ["坏代码公司", "91330300MA2AXXXXX1", "Enterprise", ""]]
    broken_agreements = [
        *AGREEMENTS,
        ["WZ-2024-003", "未来合同", "Memorandum of understanding", "Signed", "2999-01-01", "", ""],
        ["WZ-2024-004", "金额合同", "Memorandum of understanding", "Draft", "", "", "a lot"],
        [
            "WZ-2024-005",
            "倒序合同",
            "Memorandum of understanding",
            "In force",
            "2024-03-05",
            "2024-03-01",
            "",
        ],
    ]
    broken_parties = [
        *PARTIES,
        ["WZ-2024-003", CODE_A, "Client"],
        ["WZ-2024-003", CODE_B, "The institute"],
        ["WZ-2024-005", CODE_A, "Client"],
        ["WZ-2024-005", CODE_B, "The institute"],
        ["WZ-2024-001", "无此单位", "Partner"],
    ]

    report = run_import(
        institute_file(
            organizations=broken_organizations,
            agreements=broken_agreements,
            agreement_parties=broken_parties,
        ),
        name="broken.xlsx",
        user=office,
    )

    found = {(sheet, row, column) for sheet, row, column, _m in errors(report)}
    assert found == {
        ("organizations", 5, "Unified social credit code"),
        ("agreements", 4, "Signed on"),
        ("agreements", 5, "Value"),
        ("agreements", 6, "Effective on"),
        ("agreement-parties", 8, "Organization (credit code or Chinese name)"),
    }, errors(report)
    assert not Organization.objects.exists()
    assert not Agreement.objects.exists()


def test_an_import_does_not_take_a_status_back(office: User) -> None:
    run_import(institute_file(), name="institute.xlsx", user=office)
    back = [row[:] for row in AGREEMENTS]
    back[1][3] = "Signed"
    back[1][5] = ""

    report = run_import(institute_file(agreements=back), name="back.xlsx", user=office)

    assert [(row, column) for _s, row, column, _m in errors(report)] == [(2, "Status")]
    assert Agreement.objects.get(number="WZ-2024-001").status == AgreementStatus.IN_FORCE


def test_chinese_headers_and_sheet_names_are_read_as_the_english_ones(office: User) -> None:
    file = workbook(
        {
            "机构": [["中文名称", "统一社会信用代码", "类型"], ["甲科技有限公司", CODE_A, "企业"]],
        }
    )

    report = run_import(file, name="zh.xlsx", user=office)

    assert report.ok, (report.errors, errors(report))
    assert Organization.objects.get(credit_code=CODE_A).name_zh == "甲科技有限公司"


def test_a_csv_file_is_imported_as_the_kind_its_headers_name(office: User) -> None:
    text = f"Chinese name,Unified social credit code,Kind\n甲科技有限公司,{CODE_A},Enterprise\n"
    file = io.BytesIO(("\ufeff" + text).encode())

    report = run_import(file, name="organizations.csv", user=office)

    assert report.ok, (report.errors, errors(report))
    assert Organization.objects.filter(credit_code=CODE_A).exists()


def test_a_user_whose_roles_do_not_allow_a_write_gets_row_errors(db: None) -> None:
    enterprise = OrganizationFactory.create()
    user = UserFactory.create(role=RoleKind.ENTERPRISE, organization=enterprise)

    report = run_import(workbook({"organizations": ORGANIZATIONS[:2]}), name="o.xlsx", user=user)

    assert [(row, column) for _s, row, column, _m in errors(report)] == [(2, "")]
    assert not Organization.objects.filter(credit_code=CODE_A).exists()


def test_a_zip_bomb_is_refused_before_it_is_opened(office: User) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    buffer.seek(0)

    report = run_import(buffer, name="bomb.xlsx", user=office)

    assert report.errors
    assert "unpack" in report.errors[0]
    assert not report.kinds


def test_an_unknown_column_refuses_the_file(office: User) -> None:
    file = workbook({"organizations": [["Chinese name", "Colour"], ["甲", "red"]]})

    report = run_import(file, name="o.xlsx", user=office)

    assert any("Colour" in message for message in report.errors)


def test_the_import_refuses_a_record_changed_since_its_dry_run(office: User) -> None:
    run_import(institute_file(), name="institute.xlsx", user=office)
    changed = [row[:] for row in ORGANIZATIONS]
    changed[1][3] = "杭州市"
    dry = run_import(
        institute_file(organizations=changed), name="i.xlsx", user=office, dry_run=True
    )
    organization = Organization.objects.get(credit_code=CODE_A)
    from liaison.core import writes

    writes.update(organization, by=office, version=organization.version, industry="能源")

    report = run_import(
        institute_file(organizations=changed), name="i.xlsx", user=office, expected=dry.seen
    )

    assert [(s, row) for s, row, _c, _m in errors(report)] == [("organizations", 2)]
    assert Organization.objects.get(credit_code=CODE_A).city == "温州市"
