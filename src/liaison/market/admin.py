"""The admin of market events, their programme, registrations and intentions.

Statuses and the dates the steps keep are not edited in the forms: the buttons (open
registration, held, close, cancel; attended, no-show; record a match, carry to an agreement)
call the services, which decide whether the step is allowed.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import RECORD_FIELDSET, TrackedAdmin, TrackedInline

from .models import EventAchievement, EventAttendance, EventNeed, EventOutcome, MarketEvent
from .steps import ATTENDANCE_STEPS, EVENT_STEPS, OUTCOME_STEPS


class PresentationInline(TrackedInline):
    model = EventAchievement
    fields = ("order", "achievement", "presenter")
    ordering = ("order", "pk")


class ShowingInline(TrackedInline):
    model = EventNeed
    fields = ("order", "need")
    ordering = ("order", "pk")


@admin.register(MarketEvent)
class MarketEventAdmin(TrackedAdmin):
    list_display = ("title_zh", "kind", "held_on", "place", "organizer", "status", "capacity")
    list_filter = ("kind", "status", "held_on")
    search_fields = ("title_zh", "title_en", "place")
    date_hierarchy = "held_on"
    list_select_related = ("organizer",)
    autocomplete_fields = ("organizer",)
    inlines = (PresentationInline, ShowingInline)
    fieldsets = (
        (None, {"fields": ("kind", "title_zh", "title_en", "held_on", "ends_on", "place")}),
        (_("Organizer"), {"fields": ("organizer", "description")}),
        (
            _("Registration"),
            {"fields": ("status", "registration_closes_on", "capacity")},
        ),
        (_("End"), {"fields": ("closed_on", "cancelled_on", "cancel_reason")}),
        RECORD_FIELDSET,
    )
    transitions = EVENT_STEPS


@admin.register(EventAchievement)
class EventAchievementAdmin(TrackedAdmin):
    list_display = ("event", "order", "achievement", "presenter")
    list_filter = ("event",)
    search_fields = ("achievement__title_zh", "achievement__title_en", "event__title_zh")
    list_select_related = ("event", "achievement", "presenter")
    autocomplete_fields = ("event", "achievement", "presenter")


@admin.register(EventNeed)
class EventNeedAdmin(TrackedAdmin):
    list_display = ("event", "order", "need")
    list_filter = ("event",)
    search_fields = ("need__title", "event__title_zh")
    list_select_related = ("event", "need")
    autocomplete_fields = ("event", "need")


@admin.register(EventAttendance)
class EventAttendanceAdmin(TrackedAdmin):
    list_display = ("organization", "event", "status", "registered_on", "from_portal")
    list_filter = ("status", "from_portal", "event")
    search_fields = ("organization__name_zh", "organization__name_en", "attendees")
    list_select_related = ("organization", "event")
    autocomplete_fields = ("event", "organization", "people")
    fieldsets = (
        (None, {"fields": ("event", "organization", "attendees", "people", "note")}),
        (
            _("Registration"),
            {
                "fields": (
                    "status",
                    "registered_on",
                    "registered_by",
                    "from_portal",
                    "cancelled_on",
                )
            },
        ),
        RECORD_FIELDSET,
    )
    transitions = ATTENDANCE_STEPS


@admin.register(EventOutcome)
class EventOutcomeAdmin(TrackedAdmin):
    list_display = ("organization", "event", "kind", "noted_on", "match", "agreement")
    list_filter = ("kind", "noted_on", "event")
    search_fields = ("organization__name_zh", "organization__name_en", "note")
    date_hierarchy = "noted_on"
    list_select_related = ("organization", "event", "match", "agreement")
    autocomplete_fields = ("event", "organization", "achievement", "need", "expert")
    fieldsets = (
        (None, {"fields": ("event", "organization", "kind", "noted_on", "note")}),
        (_("What it is about"), {"fields": ("achievement", "need", "expert")}),
        (_("Where it led"), {"fields": ("match", "agreement")}),
        RECORD_FIELDSET,
    )
    transitions = OUTCOME_STEPS
