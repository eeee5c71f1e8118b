from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from liaison.core.filtersets import ObjectFilterSet, YesNoAny
from liaison.needs.choices import OPEN_NEED_STATUSES
from liaison.organizations.choices import OrganizationKind
from liaison.people.filtersets import PersonFilterSet

from .choices import PlacedKind, PlacementSource, PlacementStatus, Position
from .models import ChainSegment, IndustryChain, SegmentPlacement

HIDDEN = django_filters.widgets.forms.HiddenInput


class IndustryChainFilterSet(ObjectFilterSet):
    search_fields = ("code", "name_zh", "name_en", "region", "description")

    active = django_filters.BooleanFilter(label=_("Active"), widget=YesNoAny)

    class Meta:
        model = IndustryChain
        fields = ("q", "active")


class ChainSegmentFilterSet(ObjectFilterSet):
    search_fields = ("code", "name_zh", "name_en", "description", "keywords__json")

    chain = django_filters.ModelChoiceFilter(
        label=_("Industry chain"), queryset=IndustryChain.objects.all(), empty_label=_("Any")
    )
    position = django_filters.ChoiceFilter(
        label=_("Position"), choices=Position.choices, empty_label=_("Any")
    )

    class Meta:
        model = ChainSegment
        fields = ("q", "chain", "position")


class SegmentPlacementFilterSet(ObjectFilterSet):
    search_fields = (
        "segment__name_zh",
        "segment__name_en",
        "organization__name_zh",
        "organization__name_en",
        "need__title",
        "achievement__title_zh",
        "achievement__title_en",
        "center__name_zh",
        "agreement__number",
        "agreement__title_zh",
        "person__name_zh",
        "person__name_en",
    )

    chain = django_filters.ModelChoiceFilter(
        label=_("Industry chain"),
        field_name="segment__chain",
        queryset=IndustryChain.objects.all(),
        empty_label=_("Any"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Record type"), choices=PlacedKind.choices, empty_label=_("Any")
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=PlacementStatus.choices,
        widget=django_filters.widgets.forms.CheckboxSelectMultiple,
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=PlacementSource.choices, empty_label=_("Any")
    )
    open_need = django_filters.BooleanFilter(
        label=_("Open needs only"), method="filter_open_need", widget=YesNoAny
    )
    # Reached from the map's cells and from the records' pages.
    segment = django_filters.NumberFilter(label=_("Segment"), widget=HIDDEN)
    org_kind = django_filters.ChoiceFilter(
        label=_("Organization kind"),
        field_name="organization__kind",
        choices=OrganizationKind.choices,
        widget=HIDDEN,
    )
    organization = django_filters.NumberFilter(label=_("Organization"), widget=HIDDEN)
    need = django_filters.NumberFilter(label=_("Technical need"), widget=HIDDEN)
    achievement = django_filters.NumberFilter(label=_("Achievement"), widget=HIDDEN)
    center = django_filters.NumberFilter(label=_("Center"), widget=HIDDEN)
    agreement = django_filters.NumberFilter(label=_("Agreement"), widget=HIDDEN)
    person = django_filters.NumberFilter(label=_("Expert"), widget=HIDDEN)

    class Meta:
        model = SegmentPlacement
        fields = ("q", "chain", "kind", "status", "source", "open_need")

    def filter_open_need(self, queryset: QuerySet[Any], name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        open_needs = {"kind": PlacedKind.NEED, "need__status__in": sorted(OPEN_NEED_STATUSES)}
        return queryset.filter(**open_needs) if value else queryset.exclude(**open_needs)


class SegmentExpertFilterSet(PersonFilterSet):
    """The experts of one segment, searched and filtered as the people's list is."""
