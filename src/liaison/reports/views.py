"""The dashboard, the rows behind each headline figure, and an organization's timeline."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django_tables2 import RequestConfig

from liaison.achievements.models import Achievement, StageEntry
from liaison.agreements.models import Agreement, PaymentMilestone
from liaison.centers.models import Appointment, Center
from liaison.core import permissions
from liaison.core.display import hidden_badge
from liaison.core.freshness import reading_key
from liaison.core.numbers import format_amount
from liaison.core.permissions import HIDDEN, is_hidden
from liaison.core.tables import ObjectTable, simple_table
from liaison.disclosures.models import Disclosure
from liaison.financing.models import FinancingRound
from liaison.incubation.models import Incubation
from liaison.needs.models import ServiceRecord, TechnicalNeed
from liaison.organizations.models import Organization
from liaison.patents.models import Patent
from liaison.people.researcher import home_is_own_page
from liaison.portal.access import portal_is_home
from liaison.training.models import Trainee
from liaison.transfer.models import Income, RewardShare

from . import catalogue, charts, dashboard
from .catalogue import catalogue_for
from .choosing import center_from, period_from, picker
from .links import drill_url, figure_url
from .periods import Period
from .phrasing import Measure
from .timeline import PAGE_SIZE, organization_timeline

# What a figure's rows show of each kind of record they can be (after the record's name),
# and what those columns join.
FIGURE_COLUMNS: dict[type[Any], tuple[tuple[str, ...], tuple[str, ...]]] = {
    Organization: (("kind", "city"), ()),
    TechnicalNeed: (("organization", "submitted_on", "solved_on"), ("organization",)),
    Achievement: (("kind", "stage", "stage_since"), ()),
    FinancingRound: (("kind", "amount", "closed_on"), ("venture", "achievement")),
    Agreement: (("kind", "signed_on", "value", "registration_number"), ()),
    PaymentMilestone: (("agreement", "amount", "done_on"), ("agreement",)),
    ServiceRecord: (("organization", "kind", "delivered_on", "revenue"), ("organization",)),
    StageEntry: (("achievement", "stage", "reached_on"), ("achievement",)),
    Appointment: (("person", "center", "role", "starts_on"), ("person", "center")),
    Income: (("agreement", "kind", "received_on", "amount"), ("agreement", "achievement")),
    RewardShare: (("reward", "person", "amount", "paid_on"), ("reward", "person")),
    Patent: (("application_number", "jurisdiction", "kind", "filed_on", "granted_on"), ()),
    Disclosure: (("case_number", "center", "submitted_on", "status"), ("center",)),
    Incubation: (
        ("center", "origin", "admitted_on", "status", "exited_on"),
        ("organization", "center"),
    ),
    Trainee: (
        ("agreement", "level", "center", "starts_on", "status", "ends_on"),
        ("person", "agreement", "center"),
    ),
}
FIGURE_ROWS_PER_PAGE = 50
# The dashboard's figures: the headline ones, and what happened in the period picked.
IN_PERIOD = [
    catalogue.metric(key)
    for key in (
        "agreements_signed",
        "needs_received",
        "needs_solved",
        "services_delivered",
        "financing_closed_cny",
        "partners_new",
    )
]


class DashboardView(LoginRequiredMixin, View):
    """The home page: headline figures, the charts of the work, and what needs a look."""

    template_name = "reports/dashboard.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if home_is_own_page(request.user):
            # A researcher sees none of the office's work: their home is their own page.
            return redirect("people:me")
        if portal_is_home(request.user):
            # An organization's contact sees its own records only: its home is the portal.
            return redirect("portal:home")
        user, today = request.user, timezone.localdate()
        period, picked = picker(request)
        # Read once per change of the records (core.freshness), per reader, period, day and
        # language (some labels are made into text as the figures are read).
        language = translation.get_language()
        key = reading_key("dashboard", user.pk, period.start, period.end, today, language)
        read = cache.get(key)
        if read is None:
            read = _dashboard_reading(user, period, today)
            cache.set(key, read, timeout=settings.LIAISON_READING_TTL)
        figures, flows, financing, pipeline, stages, agreements = read[:6]
        expiring, awaiting_triage, milestones = read[6:]
        funnel = charts.needs_funnel(pipeline, stages=len(dashboard.NEED_PIPELINE))
        context = {
            **picked,
            "today": today,
            "period_text": period.describe(translation.get_language() or "en"),
            "figures": figures,
            "cards": figure_cards(figures),
            "flow_cards": figure_cards(flows),
            # The chart adds up the financing figure's rows: the same ones are left out.
            "financing_hidden": sum(f.hidden for f in figures if f.metric.sums == "amount"),
            "yuan": Measure.YUAN,
            "agreements": agreements,
            "agreement_rows": _agreement_rows(agreements),
            "funnel": funnel,
            "funnel_rows": _funnel_rows(pipeline, funnel),
            "stages": stages,
            "stage_rows": [
                (s, _list_url("achievements:achievement_list", stage=s.value)) for s in stages
            ],
            "financing_rows": [
                (y, *_financing_urls(y.year, today)) for y in charts.financing_by_year(financing)
            ],
            "charts": {
                "agreements": charts.agreements_chart(agreements),
                "needs": charts.funnel_chart(funnel),
                "stages": charts.counts_chart(stages),
                "financing": charts.financing_chart(financing),
            },
            "expiring": expiring,
            "awaiting_triage": awaiting_triage,
            "milestones": milestones,
            "expiry_days": dashboard.EXPIRY_HORIZON.days,
            "triage_days": dashboard.TRIAGE_WAIT.days,
            "milestone_days": dashboard.MILESTONE_HORIZON.days,
        }
        return render(request, self.template_name, context)


def _dashboard_reading(user: Any, period: Period, today: datetime.date) -> tuple[Any, ...]:
    """What the dashboard reads from the records, in the order DashboardView unpacks it."""
    return (
        # The headline figures as of the period's end; what happened in it when it has a start.
        catalogue_for(period=period, user=user, chosen=catalogue.headline()),
        catalogue_for(period=period, user=user, chosen=IN_PERIOD) if period.start else [],
        dashboard.cumulative_financing(user=user, as_of=today),
        dashboard.needs_pipeline(user=user),
        dashboard.achievements_by_stage(user=user),
        dashboard.agreements_signed_per_year_and_kind(user=user),
        dashboard.agreements_expiring(user=user, today=today),
        dashboard.needs_awaiting_triage(user=user, today=today),
        dashboard.milestones_due(user=user, today=today),
    )


class YuanCentsColumn(tables.Column):
    """A round's amount in yuan, as the financing figure adds it up (its cents annotation).

    The annotation is computed in the database, where no mask reaches: it is shown only
    beside an amount the reader may see.
    """

    def render(self, value: Any, record: Any) -> Any:
        if is_hidden(record.amount):
            return hidden_badge()
        return format_amount(Decimal(int(value)).scaleb(-2))

    def value(self, value: Any, record: Any) -> Any:
        if is_hidden(record.amount):
            return str(HIDDEN)
        return Decimal(int(value)).scaleb(-2)


def _figure_table(rows: Any) -> ObjectTable:
    fields, related = FIGURE_COLUMNS[rows.model]
    table_class = simple_table(rows.model, fields)
    if "amount_cny_cents" in rows.query.annotations:
        in_yuan = YuanCentsColumn(
            verbose_name=_("in yuan"),
            accessor="amount_cny_cents",
            attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
        )
        # With the table's Meta, or the subclass would be drawn with django-tables2's defaults.
        table_class = type(
            "FigureRoundTable", (table_class,), {"amount_cny": in_yuan, "Meta": table_class.Meta}
        )
    table: ObjectTable = table_class(rows.select_related(*related))
    return table


class FigureView(LoginRequiredMixin, View):
    """The records that make one figure of the catalogue, page by page: for the period, the
    center and the part the number was shown for (`?from=&to=&center=&part=&version=`), so
    that their count is the number."""

    template_name = "reports/figure.html"

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        try:
            version = int(request.GET["version"]) if request.GET.get("version") else None
            metric = catalogue.metric(key, version)
        except (catalogue.UnknownMetricError, ValueError) as error:
            raise Http404 from error
        period, period_error = period_from(request)
        center = center_from(request)
        user = request.user
        rows = metric.rows(period, user, center)
        part_label = None
        part = request.GET.get("part")
        if part and metric.split is not None:
            labels = metric.split.labels()
            if part not in labels:
                raise Http404
            part_label = labels[part]
            rows = catalogue.part_rows(metric, rows, part)
        hidden = 0
        counted = rows
        if metric.sums is not None:
            hidden = permissions.hidden_count(rows, user, metric.sums)
            counted = permissions.cleared(rows, user, metric.sums)
        value = metric.total(counted)
        table = _figure_table(rows)
        if hidden:
            # Sorted by values the reader may not see, the rows would tell their order.
            for name in ("amount", "amount_cny", "value", "revenue", "technical_income"):
                if name in table.columns:
                    table.columns[name].column.orderable = False
        RequestConfig(request, paginate={"per_page": FIGURE_ROWS_PER_PAGE}).configure(table)
        context = {
            "definition": metric,
            "period": period,
            "period_text": period.describe(translation.get_language() or "en"),
            "period_error": period_error,
            "center": center if isinstance(center, Center) else None,
            "no_center": center is catalogue.NO_CENTER,
            "part_label": part_label,
            "value": value,
            "hidden": hidden,
            "yuan": Measure.YUAN,
            "days": Measure.DAYS,
            "days_text": days_phrase(value) if metric.measure == Measure.DAYS else "",
            "table": table,
        }
        return render(request, self.template_name, context)


# Every number of the dashboard's tables opens its records: a figure's page or a filtered list.


def _list_url(name: str, **params: Any) -> str:
    return f"{reverse(name)}?{urlencode(params, doseq=True)}"


def _agreement_rows(agreements: dashboard.YearKindCounts) -> list[dict[str, Any]]:
    signed = catalogue.metric("agreements_signed")
    return [
        {
            "label": kind.label,
            "cells": [
                (
                    count,
                    drill_url(
                        signed, period=Period.year(datetime.date(year, 1, 1)), part=kind.value
                    ),
                )
                for year, count in zip(agreements.years, agreements.counts[kind.value], strict=True)
            ],
        }
        for kind in agreements.kinds
    ]


def _funnel_rows(
    pipeline: list[dashboard.LabelledCount], funnel: list[charts.PipelineStage]
) -> list[dict[str, Any]]:
    """Each status with the needs at it and, along the pipeline, those that got this far."""
    along = [s.value for s in pipeline[: len(dashboard.NEED_PIPELINE)]]
    rows = []
    for index, (status, stage) in enumerate(zip(pipeline, funnel, strict=True)):
        rows.append(
            {
                "stage": stage,
                "count_url": _list_url("needs:technicalneed_list", status=status.value),
                "reached_url": _list_url("needs:technicalneed_list", status=along[index:])
                if stage.reached is not None
                else None,
            }
        )
    return rows


def _financing_urls(year: int, today: datetime.date) -> tuple[str, str]:
    """The rounds closed in `year`, and those closed by its end (or today, this year)."""
    closed = drill_url(
        catalogue.metric("financing_closed_cny"), period=Period.year(datetime.date(year, 1, 1))
    )
    total = drill_url(
        catalogue.metric("financing_cumulative_cny"),
        period=Period.as_of(min(datetime.date(year, 12, 31), today)),
    )
    return closed, total


def figure_cards(figures: list[catalogue.Figure]) -> list[dict[str, Any]]:
    """Each figure with the address of its records and, for days, its words."""
    return [
        {
            "figure": figure,
            "url": figure_url(figure),
            "days": days_phrase(figure.value) if figure.metric.measure == Measure.DAYS else "",
        }
        for figure in figures
    ]


def days_phrase(days: Decimal | int) -> str:
    """ "181 days", "1 day", "12.5 days"."""
    shown = number_format(days, use_l10n=True)
    return ngettext("%(days)s day", "%(days)s days", int(days)) % {"days": shown}


class OrganizationTimelineView(LoginRequiredMixin, View):
    """Everything that touches one organization, newest first; htmx fetches the next page."""

    template_name = "reports/organization_timeline.html"
    entries_template_name = "reports/timeline_entries.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        organization = Organization.objects.restrict(request.user, "view").filter(pk=pk).first()
        if organization is None:
            raise Http404
        page_number = _page_number(request)
        page = organization_timeline(
            organization=organization,
            user=request.user,
            offset=(page_number - 1) * PAGE_SIZE,
        )
        context = {
            "organization": organization,
            "page": page,
            "next_page": page_number + 1 if page.has_more else None,
        }
        # htmx asks for the next entries only, to append them below those shown.
        fragment = getattr(request, "htmx", False) and page_number > 1
        template = self.entries_template_name if fragment else self.template_name
        return render(request, template, context)


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1
