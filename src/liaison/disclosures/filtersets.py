from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from liaison.centers.models import Center
from liaison.core.filtersets import ObjectFilterSet

from .choices import DisclosureDecision, DisclosureStatus
from .models import Disclosure


def _responsible_users() -> QuerySet[Any]:
    return (
        get_user_model()
        ._default_manager.filter(responsible_disclosures__isnull=False)
        .distinct()
        .order_by("username")
    )


class DisclosureFilterSet(ObjectFilterSet):
    search_fields = ("case_number", "title_zh", "title_en", "description")

    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=DisclosureStatus.choices,
        widget=django_filters.widgets.forms.CheckboxSelectMultiple,
    )
    decision = django_filters.ChoiceFilter(
        label=_("Decision"), choices=DisclosureDecision.choices, empty_label=_("Any")
    )
    center = django_filters.ModelChoiceFilter(
        label=_("Center"), queryset=Center.objects.all(), empty_label=_("Any")
    )
    responsible = django_filters.ModelChoiceFilter(
        label=_("Responsible"),
        queryset=get_user_model()._default_manager.none(),
        empty_label=_("Any"),
    )
    year = django_filters.NumberFilter(label=_("Year submitted"), method="filter_year")
    # Reached from a person's or an achievement's page.
    inventor = django_filters.NumberFilter(
        label=_("Inventor"),
        field_name="inventors__person",
        distinct=True,
        widget=django_filters.widgets.forms.HiddenInput,
    )
    achievement = django_filters.NumberFilter(
        label=_("Achievement"), widget=django_filters.widgets.forms.HiddenInput
    )

    class Meta:
        model = Disclosure
        fields = ("q", "status", "decision", "center", "responsible", "year")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The office's people are accounts, which its roles do not list as records: the
        # choice is among those responsible for a disclosure, unnarrowed.
        self.filters["responsible"].queryset = _responsible_users()

    def filter_year(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(submitted_on__year=int(value)) if value else queryset
