from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from liaison.centers.models import Center
from liaison.core.filtersets import ObjectFilterSet, RecordFilter
from liaison.organizations.models import Organization

from .choices import AttendanceStatus, EventKind, EventStatus, FunnelStage, OutcomeKind
from .models import EventAchievement, EventAttendance, EventNeed, EventOutcome, MarketEvent
from .selectors import reached

DATE = django_filters.widgets.forms.DateInput(attrs={"type": "date"})
HIDDEN = django_filters.widgets.forms.HiddenInput
EVENT_SEARCH = ("title_zh", "title_en", "place")


def event_filter() -> RecordFilter:
    return RecordFilter(label=_("Event"), model=MarketEvent, search_fields=EVENT_SEARCH)


def organization_filter() -> RecordFilter:
    return RecordFilter(
        label=_("Organization"),
        model=Organization,
        search_fields=("name_zh", "name_en", "aliases__json"),
    )


class MarketEventFilterSet(ObjectFilterSet):
    search_fields = ("title_zh", "title_en", "place", "description")

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EventKind.choices, empty_label=_("Any")
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=EventStatus.choices,
        widget=django_filters.widgets.forms.CheckboxSelectMultiple,
    )
    organizer = django_filters.ModelChoiceFilter(
        label=_("Organizing center"), queryset=Center.objects.all(), empty_label=_("Any")
    )
    held_after = django_filters.DateFilter(
        label=_("Held on or after"), field_name="held_on", lookup_expr="gte", widget=DATE
    )
    held_before = django_filters.DateFilter(
        label=_("Held on or before"), field_name="held_on", lookup_expr="lte", widget=DATE
    )

    class Meta:
        model = MarketEvent
        fields = ("q", "kind", "status", "organizer", "held_after", "held_before")


class EventAchievementFilterSet(ObjectFilterSet):
    search_fields = ("achievement__title_zh", "achievement__title_en", "pitch")

    event = event_filter()
    achievement = django_filters.NumberFilter(label=_("Achievement"), widget=HIDDEN)
    presenter = django_filters.NumberFilter(label=_("Presenter"), widget=HIDDEN)

    class Meta:
        model = EventAchievement
        fields = ("q", "event")


class EventNeedFilterSet(ObjectFilterSet):
    search_fields = ("need__title", "note")

    event = event_filter()
    need = django_filters.NumberFilter(label=_("Technical need"), widget=HIDDEN)

    class Meta:
        model = EventNeed
        fields = ("q", "event")


class EventAttendanceFilterSet(ObjectFilterSet):
    search_fields = ("organization__name_zh", "organization__name_en", "attendees")

    event = event_filter()
    organization = organization_filter()
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=AttendanceStatus.choices,
        widget=django_filters.widgets.forms.CheckboxSelectMultiple,
    )
    from_portal = django_filters.BooleanFilter(label=_("From the portal"))

    class Meta:
        model = EventAttendance
        fields = ("q", "event", "organization", "status", "from_portal")


class EventOutcomeFilterSet(ObjectFilterSet):
    search_fields = ("organization__name_zh", "organization__name_en", "note")

    event = event_filter()
    organization = organization_filter()
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=OutcomeKind.choices, empty_label=_("Any")
    )
    reached = django_filters.ChoiceFilter(
        label=_("Got as far as"),
        choices=FunnelStage.choices,
        empty_label=_("Any"),
        method="filter_reached",
    )
    noted_after = django_filters.DateFilter(
        label=_("Noted on or after"), field_name="noted_on", lookup_expr="gte", widget=DATE
    )
    noted_before = django_filters.DateFilter(
        label=_("Noted on or before"), field_name="noted_on", lookup_expr="lte", widget=DATE
    )
    # Reached from an achievement's, a need's, a person's or an agreement's page.
    achievement = django_filters.NumberFilter(label=_("Achievement"), widget=HIDDEN)
    need = django_filters.NumberFilter(label=_("Technical need"), widget=HIDDEN)
    expert = django_filters.NumberFilter(label=_("Expert"), widget=HIDDEN)
    agreement = django_filters.NumberFilter(label=_("Agreement"), widget=HIDDEN)

    class Meta:
        model = EventOutcome
        fields = ("q", "event", "organization", "kind", "reached", "noted_after", "noted_before")

    def filter_reached(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(reached(value, self.user))
