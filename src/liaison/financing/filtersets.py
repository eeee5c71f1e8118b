from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from liaison.core.choices import Currency
from liaison.core.filtersets import ObjectFilterSet

from .choices import RoundKind, RoundStatus
from .models import FinancingRound

DATE = django_filters.widgets.forms.DateInput(attrs={"type": "date"})
HIDDEN = django_filters.widgets.forms.HiddenInput


class FinancingRoundFilterSet(ObjectFilterSet):
    search_fields = (
        "venture__name_zh",
        "venture__name_en",
        "achievement__title_zh",
        "achievement__title_en",
        "note",
    )

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=RoundKind.choices, empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RoundStatus.choices, empty_label=_("Any")
    )
    currency = django_filters.ChoiceFilter(
        label=_("Currency"), choices=Currency.choices, empty_label=_("Any")
    )
    amount_min = django_filters.NumberFilter(
        label=_("Amount at least"), field_name="amount", lookup_expr="gte"
    )
    amount_max = django_filters.NumberFilter(
        label=_("Amount at most"), field_name="amount", lookup_expr="lte"
    )
    announced_after = django_filters.DateFilter(
        label=_("Announced on or after"),
        field_name="announced_on",
        lookup_expr="gte",
        widget=DATE,
    )
    announced_before = django_filters.DateFilter(
        label=_("Announced on or before"),
        field_name="announced_on",
        lookup_expr="lte",
        widget=DATE,
    )
    # Reached from an organization's, an achievement's or a center's page.
    venture = django_filters.NumberFilter(label=_("Venture"), widget=HIDDEN)
    achievement = django_filters.NumberFilter(label=_("Achievement"), widget=HIDDEN)
    investor = django_filters.NumberFilter(
        label=_("Investor"), field_name="investors", widget=HIDDEN
    )
    center = django_filters.NumberFilter(
        label=_("Center"), field_name="achievement__center", widget=HIDDEN
    )
    # The rounds its companies closed since their admission (an incubation center's page).
    incubator = django_filters.NumberFilter(
        label=_("Incubated at"), method="filter_incubator", widget=HIDDEN
    )

    class Meta:
        model = FinancingRound
        fields = (
            "q",
            "kind",
            "status",
            "currency",
            "amount_min",
            "amount_max",
            "announced_after",
            "announced_before",
        )

    def filter_incubator(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        # One filter() call: the admission compared is the one at that center (the incubation
        # app sits above this one, so it is reached through its reverse relation).
        return queryset.filter(
            venture__incubations__center=value,
            venture__incubations__admitted_on__lte=F("closed_on"),
        ).distinct()
