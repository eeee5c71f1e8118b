from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from liaison.centers.models import Center
from liaison.core.filtersets import ObjectFilterSet

from .choices import SupervisionSide, TraineeLevel, TraineeStatus
from .models import Supervision, Trainee

HIDDEN = django_filters.widgets.forms.HiddenInput


class TraineeFilterSet(ObjectFilterSet):
    search_fields = ("person__name_zh", "person__name_en", "title", "agreement__number")

    level = django_filters.MultipleChoiceFilter(
        label=_("Level"),
        choices=TraineeLevel.choices,
        widget=django_filters.widgets.forms.CheckboxSelectMultiple,
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=TraineeStatus.choices,
        widget=django_filters.widgets.forms.CheckboxSelectMultiple,
    )
    center = django_filters.ModelChoiceFilter(
        label=_("Center"), queryset=Center.objects.all(), empty_label=_("Any")
    )
    year_started = django_filters.NumberFilter(
        label=_("Year started"), field_name="starts_on", lookup_expr="year"
    )
    year_ended = django_filters.NumberFilter(
        label=_("Year ended"), field_name="ends_on", lookup_expr="year"
    )
    in_training_in = django_filters.NumberFilter(
        label=_("In training during the year"), method="filter_in_training_in"
    )
    # Reached from an agreement's or a person's page.
    agreement = django_filters.NumberFilter(label=_("Agreement"), widget=HIDDEN)
    person = django_filters.NumberFilter(label=_("Person"), widget=HIDDEN)

    class Meta:
        model = Trainee
        fields = (
            "q",
            "level",
            "status",
            "center",
            "year_started",
            "year_ended",
            "in_training_in",
        )

    def filter_in_training_in(
        self, queryset: QuerySet[Any], name: str, value: int | None
    ) -> QuerySet[Any]:
        # As the training counts by year count them: started by the year's end, not ended
        # before it began.
        if value is None:
            return queryset
        year = int(value)
        return queryset.filter(
            Q(starts_on__year__lte=year), Q(ends_on__isnull=True) | Q(ends_on__year__gte=year)
        )


class SupervisionFilterSet(ObjectFilterSet):
    search_fields = (
        "supervisor__name_zh",
        "supervisor__name_en",
        "trainee__person__name_zh",
        "trainee__person__name_en",
    )

    side = django_filters.ChoiceFilter(
        label=_("Side"), choices=SupervisionSide.choices, empty_label=_("Any")
    )
    trainee = django_filters.NumberFilter(label=_("Trainee"), widget=HIDDEN)
    supervisor = django_filters.NumberFilter(label=_("Supervisor"), widget=HIDDEN)

    class Meta:
        model = Supervision
        fields = ("q", "side")
