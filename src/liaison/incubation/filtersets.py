from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from liaison.centers.choices import CenterKind
from liaison.centers.models import Center
from liaison.core.filtersets import ObjectFilterSet

from .choices import IncubationStatus, Origin
from .models import Incubation

DATE = django_filters.widgets.forms.DateInput(attrs={"type": "date"})
HIDDEN = django_filters.widgets.forms.HiddenInput


class IncubationFilterSet(ObjectFilterSet):
    search_fields = ("organization__name_zh", "organization__name_en", "space")

    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=IncubationStatus.choices,
        widget=django_filters.widgets.forms.CheckboxSelectMultiple,
    )
    origin = django_filters.ChoiceFilter(
        label=_("Origin"), choices=Origin.choices, empty_label=_("Any")
    )
    center = django_filters.ModelChoiceFilter(
        label=_("Incubation center"),
        queryset=Center.objects.filter(kind=CenterKind.INCUBATION),
        empty_label=_("Any"),
    )
    admitted_after = django_filters.DateFilter(
        label=_("Admitted on or after"), field_name="admitted_on", lookup_expr="gte", widget=DATE
    )
    admitted_before = django_filters.DateFilter(
        label=_("Admitted on or before"), field_name="admitted_on", lookup_expr="lte", widget=DATE
    )
    started = django_filters.BooleanFilter(
        label=_("Started incubating"),
        field_name="incubating_since",
        lookup_expr="isnull",
        exclude=True,
    )
    # Reached from an organization's, an achievement's or a person's page.
    organization = django_filters.NumberFilter(label=_("Company"), widget=HIDDEN)
    achievement = django_filters.NumberFilter(label=_("Founding achievement"), widget=HIDDEN)
    founder = django_filters.NumberFilter(label=_("Founder"), field_name="founders", widget=HIDDEN)

    class Meta:
        model = Incubation
        fields = (
            "q",
            "status",
            "origin",
            "center",
            "started",
            "admitted_after",
            "admitted_before",
        )
