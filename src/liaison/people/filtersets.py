from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from liaison.core.filtersets import ObjectFilterSet, YesNoAny, json_list_has
from liaison.core.lifecycle import today

from .choices import Honour, PersonKind
from .models import Affiliation, Person

HIDDEN = django_filters.widgets.forms.HiddenInput


class PersonFilterSet(ObjectFilterSet):
    # Contact data is not searched: a search must not reveal what the page would not show.
    search_fields = ("name_zh", "name_en", "title", "expertise__json", "profile")

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=PersonKind.choices, empty_label=_("Any")
    )
    honour = django_filters.ChoiceFilter(
        label=_("Honour"), choices=Honour.choices, method="filter_honour", empty_label=_("Any")
    )
    available = django_filters.BooleanFilter(label=_("Available for new work"), widget=YesNoAny())
    expertise = django_filters.CharFilter(label=_("Expertise keyword"), method="filter_expertise")
    # Reached from an organization's page: the people affiliated with it.
    organization = django_filters.NumberFilter(
        label=_("Organization"),
        field_name="affiliations__organization",
        distinct=True,
        widget=HIDDEN,
    )

    class Meta:
        model = Person
        fields = ("q", "kind", "honour", "available", "expertise")

    def filter_honour(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(json_list_has("honours", value)) if value else queryset

    def filter_expertise(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        return queryset.filter(json_list_has("expertise", value)) if value else queryset


class AffiliationFilterSet(ObjectFilterSet):
    search_fields = (
        "person__name_zh",
        "person__name_en",
        "organization__name_zh",
        "organization__name_en",
        "position",
    )

    is_primary = django_filters.BooleanFilter(label=_("Primary affiliation"), widget=YesNoAny())
    current = django_filters.BooleanFilter(
        label=_("Held today"),
        method="filter_current",
        widget=YesNoAny(),
    )
    person = django_filters.NumberFilter(label=_("Person"), widget=HIDDEN)
    organization = django_filters.NumberFilter(label=_("Organization"), widget=HIDDEN)

    class Meta:
        model = Affiliation
        fields = ("q", "is_primary", "current")

    def filter_current(
        self, queryset: QuerySet[Any], name: str, value: bool | None
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        now = today()
        held = (Q(starts_on__isnull=True) | Q(starts_on__lte=now)) & (
            Q(ends_on__isnull=True) | Q(ends_on__gte=now)
        )
        return queryset.filter(held if value else ~held)
