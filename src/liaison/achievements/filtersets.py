from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from liaison.centers.models import Center
from liaison.core.filtersets import ObjectFilterSet, json_list_has

from .choices import AchievementKind, Stage, TransferMode
from .models import Achievement

DATE = django_filters.widgets.forms.DateInput(attrs={"type": "date"})


class AchievementFilterSet(ObjectFilterSet):
    search_fields = ("title_zh", "title_en", "keywords__json", "patent_number", "description")

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=AchievementKind.choices, empty_label=_("Any")
    )
    stage = django_filters.MultipleChoiceFilter(
        label=_("Stage"),
        choices=Stage.choices,
        widget=django_filters.widgets.forms.CheckboxSelectMultiple,
    )
    center = django_filters.ModelChoiceFilter(
        label=_("Center"), queryset=Center.objects.all(), empty_label=_("Any")
    )
    transfer_mode = django_filters.ChoiceFilter(
        label=_("Transfer mode"), choices=TransferMode.choices, empty_label=_("Any")
    )
    trl_min = django_filters.NumberFilter(
        label=_("Readiness level at least"), field_name="trl", lookup_expr="gte"
    )
    stage_since_after = django_filters.DateFilter(
        label=_("At its stage since, on or after"),
        field_name="stage_since",
        lookup_expr="gte",
        widget=DATE,
    )
    keyword = django_filters.CharFilter(label=_("Keyword"), method="filter_keyword")
    # Reached from an organization's or a person's page.
    owner = django_filters.NumberFilter(
        label=_("Owner"), field_name="owners", widget=django_filters.widgets.forms.HiddenInput
    )
    inventor = django_filters.NumberFilter(
        label=_("Inventor"),
        field_name="inventors",
        widget=django_filters.widgets.forms.HiddenInput,
    )

    class Meta:
        model = Achievement
        fields = (
            "q",
            "kind",
            "stage",
            "center",
            "transfer_mode",
            "trl_min",
            "stage_since_after",
            "keyword",
        )

    def filter_keyword(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        return queryset.filter(json_list_has("keywords", value)) if value else queryset
