from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from liaison.centers.models import Center
from liaison.core.choices import Confidentiality
from liaison.core.filtersets import ObjectFilterSet, json_list_has
from liaison.core.forms import RecordSelect

from .choices import Domain, NeedStatus, ServiceKind
from .models import ServiceRecord, TechnicalNeed

DATE_RANGE = django_filters.widgets.DateRangeWidget(attrs={"type": "date"})
HIDDEN = django_filters.widgets.forms.HiddenInput
# A select of every center renders each of its options through a template: searched instead.
CENTER_SEARCH = ("name_zh", "name_en")


class TechnicalNeedFilterSet(ObjectFilterSet):
    search_fields = ("title", "description", "organization__name_zh", "organization__name_en")

    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=NeedStatus.choices)
    domain = django_filters.ChoiceFilter(
        label=_("Domain"), choices=Domain.choices, method="filter_domain", empty_label=_("Any")
    )
    confidentiality = django_filters.ChoiceFilter(
        label=_("Confidentiality"), choices=Confidentiality.choices, empty_label=_("Any")
    )
    center = django_filters.ModelChoiceFilter(
        label=_("Assigned center"),
        field_name="assigned_center",
        queryset=Center.objects.all(),
        widget=RecordSelect(Center, CENTER_SEARCH),
        empty_label=_("Any"),
    )
    city = django_filters.CharFilter(
        label=_("City of the enterprise"), field_name="organization__city", lookup_expr="icontains"
    )
    submitted_on = django_filters.DateFromToRangeFilter(
        label=_("Submitted between"), widget=DATE_RANGE
    )
    deadline = django_filters.DateFromToRangeFilter(label=_("Deadline between"), widget=DATE_RANGE)
    budget_min = django_filters.NumberFilter(
        label=_("Budget at least"), field_name="budget", lookup_expr="gte"
    )
    budget_max = django_filters.NumberFilter(
        label=_("Budget at most"), field_name="budget", lookup_expr="lte"
    )
    # Set by the links of other pages (an organization's needs).
    organization = django_filters.NumberFilter(label=_("Submitted by"), widget=HIDDEN)

    class Meta:
        model = TechnicalNeed
        fields = (
            "q",
            "status",
            "domain",
            "confidentiality",
            "center",
            "city",
            "submitted_on",
            "deadline",
            "budget_min",
            "budget_max",
        )

    def filter_domain(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(json_list_has("domains", value)) if value else queryset


class ServiceRecordFilterSet(ObjectFilterSet):
    search_fields = ("title", "description", "organization__name_zh", "organization__name_en")

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ServiceKind.choices, empty_label=_("Any")
    )
    center = django_filters.ModelChoiceFilter(
        label=_("Center"),
        queryset=Center.objects.all(),
        widget=RecordSelect(Center, CENTER_SEARCH),
        empty_label=_("Any"),
    )
    city = django_filters.CharFilter(
        label=_("City of the organization served"),
        field_name="organization__city",
        lookup_expr="icontains",
    )
    delivered_on = django_filters.DateFromToRangeFilter(
        label=_("Delivered between"), widget=DATE_RANGE
    )
    revenue_min = django_filters.NumberFilter(
        label=_("Revenue at least"), field_name="revenue", lookup_expr="gte"
    )
    revenue_max = django_filters.NumberFilter(
        label=_("Revenue at most"), field_name="revenue", lookup_expr="lte"
    )
    # Set by the links of other pages (an organization's, a need's, an agreement's services).
    organization = django_filters.NumberFilter(label=_("Organization served"), widget=HIDDEN)
    need = django_filters.NumberFilter(label=_("Technical need"), widget=HIDDEN)
    agreement = django_filters.NumberFilter(label=_("Agreement"), widget=HIDDEN)
    # The services its companies received since their admission (an incubation center's page).
    incubator = django_filters.NumberFilter(
        label=_("Incubated at"), method="filter_incubator", widget=HIDDEN
    )

    class Meta:
        model = ServiceRecord
        fields = (
            "q",
            "kind",
            "center",
            "city",
            "delivered_on",
            "revenue_min",
            "revenue_max",
        )

    def filter_incubator(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        # One filter() call: the admission compared is the one at that center (the incubation
        # app sits above this one, so it is reached through its reverse relation).
        return queryset.filter(
            organization__incubations__center=value,
            organization__incubations__admitted_on__lte=F("delivered_on"),
        ).distinct()
