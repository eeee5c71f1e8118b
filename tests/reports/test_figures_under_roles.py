"""Figures, their drill-downs, the dashboard and a center's page under roles.

A figure counts the rows its reader may see, and adds up only the values its reader is
cleared for: a center manager (cleared for internal values) gets the financing figure without
the confidential rounds, told how many were left out, and their rows in the drill-down with
the amounts "hidden"; the office's staff, cleared for confidential values, get them all.
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.core.choices import Confidentiality
from liaison.financing.models import FinancingRound
from liaison.needs.choices import NeedStatus
from liaison.reports.dashboard import cumulative_financing, figures_for
from liaison.reports.metrics import FIGURES_BY_KEY
from liaison.reports.selectors import figure_value
from tests.accounts.factories import UserFactory
from tests.centers.factories import CenterFactory
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.reports.records import achievement_at, closed_round

pytestmark = pytest.mark.django_db

FINANCING = "financing_cumulative_cny"
NOTE_ONE = "1 record is hidden from these figures."


def today() -> datetime.date:
    return timezone.localdate()


def rounds() -> FinancingRound:
    """Two closed rounds: an internal one of 3 million, a confidential one of 40 million."""
    closed_round("3000000.00", on=today() - datetime.timedelta(days=20))
    secret = closed_round("40000000.00", on=today() - datetime.timedelta(days=10))
    secret.confidentiality = Confidentiality.CONFIDENTIAL
    secret.save()
    return secret


@pytest.fixture
def manager(db: None) -> User:
    return UserFactory.create(role=RoleKind.CENTER_MANAGER, centers=[CenterFactory.create()])


def signed_in_as(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def charts_of(html: str) -> Any:
    match = re.search(r'<script id="dashboard-charts" type="application/json">(.*?)</script>', html)
    assert match, "the page carries its charts' data"
    return json.loads(match.group(1))


def test_a_sum_leaves_out_the_values_its_reader_is_not_cleared_for_and_counts_them(
    manager: User, staff_user: User
) -> None:
    rounds()

    (financing,) = [f for f in figures_for(user=manager, as_of=today()) if f.key == FINANCING]
    (staff_view,) = [f for f in figures_for(user=staff_user, as_of=today()) if f.key == FINANCING]

    assert (financing.value, financing.hidden) == (Decimal("3000000.00"), 1)
    assert (staff_view.value, staff_view.hidden) == (Decimal("43000000.00"), 0)
    assert figure_value(FINANCING, today()) == Decimal("43000000.00")  # the office's own


def test_the_financing_chart_runs_up_to_the_figure_its_reader_gets(manager: User) -> None:
    rounds()

    points = cumulative_financing(user=manager, as_of=today())

    assert points[-1].cumulative_cny == Decimal("3000000.00")


def test_the_dashboard_of_a_role_not_cleared_leaves_the_hidden_values_out_and_says_how_many(
    client: Client, manager: User
) -> None:
    rounds()

    html = signed_in_as(client, manager).get(reverse("home")).content.decode()

    assert "CNY 3 million" in html
    assert "CNY 43 million" not in html
    assert "40 million" not in html
    assert html.count(NOTE_ONE) == 2  # under the figure and under the financing chart
    assert charts_of(html)["financing"]["labels"][-1] == "CNY 3 million"


def test_the_dashboard_of_the_office_staff_counts_every_value_without_a_note(
    signed_in: Client,
) -> None:
    rounds()

    html = signed_in.get(reverse("home")).content.decode()

    assert "CNY 43 million" in html
    assert "hidden from these figures" not in html


def test_a_figure_for_a_role_not_cleared_says_how_many_rows_it_left_out(
    client: Client, manager: User
) -> None:
    rounds()
    secret = closed_round("5000000.00", on=today() - datetime.timedelta(days=5))
    FinancingRound.objects.filter(pk=secret.pk).update(confidentiality=Confidentiality.SECRET)

    response = signed_in_as(client, manager).get(reverse("figure", args=[FINANCING]))

    assert response.context["value"] == Decimal("3000000.00")
    assert response.context["hidden"] == 2
    assert "2 records are hidden from these figures." in response.content.decode()


def test_the_drill_down_of_a_figure_shows_hidden_cells_for_the_values_left_out(
    client: Client, manager: User
) -> None:
    secret = rounds()

    html = signed_in_as(client, manager).get(reverse("figure", args=[FINANCING])).content.decode()

    # Both rounds are listed: the reader may see them, not the confidential one's amount.
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]
    assert len(rows) == 2
    (row,) = [r for r in rows if f'href="/financing/{secret.pk}/"' in r]
    assert "40 million" not in html
    assert "40,000,000" not in html
    # The amount and the amount in yuan: the word, in a muted badge, never a zero or blank.
    assert row.count("liaison-hidden") == 2
    assert "· hidden</a>" in row  # the round's name, which says its amount
    assert "CNY 3 million" in html


def test_the_drill_down_cannot_be_sorted_by_values_hidden_from_its_reader(
    client: Client, manager: User
) -> None:
    rounds()
    url = reverse("figure", args=[FINANCING])

    response = signed_in_as(client, manager).get(url, {"sort": "-amount"})

    table = response.context["table"]
    assert not table.columns["amount"].orderable
    assert not table.columns["amount_cny"].orderable
    assert not table.order_by


def test_the_office_staff_drill_down_shows_every_amount(signed_in: Client) -> None:
    rounds()

    html = signed_in.get(reverse("figure", args=[FINANCING])).content.decode()

    assert "CNY 40 million" in html
    assert "liaison-hidden" not in html


def test_the_drill_down_exports_no_hidden_amount_in_yuan(manager: User) -> None:
    from liaison.core.exports import table_rows
    from liaison.reports.views import _figure_table

    rounds()
    definition = FIGURES_BY_KEY[FINANCING]

    rows = list(table_rows(_figure_table(definition.rows(today(), manager))))

    cells = [str(cell) for row in rows[1:] for cell in row]
    assert "40000000" not in " ".join(cells)
    assert cells.count("hidden") == 2  # its amount and its amount in yuan
    assert any(c.endswith("· hidden") for c in cells)  # its name says the amount: hidden too


def test_an_enterprise_users_figures_count_only_its_own_records(client: Client) -> None:
    mine, other = OrganizationFactory.create(), OrganizationFactory.create()
    for organization in (mine, other, other):
        TechnicalNeedFactory.create(
            organization=organization,
            status=NeedStatus.SOLVED,
            solved_on=today(),
            solution_summary="Coating redesigned.",
        )
    achievement_at("market")
    user = UserFactory.create(role=RoleKind.ENTERPRISE, organization=mine)

    shown = {f.key: f.value for f in figures_for(user=user, as_of=today())}
    response = signed_in_as(client, user).get(reverse("figure", args=["technical_problems_solved"]))

    assert shown["technical_problems_solved"] == 1
    assert shown["achievements_market_or_clinical"] == 0  # not its own
    assert response.context["value"] == 1
    assert other.name_en not in response.content.decode()


def test_a_secret_need_is_counted_only_for_the_staff_assigned_to_it(
    staff_user: User,
) -> None:
    need = TechnicalNeedFactory.create(
        status=NeedStatus.SOLVED,
        solved_on=today(),
        solution_summary="Done.",
        confidentiality=Confidentiality.SECRET,
    )
    assigned = UserFactory.create()
    need.assigned_staff.add(assigned)

    def solved(user: User) -> Any:
        return {f.key: f.value for f in figures_for(user=user, as_of=today())}[
            "technical_problems_solved"
        ]

    assert solved(staff_user) == 0
    assert solved(assigned) == 1


def test_a_centers_page_adds_up_only_the_financing_its_reader_is_cleared_for(
    client: Client, manager: User
) -> None:
    center = CenterFactory.create()
    achievement = achievement_at("market")
    achievement.center = center
    achievement.save()
    for amount, confidentiality in (
        ("2000000.00", Confidentiality.INTERNAL),
        ("70000000.00", Confidentiality.CONFIDENTIAL),
    ):
        closed = closed_round(amount, on=today())
        FinancingRound.objects.filter(pk=closed.pk).update(
            achievement=achievement, venture=None, confidentiality=confidentiality
        )
    url = reverse("centers:center_detail", args=(center.pk,))

    html = signed_in_as(client, manager).get(url).content.decode()

    assert "CNY 2 million" in html
    assert "72 million" not in html
    assert "70 million" not in html
    assert NOTE_ONE in html
