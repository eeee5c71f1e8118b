from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from liaison.core.filtersets import ObjectFilterSet, YesNoAny, json_list_has
from liaison.core.lifecycle import today

from .choices import AppointmentRole, CenterKind, CenterStatus
from .models import Appointment, Center
from .selectors import term_runs


class CenterFilterSet(ObjectFilterSet):
    search_fields = ("name_zh", "name_en", "focus_areas__json", "description")

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=CenterKind.choices, empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CenterStatus.choices, empty_label=_("Any")
    )
    established_after = django_filters.DateFilter(
        label=_("Established on or after"),
        field_name="established_on",
        lookup_expr="gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    established_before = django_filters.DateFilter(
        label=_("Established on or before"),
        field_name="established_on",
        lookup_expr="lte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    focus = django_filters.CharFilter(label=_("Focus area"), method="filter_focus")
    # Reached from an organization's or a center's page: its centers, its sub-centers.
    partner = django_filters.NumberFilter(
        label=_("Partner"), field_name="partners", widget=django_filters.widgets.forms.HiddenInput
    )
    parent = django_filters.NumberFilter(
        label=_("Parent center"), widget=django_filters.widgets.forms.HiddenInput
    )

    class Meta:
        model = Center
        fields = ("q", "kind", "status", "established_after", "established_before", "focus")

    def filter_focus(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        return queryset.filter(json_list_has("focus_areas", value)) if value else queryset


class AppointmentFilterSet(ObjectFilterSet):
    search_fields = (
        "person__name_zh",
        "person__name_en",
        "center__name_zh",
        "center__name_en",
        "committee__name_zh",
        "committee__name_en",
    )

    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=AppointmentRole.choices, empty_label=_("Any")
    )
    center = django_filters.NumberFilter(
        label=_("Center"), widget=django_filters.widgets.forms.HiddenInput
    )
    person = django_filters.NumberFilter(
        label=_("Person"), widget=django_filters.widgets.forms.HiddenInput
    )
    current = django_filters.BooleanFilter(
        label=_("Term running today"),
        method="filter_current",
        widget=YesNoAny(),
    )
    starts_after = django_filters.DateFilter(
        label=_("Term starts on or after"),
        field_name="starts_on",
        lookup_expr="gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Appointment
        fields = ("q", "role", "current", "starts_after")

    def filter_current(
        self, queryset: QuerySet[Any], name: str, value: bool | None
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        running = term_runs(today())
        return queryset.filter(running if value else ~running)
