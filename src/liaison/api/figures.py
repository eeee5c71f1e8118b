"""/api/v1/figures/: the metric catalogue for a period and a center, each number with the
address of the records that make it (/api/v1/figures/<key>/records/), as on the pages.

Read through the same catalogue (`reports.catalogue`) and the same permissions: a number
counts what the caller may see, a value the caller is not cleared for is left out and said so
(`hidden`), and its records are exactly those counted.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from liaison.reports import catalogue
from liaison.reports.catalogue import Figure, Metric
from liaison.reports.choosing import center_from, period_from
from liaison.reports.links import figure_url

from .authentication import RecordsTokenUse
from .errors import ErrorSerializer, invalid
from .serializers import SUMMARY, summary

PERIOD_PARAMETERS = [
    OpenApiParameter(
        "from", str, description="The first day (YYYY-MM-DD); none: since the beginning."
    ),
    OpenApiParameter("to", str, description="The last day (YYYY-MM-DD); none: today."),
    OpenApiParameter("period", str, description="Instead of from/to: 2026, 2026-Q3 or 2026-07."),
    OpenApiParameter(
        "center", str, description="A center's id, or `none` for the records of no center."
    ),
]


class PartSerializer(serializers.Serializer[Any]):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    amount = serializers.DecimalField(max_digits=20, decimal_places=2, coerce_to_string=True)
    records = serializers.CharField(help_text="The records of this part.")
    page = serializers.CharField(help_text="The same records on the site.")


class FigureSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    version = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]
    definition = serializers.CharField()
    unit = serializers.CharField(help_text="count, CNY or days")
    flow = serializers.ChoiceField(choices=["stock", "flow"])
    value = serializers.DecimalField(max_digits=20, decimal_places=2, coerce_to_string=True)
    hidden = serializers.IntegerField(
        help_text="Rows left out of the value because the caller is not cleared for it."
    )
    additive = serializers.BooleanField(help_text="Whether centers' values add up to this one.")
    records = serializers.CharField(help_text="The records that make the value.")
    page = serializers.CharField(help_text="The same records on the site.")
    parts = PartSerializer(many=True)


def _records_url(request: Request, figure: Figure, part: str | None = None) -> str:
    params = figure_url(figure, part).split("?", 1)[1]
    path = reverse("api:figure-records", args=(figure.metric.key,))
    return request.build_absolute_uri(f"{path}?{params}")


def _answer(request: Request, figure: Figure) -> dict[str, Any]:
    metric = figure.metric
    return {
        "key": metric.key,
        "version": metric.version,
        "label": str(metric.label),
        "definition": str(metric.definition),
        "unit": metric.unit,
        "flow": str(metric.flow),
        "value": figure.value,
        "hidden": figure.hidden,
        "additive": metric.additive,
        "records": _records_url(request, figure),
        "page": request.build_absolute_uri(figure_url(figure)),
        "parts": [
            {
                "value": part.value,
                "label": part.label,
                "amount": part.amount,
                "records": _records_url(request, figure, part.value),
                "page": request.build_absolute_uri(figure_url(figure, part.value)),
            }
            for part in figure.parts
        ],
    }


def _period(request: Request) -> Any:
    period, error = period_from(request)
    if error:
        raise invalid({"period": [error]})
    return period


class FiguresView(RecordsTokenUse, APIView):
    """Every metric of the catalogue (its latest version) for the period and the center."""

    @extend_schema(
        parameters=PERIOD_PARAMETERS,
        responses={200: FigureSerializer(many=True), 400: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        period = _period(request)
        center = center_from(request)
        figures = catalogue.catalogue_for(period=period, user=request.user, center=center)
        return Response(FigureSerializer([_answer(request, f) for f in figures], many=True).data)


class RecordsCursor(CursorPagination):
    page_size = 50
    page_size_query_param = "per_page"
    max_page_size = 200
    ordering = "-pk"


class FigureRecordsView(RecordsTokenUse, APIView):
    """The records that make one figure (or one part of it): as many as the number counts."""

    @extend_schema(
        parameters=[
            *PERIOD_PARAMETERS,
            OpenApiParameter(
                "part", str, description="One part of a split figure (a kind, a stage)."
            ),
            OpenApiParameter("version", int, description="The metric's version (latest if none)."),
            OpenApiParameter("cursor", str, description="The page (from `next`)."),
            OpenApiParameter("per_page", int, description="Up to 200; 50 if none."),
        ],
        responses={
            200: inline_serializer(
                name="FigureRecords",
                fields={
                    "next": serializers.CharField(allow_null=True),
                    "previous": serializers.CharField(allow_null=True),
                    "results": SUMMARY.__class__(many=True),
                },
            ),
            400: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def get(self, request: Request, key: str) -> Response:
        metric = _metric(request, key)
        period = _period(request)
        center = center_from(request)
        rows = metric.rows(period, request.user, center)
        part = request.query_params.get("part")
        if part:
            if metric.split is None or part not in metric.split.labels():
                raise invalid({"part": [_("This figure has no such part.")]})
            rows = catalogue.part_rows(metric, rows, part)
        paginator = RecordsCursor()
        page = paginator.paginate_queryset(rows, request, view=self) or []
        return paginator.get_paginated_response([summary(record) for record in page])


def _metric(request: Request, key: str) -> Metric:
    raw = request.query_params.get("version", "")
    if raw and not raw.isdigit():
        raise invalid({"version": [_("A whole number.")]})
    try:
        return catalogue.metric(key, int(raw) if raw else None)
    except catalogue.UnknownMetricError:
        raise Http404 from None
