"""A workbook with broken rows beside correct ones is refused: one error per broken row, naming
its row, column and reason, and nothing is written to any table."""

from __future__ import annotations

import pytest
from django.apps import apps

from liaison.accounts.models import User
from liaison.operations.imports.runs import Report
from tests.accounts.factories import UserFactory
from tests.operations.import_files import Sheets, errors, run
from tests.organizations.factories import OrganizationFactory, valid_credit_code

pytestmark = pytest.mark.django_db

GOOD_CODE, UNKNOWN_CODE = valid_credit_code(7001), valid_credit_code(7002)
# The same code with its check character changed: not a credit code.
BAD_CODE = GOOD_CODE[:-1] + ("0" if GOOD_CODE[-1] != "0" else "1")


def broken_workbook(served_code: str) -> Sheets:
    return {
        "organizations": [
            ["Chinese name", "Unified social credit code", "Kind", "City"],
            ["温州好企业有限公司", GOOD_CODE, "Enterprise", "温州市"],
            ["代码错误有限公司", BAD_CODE, "Enterprise", "温州市"],  # a bad credit code
        ],
        "agreements": [
            ["Number", "Chinese title", "Kind", "Status"],
            ["WZ-2024-101", "合作框架协议", "framework", "Draft"],
        ],
        "agreement-parties": [
            ["Agreement (number)", "Organization (credit code or Chinese name)", "Role"],
            ["WZ-2024-101", GOOD_CODE, "Partner"],
            ["WZ-2024-101", UNKNOWN_CODE, "Partner"],  # an unknown partner
        ],
        "needs": [
            [
                "Title",
                "Organization (credit code or Chinese name)",
                "Description",
                "Submitted on",
                "Status",
                "Solved on",
                "Solution summary",
            ],
            ["抗菌涂层工艺", served_code, "需要抗菌涂层。", "2023-03-01", "Submitted", "", ""],
            [
                "未来的需求",
                served_code,
                "日期在将来。",
                "2999-01-01",
                "Submitted",
                "",
                "",
            ],  # a date in the future
            # Solved without ever being triaged: an illegal lifecycle order.
            [
                "跳过分诊的需求",
                served_code,
                "直接解决。",
                "2023-03-01",
                "Solved",
                "2023-06-01",
                "已解决",
            ],
        ],
        "services": [
            [
                "Served organization (credit code or Chinese name)",
                "Kind",
                "Title",
                "Delivered on",
                "Revenue",
            ],
            [served_code, "Testing and analysis", "材料检测", "2023-05-10", "12,000.00"],
            [served_code, "Consulting", "技术咨询", "2023-05-11", "一万二"],  # text in an amount
        ],
    }


def row_counts() -> dict[str, int]:
    """Rows of every table, histories and link tables included."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


@pytest.fixture
def refused() -> tuple[Report, dict[str, int], dict[str, int]]:
    office: User = UserFactory.create()
    served = OrganizationFactory.create()
    before = row_counts()
    report = run(broken_workbook(served.credit_code), office)
    return report, before, row_counts()


def test_each_broken_row_is_refused_once_on_its_column(
    refused: tuple[Report, dict[str, int], dict[str, int]],
) -> None:
    report, _before, _after = refused

    assert report.errors == []
    assert [(sheet, row, column) for sheet, row, column, _m in errors(report)] == [
        ("organizations", 3, "Unified social credit code"),
        ("agreement-parties", 3, "Organization (credit code or Chinese name)"),
        ("needs", 3, "Submitted on"),
        ("needs", 4, "Status"),
        ("services", 3, "Revenue"),
    ]


def test_each_refusal_says_why(refused: tuple[Report, dict[str, int], dict[str, int]]) -> None:
    report, _before, _after = refused

    reasons = {(sheet, row): message for sheet, row, _c, message in errors(report)}
    assert UNKNOWN_CODE in reasons["agreement-parties", 3]
    assert "after today" in reasons["needs", 3]
    assert "“Submitted”" in reasons["needs", 4]
    assert "“Solved”" in reasons["needs", 4]
    assert "“一万二” is not an amount" in reasons["services", 3]
    assert reasons["organizations", 3]


def test_the_correct_rows_beside_them_are_reported_but_not_written(
    refused: tuple[Report, dict[str, int], dict[str, int]],
) -> None:
    report, before, after = refused

    assert not report.ok
    assert not report.written
    created = {k.key: k.created for k in report.kinds}
    assert created == {
        "organizations": 1,
        "agreements": 1,
        "agreement-parties": 1,
        "needs": 1,
        "services": 1,
    }
    assert after == before
