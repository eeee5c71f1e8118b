from __future__ import annotations

from typing import Any

import django_filters
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from liaison.core.filtersets import ObjectFilterSet, RecordFilter, YesNoAny, json_list_has

from .choices import OrganizationKind, OrganizationSize
from .models import Organization


class OrganizationFilterSet(ObjectFilterSet):
    search_fields = ("name_zh", "name_en", "aliases__json", "credit_code")

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=OrganizationKind.choices, empty_label=_("Any")
    )
    size = django_filters.ChoiceFilter(
        label=_("Size"), choices=OrganizationSize.choices, empty_label=_("Any")
    )
    local = django_filters.BooleanFilter(
        label=_("Local"),
        method="filter_local",
        widget=YesNoAny(),
    )
    country = django_filters.CharFilter(label=_("Country (ISO code)"), lookup_expr="iexact")
    province = django_filters.CharFilter(label=_("Province"), lookup_expr="icontains")
    city = django_filters.CharFilter(label=_("City"), lookup_expr="icontains")
    industry = django_filters.CharFilter(label=_("Industry"), lookup_expr="icontains")
    tag = django_filters.CharFilter(label=_("Tag"), method="filter_tag")
    parent = RecordFilter(
        model=Organization,
        search_fields=("name_zh", "name_en", "aliases__json"),
        label=_("Parent organization"),
        empty_label=_("Any"),
    )

    class Meta:
        model = Organization
        fields = (
            "q",
            "kind",
            "size",
            "local",
            "country",
            "province",
            "city",
            "industry",
            "tag",
            "parent",
        )

    def filter_local(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        local = Q(city__in=settings.LIAISON_LOCAL_CITIES)
        return queryset.filter(local if value else ~local)

    def filter_tag(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        return queryset.filter(json_list_has("tags", value)) if value else queryset
