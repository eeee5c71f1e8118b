import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from pytest_django import DjangoAssertNumQueries

from liaison.accounts.models import User
from liaison.achievements.choices import Stage
from liaison.agreements.choices import AgreementKind, AgreementStatus
from liaison.agreements.models import Agreement
from liaison.core.permissions import grants_of
from liaison.financing.choices import RoundStatus
from liaison.needs.choices import NeedStatus
from liaison.reports.dashboard import (
    achievements_by_stage,
    agreements_expiring,
    agreements_signed_per_year_and_kind,
    cumulative_financing,
    figures_for,
    milestones_due,
    needs_awaiting_triage,
    needs_pipeline,
)
from liaison.reports.metrics import FIGURES
from liaison.reports.selectors import figure_value, figures_as_of
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementFactory, PaymentMilestoneFactory
from tests.needs.factories import TechnicalNeedFactory
from tests.reports.records import closed_round

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 6, 1)


def signed(kind: str, on: datetime.date, **fields: Any) -> Agreement:
    return AgreementFactory.create(kind=kind, status=AgreementStatus.SIGNED, signed_on=on, **fields)


def test_staff_see_the_same_figures_as_the_figures_command(staff_user: User) -> None:
    closed_round("1000.00", on=datetime.date(2023, 1, 10))
    TechnicalNeedFactory.create(
        status=NeedStatus.SOLVED, solved_on=TODAY, solution_summary="Coating redesigned."
    )

    shown = [(f.key, f.value) for f in figures_for(user=staff_user, as_of=TODAY)]

    assert shown == [(f.key, f.value) for f in figures_as_of(as_of=TODAY)]
    assert dict(shown)["financing_cumulative_cny"] == Decimal("1000.00")


def test_agreements_per_year_and_kind_fill_the_years_between_with_zeros(staff_user: User) -> None:
    signed(AgreementKind.MOU, datetime.date(2020, 3, 1))
    signed(AgreementKind.MOU, datetime.date(2020, 9, 1))
    signed(AgreementKind.TECH_SERVICE, datetime.date(2022, 1, 5))
    AgreementFactory.create(kind=AgreementKind.FRAMEWORK)  # a draft, not signed: not counted

    chart = agreements_signed_per_year_and_kind(user=staff_user)

    assert chart.years == [2020, 2021, 2022]
    assert [(k.value, k.count) for k in chart.kinds] == [("tech_service", 1), ("mou", 2)]
    assert chart.counts == {"mou": [2, 0, 0], "tech_service": [0, 0, 1]}


def test_agreements_per_year_and_kind_take_one_query_however_many(
    staff_user: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for year in range(2015, 2024):
        signed(AgreementKind.TECH_DEVELOPMENT, datetime.date(year, 5, 1))
    grants_of(staff_user)  # the user's roles, read once per request
    with django_assert_num_queries(1):
        agreements_signed_per_year_and_kind(user=staff_user)


def test_needs_pipeline_counts_each_status_in_lifecycle_order(staff_user: User) -> None:
    TechnicalNeedFactory.create_batch(3)
    TechnicalNeedFactory.create(status=NeedStatus.TRIAGED)
    TechnicalNeedFactory.create(status=NeedStatus.WITHDRAWN)

    pipeline = needs_pipeline(user=staff_user)

    assert [(s.value, s.count) for s in pipeline] == [
        ("submitted", 3),
        ("triaged", 1),
        ("matched", 0),
        ("in_progress", 0),
        ("solved", 0),
        ("closed", 0),
        ("withdrawn", 1),
        ("rejected", 0),
    ]


def test_achievements_by_stage_count_every_stage_from_research_to_market(staff_user: User) -> None:
    AchievementFactory.create_batch(2)
    AchievementFactory.create(stage=Stage.MARKET)

    stages = achievements_by_stage(user=staff_user)

    assert [s.value for s in stages] == list(Stage.values)
    assert {s.value: s.count for s in stages if s.count} == {"research": 2, "market": 1}


def test_cumulative_financing_runs_up_to_the_financing_figure(staff_user: User) -> None:
    closed_round("1000.00", on=datetime.date(2023, 1, 10))
    closed_round("500.00", on=datetime.date(2023, 1, 20), currency="USD", cny_rate=Decimal("7.1"))
    closed_round("250.00", on=datetime.date(2023, 4, 2))
    closed_round("9999.00", on=datetime.date(2023, 4, 3), status=RoundStatus.CANCELLED)
    closed_round("777.00", on=TODAY + datetime.timedelta(days=1))  # after today: not yet

    points = cumulative_financing(user=staff_user, as_of=TODAY)

    assert [(p.month, p.closed_cny, p.cumulative_cny) for p in points] == [
        (datetime.date(2023, 1, 1), Decimal("4550.00"), Decimal("4550.00")),
        (datetime.date(2023, 4, 1), Decimal("250.00"), Decimal("4800.00")),
    ]
    assert points[-1].cumulative_cny == figure_value("financing_cumulative_cny", TODAY)


def test_agreements_expiring_within_sixty_days_soonest_first(staff_user: User) -> None:
    later = signed(AgreementKind.MOU, TODAY, expires_on=TODAY + datetime.timedelta(days=60))
    sooner = signed(AgreementKind.MOU, TODAY, expires_on=TODAY + datetime.timedelta(days=3))
    signed(AgreementKind.MOU, TODAY, expires_on=TODAY + datetime.timedelta(days=61))
    AgreementFactory.create(  # ended already: nothing left to renew
        status=AgreementStatus.TERMINATED,
        signed_on=TODAY,
        ended_on=TODAY,
        expires_on=TODAY + datetime.timedelta(days=5),
    )

    expiring = agreements_expiring(user=staff_user, today=TODAY)

    assert expiring.total == 2
    assert expiring.rows == [sooner, later]


def test_needs_awaiting_triage_are_those_submitted_more_than_a_week_ago(staff_user: User) -> None:
    oldest = TechnicalNeedFactory.create(submitted_on=TODAY - datetime.timedelta(days=30))
    waiting = TechnicalNeedFactory.create(submitted_on=TODAY - datetime.timedelta(days=8))
    TechnicalNeedFactory.create(submitted_on=TODAY - datetime.timedelta(days=7))
    TechnicalNeedFactory.create(
        submitted_on=TODAY - datetime.timedelta(days=30), status=NeedStatus.TRIAGED
    )

    awaiting = needs_awaiting_triage(user=staff_user, today=TODAY)

    assert awaiting.total == 2
    assert awaiting.rows == [oldest, waiting]


def test_attention_lists_show_the_first_rows_and_count_them_all(staff_user: User) -> None:
    for days in range(8, 20):
        TechnicalNeedFactory.create(submitted_on=TODAY - datetime.timedelta(days=days))

    awaiting = needs_awaiting_triage(user=staff_user, today=TODAY, limit=5)

    assert awaiting.total == 12
    assert len(awaiting.rows) == 5


def test_milestones_due_are_unmet_overdue_or_due_within_a_month_on_running_agreements(
    staff_user: User,
) -> None:
    running = signed(AgreementKind.TECH_DEVELOPMENT, datetime.date(2023, 1, 1))
    overdue = PaymentMilestoneFactory.create(
        agreement=running, due_on=TODAY - datetime.timedelta(days=9)
    )
    soon = PaymentMilestoneFactory.create(
        agreement=running, due_on=TODAY + datetime.timedelta(days=30)
    )
    PaymentMilestoneFactory.create(agreement=running, due_on=TODAY + datetime.timedelta(days=31))
    PaymentMilestoneFactory.create(
        agreement=running, due_on=TODAY - datetime.timedelta(days=2), done_on=TODAY
    )
    PaymentMilestoneFactory.create(due_on=TODAY)  # its agreement is still a draft

    due = milestones_due(user=staff_user, today=TODAY)

    assert due.total == 2
    assert due.rows == [overdue, soon]


def test_an_anonymous_visitor_is_shown_no_count() -> None:
    TechnicalNeedFactory.create(submitted_on=TODAY - datetime.timedelta(days=30))
    AchievementFactory.create()
    closed_round("1000.00", on=datetime.date(2023, 1, 10))
    anonymous = AnonymousUser()

    assert all(s.count == 0 for s in needs_pipeline(user=anonymous))
    assert all(s.count == 0 for s in achievements_by_stage(user=anonymous))
    assert cumulative_financing(user=anonymous, as_of=TODAY) == []
    assert needs_awaiting_triage(user=anonymous, today=TODAY).total == 0
    assert [f.value for f in figures_for(user=anonymous, as_of=TODAY)] == [0] * len(FIGURES)


@pytest.mark.parametrize("rows", [0, 3])
def test_each_attention_list_takes_two_queries_however_many_rows(
    rows: int, staff_user: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    running = signed(AgreementKind.MOU, TODAY, expires_on=TODAY + datetime.timedelta(days=9))
    for _ in range(rows):
        TechnicalNeedFactory.create(submitted_on=TODAY - datetime.timedelta(days=30))
        PaymentMilestoneFactory.create(agreement=running, due_on=TODAY)
    grants_of(staff_user)  # the user's roles, read once per request
    with django_assert_num_queries(6):
        agreements_expiring(user=staff_user, today=TODAY)
        needs_awaiting_triage(user=staff_user, today=TODAY)
        milestones_due(user=staff_user, today=TODAY)
