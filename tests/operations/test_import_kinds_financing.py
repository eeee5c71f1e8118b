"""Importing financing rounds and their investors: announced, the investors added, then closed
by the round services with the row's date; left alone when re-imported, updated when changed,
refused row by row."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from liaison.accounts.models import User
from liaison.financing.choices import RoundStatus
from liaison.financing.models import FinancingRound, RoundInvestor
from liaison.organizations.models import Organization
from tests.accounts.factories import UserFactory
from tests.operations.import_files import Sheets, counts, errors, run
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> User:
    return UserFactory.create()


@pytest.fixture
def venture() -> Organization:
    return OrganizationFactory.create()


def rounds_file(venture: Organization) -> Sheets:
    lead, other = OrganizationFactory.create(kind="investor"), OrganizationFactory.create()
    code = venture.credit_code
    return {
        "financing-rounds": [
            ["venture", "kind", "announced_on", "amount", "status", "closed_on", "note"],
            [code, "Series A", "2022-06-01", "10,000,000", "Closed", "2022-09-30", ""],
            [code, "Angel", "2021-01-15", "2000000", "Announced", "", "洽谈中"],
        ],
        "round-investors": [
            ["round", "organization", "amount", "is_lead"],
            [f"2022-06-01 {code} series_a", lead.credit_code, "6000000", "yes"],
            [f"2022-06-01 {code} series_a", other.credit_code, "4000000", "no"],
            [f"2021-01-15 {code} angel", other.credit_code, "1000000", ""],
        ],
    }


def test_a_round_is_closed_once_its_investors_are_in(office: User, venture: Organization) -> None:
    report = run(rounds_file(venture), office)

    assert report.ok, errors(report)
    assert counts(report) == {"financing-rounds": (2, 0, 0, 0), "round-investors": (3, 0, 0, 0)}
    closed = FinancingRound.objects.get(kind="series_a")
    assert (closed.status, closed.closed_on) == (RoundStatus.CLOSED, datetime.date(2022, 9, 30))
    assert sorted(i.amount for i in RoundInvestor.objects.filter(round=closed)) == [
        Decimal(4000000),
        Decimal(6000000),
    ]
    assert RoundInvestor.objects.get(round=closed, is_lead=True).amount == 6000000
    assert [r.status for r in closed.history.order_by("history_date", "history_id")] == [
        RoundStatus.ANNOUNCED,
        RoundStatus.CLOSED,
    ]


def test_reimporting_rounds_and_investors_leaves_every_row_alone(
    office: User, venture: Organization
) -> None:
    sheets = rounds_file(venture)
    run(sheets, office)

    again = run(sheets, office)

    assert again.ok, errors(again)
    assert counts(again) == {"financing-rounds": (0, 0, 2, 0), "round-investors": (0, 0, 3, 0)}


def test_a_changed_round_and_investor_are_updated_through_their_services(
    office: User, venture: Organization
) -> None:
    sheets = rounds_file(venture)
    run(sheets, office)
    sheets["financing-rounds"][2][6] = "已签投资意向书"
    sheets["round-investors"][3][2] = "1500000"

    again = run(sheets, office)

    assert counts(again) == {"financing-rounds": (0, 1, 1, 0), "round-investors": (0, 1, 2, 0)}
    angel = FinancingRound.objects.get(kind="angel")
    assert angel.note == "已签投资意向书"
    assert RoundInvestor.objects.get(round=angel).amount == 1500000


def test_broken_round_and_investor_rows_are_refused_each_on_its_column(
    office: User, venture: Organization
) -> None:
    sheets = rounds_file(venture)
    code = venture.credit_code
    sheets["financing-rounds"] += [
        [code, "Seed", "2020-03-01", "500000", "Closed", "2020-02-01", ""],
        [code, "Loan", "2020-05-01", "lots", "Announced", "", ""],
    ]
    sheets["round-investors"].append([f"2019-01-01 {code} seed", code, "1", ""])

    report = run(sheets, office)

    assert sorted((sheet, row, column) for sheet, row, column, _m in errors(report)) == [
        ("financing-rounds", 4, "closed_on"),
        ("financing-rounds", 5, "amount"),
        ("round-investors", 5, "round"),
    ]
    assert not FinancingRound.objects.exists()
    assert not RoundInvestor.objects.exists()
