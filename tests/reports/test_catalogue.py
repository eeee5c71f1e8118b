"""The metric catalogue on the demo institute: the announcement's figures for its period, each
number equal to its drill-down, and centers adding up to the institute where they should."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.formats import number_format

from liaison.accounts.models import User
from liaison.centers.models import Center
from liaison.core.numbers import format_amount
from liaison.demo.loader import DemoSummary
from liaison.needs.models import TechnicalNeed
from liaison.reports import catalogue
from liaison.reports.catalogue import NO_CENTER, Flow, catalogue_for, compute, part_rows
from liaison.reports.periods import Period, PeriodError
from liaison.reports.phrasing import Measure
from tests.demo.conftest import demo  # noqa: F401  (the demo, loaded once for this module)
from tests.demo.figures import AS_OF, REPORTED

pytestmark = pytest.mark.django_db

ANNOUNCEMENT = Period(datetime.date(2019, 5, 1), AS_OF)


def test_the_report_of_the_announcements_period_states_its_six_figures(demo: DemoSummary) -> None:  # noqa: F811
    figures = {f.key: f.value for f in catalogue_for(period=ANNOUNCEMENT)}
    assert {key: figures[key] for key in REPORTED} == REPORTED


def test_every_number_is_the_count_of_its_rows(demo: DemoSummary) -> None:  # noqa: F811
    for figure in catalogue_for(period=ANNOUNCEMENT):
        metric = figure.metric
        rows = metric.rows(ANNOUNCEMENT, catalogue.SYSTEM, None)
        if metric.measure != Measure.YUAN and not metric.summary:
            assert figure.value == rows.values("pk").distinct().count(), metric.key
        else:
            assert figure.value == metric.total(rows), metric.key
        for part in figure.parts:
            drilled = part_rows(metric, rows, part.value)
            if metric.measure == Measure.YUAN:
                assert part.amount == metric.total(drilled), (metric.key, part.value)
            else:
                assert part.amount == drilled.count(), (metric.key, part.value)


def test_a_flow_counts_within_its_period_only(demo: DemoSummary) -> None:  # noqa: F811
    year = Period.year(datetime.date(2022, 1, 1))
    figure = compute(catalogue.metric("needs_received"), period=year)
    expected = TechnicalNeed.objects.filter(
        submitted_on__gte=datetime.date(2022, 1, 1), submitted_on__lte=datetime.date(2022, 12, 31)
    ).count()
    assert figure.value == expected > 0
    assert catalogue.metric("needs_received").flow == Flow.FLOW


def test_the_centers_add_up_to_the_institute_where_the_definition_is_additive(
    demo: DemoSummary,  # noqa: F811
) -> None:
    centers = list(Center.objects.all())
    assert centers
    for metric in catalogue.latest():
        if not metric.additive:
            continue
        whole = compute(metric, period=ANNOUNCEMENT).value
        parts = [compute(metric, period=ANNOUNCEMENT, center=c).value for c in centers]
        rest = compute(metric, period=ANNOUNCEMENT, center=NO_CENTER).value
        assert sum(parts, Decimal(0) if isinstance(whole, Decimal) else 0) + rest == whole, (
            metric.key
        )


def test_a_center_counts_only_its_own(demo: DemoSummary) -> None:  # noqa: F811
    center = Center.objects.filter(technical_needs__isnull=False).first() or Center.objects.first()
    assert center is not None
    figure = compute(catalogue.metric("needs_received"), period=ANNOUNCEMENT, center=center)
    rows = catalogue.metric("needs_received").rows(ANNOUNCEMENT, catalogue.SYSTEM, center)
    assert set(rows.values_list("assigned_center", flat=True)) <= {center.pk}
    assert figure.value == rows.count()


# Versions and periods (no demo needed) ----------------------------------------------------------


def test_every_metric_has_a_definition_in_words_and_a_version() -> None:
    keys = [m.key for m in catalogue.latest()]
    assert len(keys) == len(set(keys)) >= 20
    for metric in catalogue.CATALOGUE:
        assert metric.version >= 1
        assert str(metric.definition)
        assert str(metric.label)
    with pytest.raises(catalogue.UnknownMetricError):
        catalogue.metric("needs_received", version=99)


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        ("2026", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
        ("2026-Q3", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)),
        ("2024-02", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
    ],
)
def test_named_periods(name: str, start: datetime.date, end: datetime.date) -> None:
    assert Period.named(name) == Period(start, end)


def test_the_previous_period_is_as_long_and_just_before() -> None:
    assert Period.named("2026-Q1").previous() == Period.named("2025-Q4")
    assert Period.named("2024-03").previous() == Period.named("2024-02")
    assert Period.named("2026").previous() == Period.named("2025")
    ten_days = Period(datetime.date(2026, 1, 11), datetime.date(2026, 1, 20))
    assert ten_days.previous() == Period(datetime.date(2026, 1, 1), datetime.date(2026, 1, 10))
    assert Period.as_of(datetime.date(2026, 1, 1)).previous() is None


@pytest.mark.parametrize("bad", ["2026-Q5", "26", "2026-13", "last year"])
def test_a_period_that_is_none_is_refused_with_a_reason(bad: str) -> None:
    with pytest.raises(PeriodError, match="is not a period"):
        Period.named(bad)


def test_a_period_ends_after_it_starts() -> None:
    with pytest.raises(PeriodError):
        Period(datetime.date(2026, 2, 1), datetime.date(2026, 1, 1))
    with pytest.raises(PeriodError, match="is not a date"):
        Period.between("2026-02-30", None, today=datetime.date(2026, 3, 1))


# The drill-down pages: each number opens exactly the records that make it ------------------------


def _page(client: Client, key: str, **params: Any) -> Any:
    response = client.get(reverse("figure", args=(key,)), params)
    assert response.status_code == 200, (key, params)
    return response.context


def test_each_number_opens_a_list_of_as_many_records(
    demo: DemoSummary,  # noqa: F811
    signed_in: Client,
) -> None:
    period = {"from": "2019-05-01", "to": "2023-05-08"}
    for figure in catalogue_for(period=ANNOUNCEMENT, user=signed_in_user(signed_in)):
        metric = figure.metric
        context = _page(signed_in, metric.key, **period, version=metric.version)
        listed = context["table"].paginator.count
        assert context["value"] == figure.value, metric.key
        if metric.measure != Measure.YUAN and not metric.summary:
            assert listed == figure.value, metric.key
        for part in figure.parts:
            context = _page(signed_in, metric.key, **period, part=part.value)
            assert context["value"] == part.amount, (metric.key, part.value)
            if metric.measure != Measure.YUAN:
                assert context["table"].paginator.count == part.amount, (metric.key, part.value)


def test_a_center_and_a_part_that_are_not_the_readers_are_not_found(
    demo: DemoSummary,  # noqa: F811
    signed_in: Client,
) -> None:
    url = reverse("figure", args=("needs_received",))
    assert signed_in.get(url, {"center": "999999"}).status_code == 404
    assert signed_in.get(url, {"center": "x"}).status_code == 404
    assert (
        signed_in.get(reverse("figure", args=("agreements_signed",)), {"part": "nope"}).status_code
        == 404
    )
    assert signed_in.get(url, {"version": "7"}).status_code == 404
    assert _page(signed_in, "needs_received", center="none")["no_center"]


def signed_in_user(client: Client) -> Any:
    return User.objects.get(pk=client.session["_auth_user_id"])


def test_every_number_of_the_dashboards_tables_opens_as_many_records(
    demo: DemoSummary,  # noqa: F811
    signed_in: Client,
) -> None:
    html = signed_in.get(reverse("home")).content.decode()
    tables = "".join(re.findall(r"<details.*?</details>", html, flags=re.S))
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', tables)
    assert len(links) > 40
    for url, shown in links:
        context = signed_in.get(unescape(url)).context
        if "value" in context and context["definition"].measure == Measure.YUAN:
            assert format_amount(context["value"]) == shown, url
        else:
            assert number_format(context["table"].paginator.count, force_grouping=True) == shown, (
                url
            )
