"""Importing patents and their fees: published, examined and granted through the patent services
as the row is written, the fees checked against the docket, then lapsed (by the annual fee left
unpaid) or withdrawn once the fees are in; left alone when re-imported, updated when changed,
refused row by row."""

from __future__ import annotations

import datetime

import pytest

from liaison.accounts.models import User
from liaison.patents.choices import PatentStatus
from liaison.patents.models import FeePayment, Patent
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.operations.import_files import Sheets, counts, errors, run
from tests.organizations.factories import InstituteFactory
from tests.patents.factories import cn_number

pytestmark = pytest.mark.django_db

PATENT_COLUMNS = [
    "jurisdiction",
    "application_number",
    "achievement",
    "title",
    "kind",
    "filed_on",
    "owners",
    "status",
    "published_on",
    "examination_requested_on",
    "granted_on",
    "ended_on",
    "end_reason",
]


@pytest.fixture
def office() -> User:
    return UserFactory.create()


def patents_file() -> tuple[Sheets, str]:
    owner = InstituteFactory.create().credit_code
    AchievementFactory.create(title_zh="可降解镁合金血管支架")
    number = cn_number(2017)

    def patent(**cells: str) -> list[str]:
        values = {
            "jurisdiction": "CN",
            "achievement": "可降解镁合金血管支架",
            "title": "一种可降解镁合金血管支架",
            "kind": "Invention",
            "owners": owner,
            **cells,
        }
        return [values.get(column, "") for column in PATENT_COLUMNS]

    sheets: Sheets = {
        "patents": [
            PATENT_COLUMNS,
            patent(
                application_number=number,
                filed_on="2017-03-15",
                status="Lapsed",
                published_on="2018-09-14",
                examination_requested_on="2017-04-14",
                granted_on="2019-11-20",
                ended_on="2020-03-15",
            ),
            patent(
                jurisdiction="PCT",
                application_number="PCT/CN2020/123456",
                filed_on="2020-05-06",
                status="Withdrawn",
                ended_on="2021-01-05",
                end_reason="未进入国家阶段",
            ),
        ],
        "patent-fees": [
            ["patent", "kind", "fee_year", "paid_on", "amount"],
            [number, "Application fee", "", "2017-03-15", 900],
            # The fee of the year of grant; the next year's is left unpaid: the patent lapsed.
            [number, "Annual fee", 3, "2019-11-01", "900.00"],
        ],
    }
    return sheets, number


def test_a_patent_is_granted_before_its_fees_and_lapses_by_the_fee_left_unpaid(
    office: User,
) -> None:
    sheets, number = patents_file()

    report = run(sheets, office)

    assert report.ok, errors(report)
    assert counts(report) == {"patents": (2, 0, 0, 0), "patent-fees": (2, 0, 0, 0)}
    patent = Patent.objects.get(application_number=number)
    assert (patent.status, patent.patent_number, patent.lapsed_on) == (
        PatentStatus.LAPSED,
        f"ZL{number}",
        datetime.date(2020, 3, 15),
    )
    assert [r.status for r in patent.history.order_by("history_date", "history_id")][-2:] == [
        PatentStatus.GRANTED,
        PatentStatus.LAPSED,
    ]
    annual = FeePayment.objects.get(kind="annual")
    assert (annual.fee_year, annual.due_on is not None) == (3, True)
    pct = Patent.objects.get(jurisdiction="PCT")
    assert (pct.status, pct.end_reason) == (PatentStatus.WITHDRAWN, "未进入国家阶段")


def test_reimporting_patents_and_fees_leaves_every_row_alone(office: User) -> None:
    sheets, _number = patents_file()
    run(sheets, office)

    again = run(sheets, office)

    assert again.ok, errors(again)
    assert counts(again) == {"patents": (0, 0, 2, 0), "patent-fees": (0, 0, 2, 0)}


def test_a_changed_patent_and_fee_are_updated_through_their_services(office: User) -> None:
    sheets, _number = patents_file()
    run(sheets, office)
    sheets["patents"][2][3] = "一种血管支架的国际申请"
    sheets["patent-fees"][1].append("代理机构代缴")
    sheets["patent-fees"][0].append("note")

    again = run(sheets, office)

    assert counts(again) == {"patents": (0, 1, 1, 0), "patent-fees": (0, 1, 1, 0)}
    assert Patent.objects.get(jurisdiction="PCT").title == "一种血管支架的国际申请"
    assert FeePayment.objects.get(kind="application").note == "代理机构代缴"


def test_broken_patent_and_fee_rows_are_refused_each_on_its_column(office: User) -> None:
    sheets, number = patents_file()
    unexamined, wrong_end = cn_number(2018), cn_number(2016)
    sheets["patents"] += [
        # An invention granted without its examination requested.
        [
            "CN",
            unexamined,
            "可降解镁合金血管支架",
            "未审查的发明",
            "Invention",
            "2018-01-10",
            sheets["patents"][1][6],
            "Granted",
            "",
            "",
            "2020-01-10",
            "",
            "",
        ],
        # Lapsed on a day other than the one its unpaid fee gives.
        [
            "CN",
            wrong_end,
            "可降解镁合金血管支架",
            "失效日不对的发明",
            "Invention",
            "2016-03-15",
            sheets["patents"][1][6],
            "Lapsed",
            "",
            "2016-04-14",
            "2018-11-20",
            "2019-01-01",
            "",
        ],
    ]
    sheets["patent-fees"].append([number, "Annual fee", 5, "2021-11-01", "800"])

    report = run(sheets, office)

    assert sorted((sheet, row, column) for sheet, row, column, _m in errors(report)) == [
        ("patent-fees", 4, "paid_on"),
        ("patents", 4, "status"),
        ("patents", 5, "ended_on"),
    ]
    assert not Patent.objects.exists()
    assert not FeePayment.objects.exists()
