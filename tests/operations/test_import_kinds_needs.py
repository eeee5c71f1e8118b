"""Importing needs, their candidates and services: written by the need services with the row's
dates, left alone when re-imported, updated when changed, refused row by row."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from liaison.accounts.models import User
from liaison.needs.choices import Decision, NeedStatus
from liaison.needs.models import MatchCandidate, ServiceRecord, TechnicalNeed
from liaison.organizations.models import Organization
from tests.accounts.factories import UserFactory
from tests.centers.factories import CenterFactory
from tests.operations.import_files import Sheets, counts, errors, header, run
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import AffiliationFactory, PersonFactory

pytestmark = pytest.mark.django_db

NEED_COLUMNS = [
    "title",
    "organization",
    "description",
    "domains",
    "submitted_on",
    "status",
    "triaged_on",
    "solved_on",
    "solution_summary",
    "satisfaction",
    "ended_on",
    "close_reason",
]


@pytest.fixture
def office() -> User:
    return UserFactory.create()


@pytest.fixture
def enterprise() -> Organization:
    return OrganizationFactory.create()


def need_row(enterprise: Organization, title: str, **cells: Any) -> list[Any]:
    values = {
        "title": title,
        "organization": enterprise.credit_code,
        "description": "需要一种耐灭菌的抗菌涂层。",
        "domains": "Biomaterials; 材料",
        "submitted_on": "2023-03-01",
        "status": "Submitted",
        **cells,
    }
    return [values.get(column, "") for column in NEED_COLUMNS]


def needs_file(enterprise: Organization) -> Sheets:
    expert = PersonFactory.create(name_zh="王专家")
    AffiliationFactory.create(person=expert, organization=enterprise)
    center = CenterFactory.create(name_zh="生物材料联合研发中心")
    return {
        "needs": [
            NEED_COLUMNS,
            need_row(enterprise, "抗菌涂层"),
            need_row(
                enterprise,
                "敷料灭菌工艺",
                status="Solved",
                triaged_on="2023-03-02",
                solved_on="2023/6/1",
                solution_summary="改用辐照灭菌。",
                satisfaction=5,
            ),
            need_row(
                enterprise,
                "可降解支架",
                status="已结束",
                triaged_on="2023-03-02",
                ended_on="2023-04-01",
                close_reason="预算取消",
            ),
        ],
        "need-candidates": [
            ["need", "kind", "person", "center", "decision"],
            [
                f"敷料灭菌工艺 ({enterprise.credit_code})",
                "Expert",
                f"王专家 ({enterprise.credit_code})",
                "",
                "Accepted",
            ],
            [f"敷料灭菌工艺 ({enterprise.credit_code})", "Center", "", center.name_zh, ""],
        ],
        "services": [
            ["organization", "kind", "title", "delivered_on", "need", "revenue"],
            [
                enterprise.credit_code,
                "Testing and analysis",
                "涂层性能检测",
                "2023-05-10",
                f"敷料灭菌工艺 ({enterprise.credit_code})",
                "12,000.00",
            ],
        ],
    }


def test_needs_reach_their_status_through_the_need_services_with_the_rows_dates(
    office: User, enterprise: Organization
) -> None:
    report = run(needs_file(enterprise), office)

    assert report.ok, errors(report)
    assert counts(report) == {
        "needs": (3, 0, 0, 0),
        "need-candidates": (2, 0, 0, 0),
        "services": (1, 0, 0, 0),
    }
    submitted = TechnicalNeed.objects.get(title="抗菌涂层")
    assert submitted.status == NeedStatus.SUBMITTED
    assert submitted.domains == ["biomaterials", "materials"]
    solved = TechnicalNeed.objects.get(title="敷料灭菌工艺")
    assert (solved.status, solved.triaged_on, solved.solved_on, solved.satisfaction) == (
        NeedStatus.SOLVED,
        datetime.date(2023, 3, 2),
        datetime.date(2023, 6, 1),
        5,
    )
    # Triaged, matched by its candidates, then solved: each step a history row by the importer.
    steps = [row.status for row in solved.history.order_by("history_date", "history_id")]
    assert steps == [
        NeedStatus.SUBMITTED,
        NeedStatus.TRIAGED,
        NeedStatus.MATCHED,
        NeedStatus.SOLVED,
    ]
    assert {row.history_user for row in solved.history.all()} == {office}
    closed = TechnicalNeed.objects.get(title="可降解支架")
    assert (closed.status, closed.close_reason) == (NeedStatus.CLOSED, "预算取消")


def test_a_candidates_decision_is_the_accept_or_reject_step(
    office: User, enterprise: Organization
) -> None:
    run(needs_file(enterprise), office)

    decisions = {
        c.kind: (c.decision, c.decided_by)
        for c in MatchCandidate.objects.filter(need__title="敷料灭菌工艺")
    }
    assert decisions == {"expert": (Decision.ACCEPTED, office), "center": (Decision.PENDING, None)}
    service = ServiceRecord.objects.get()
    assert service.need == TechnicalNeed.objects.get(title="敷料灭菌工艺")


def test_reimporting_needs_candidates_and_services_leaves_every_row_alone(
    office: User, enterprise: Organization
) -> None:
    sheets = needs_file(enterprise)
    run(sheets, office)

    again = run(sheets, office)

    assert again.ok, errors(again)
    assert counts(again) == {
        "needs": (0, 0, 3, 0),
        "need-candidates": (0, 0, 2, 0),
        "services": (0, 0, 1, 0),
    }


def test_a_changed_need_and_service_are_updated_through_their_services(
    office: User, enterprise: Organization
) -> None:
    sheets = needs_file(enterprise)
    run(sheets, office)
    version = TechnicalNeed.objects.get(title="抗菌涂层").version
    sheets["needs"][1][2] = "需要一种耐高温灭菌的抗菌涂层。"
    sheets["services"][1][5] = "15000"

    again = run(sheets, office)

    assert counts(again)["needs"] == (0, 1, 2, 0)
    assert counts(again)["services"] == (0, 1, 0, 0)
    need = TechnicalNeed.objects.get(title="抗菌涂层")
    assert (need.description, need.version) == ("需要一种耐高温灭菌的抗菌涂层。", version + 1)
    assert ServiceRecord.objects.get().revenue == 15000


def test_chinese_headers_are_read_as_the_english_ones(
    office: User, enterprise: Organization
) -> None:
    sheets: Sheets = {
        "技术需求": [
            [
                header("needs", c, "zh-hans")
                for c in ("title", "organization", "description", "submitted_on")
            ],
            ["抗菌涂层", enterprise.credit_code, "需要抗菌涂层。", "2023-03-01"],
        ]
    }

    report = run(sheets, office)

    assert report.ok, errors(report)
    assert TechnicalNeed.objects.get().organization == enterprise


def test_broken_need_rows_are_refused_each_on_its_column_and_nothing_is_written(
    office: User, enterprise: Organization
) -> None:
    other = OrganizationFactory.create()
    sheets = needs_file(enterprise)
    sheets["needs"] += [
        need_row(
            enterprise,
            "未分诊即解决",
            status="Solved",
            solved_on="2023-06-01",
            solution_summary="好",
        ),
        need_row(enterprise, "无候选的匹配", status="Matched", triaged_on="2023-03-02"),
        need_row(enterprise, "未来的需求", submitted_on="2999-01-01"),
    ]
    sheets["services"].append(
        [
            other.credit_code,
            "Consulting",
            "别家的服务",
            "2023-05-10",
            f"抗菌涂层 ({enterprise.credit_code})",
            "",
        ]
    )

    report = run(sheets, office)

    assert not report.ok
    refused = {(sheet, row): column for sheet, row, column, _m in errors(report)}
    assert refused == {
        ("needs", 5): "status",
        ("needs", 6): "status",
        ("needs", 7): "submitted_on",
        ("services", 3): "need",
    }
    assert len(errors(report)) == 4
    assert not TechnicalNeed.objects.exists()
    assert not ServiceRecord.objects.exists()
