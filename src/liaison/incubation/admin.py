"""The admin of incubated companies, their milestones and resources.

A stay's status and its dates after admission are not edited in its form: the buttons on its
page (start incubating, graduate, move out, close) call the services, which decide whether
the step is allowed. Milestones and resources are added, changed and deleted on their own.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import RECORD_FIELDSET, TrackedAdmin, TrackedInline

from .choices import EXITED_STATUSES
from .models import Incubation, IncubationMilestone, IncubationResource
from .steps import INCUBATION_STEPS


class _OpenStayInline(TrackedInline):
    def add_link(self, request: HttpRequest, parent: Model) -> dict[str, Any] | None:
        # A company that left the incubator takes nothing new.
        if getattr(parent, "status", None) in EXITED_STATUSES:
            return None
        return super().add_link(request, parent)


class MilestoneInline(_OpenStayInline):
    model = IncubationMilestone
    fields = ("kind", "reached_on", "amount", "currency")
    ordering = ("reached_on", "pk")


class ResourceInline(_OpenStayInline):
    model = IncubationResource
    fields = ("kind", "starts_on", "ends_on", "area_m2", "fee", "currency")
    ordering = ("starts_on", "pk")


@admin.register(Incubation)
class IncubationAdmin(TrackedAdmin):
    list_display = (
        "organization",
        "center",
        "origin",
        "status",
        "admitted_on",
        "incubating_since",
        "exited_on",
        "institute_shareholding",
    )
    list_filter = ("status", "origin", "center", "admitted_on")
    search_fields = ("organization__name_zh", "organization__name_en", "space")
    date_hierarchy = "admitted_on"
    list_select_related = ("organization", "center")
    autocomplete_fields = (
        "organization",
        "center",
        "achievement",
        "founders",
        "achievements",
        "agreement",
    )
    inlines = (MilestoneInline, ResourceInline)
    fieldsets = (
        (None, {"fields": ("organization", "center", "origin", "achievement", "agreement")}),
        (_("People and achievements"), {"fields": ("founders", "achievements")}),
        (
            _("Stay"),
            {"fields": ("admitted_on", "status", "incubating_since", "exited_on", "exit_note")},
        ),
        (_("Space and shares"), {"fields": ("space", "area_m2", "institute_shareholding")}),
        RECORD_FIELDSET,
    )
    transitions = INCUBATION_STEPS


@admin.register(IncubationMilestone)
class IncubationMilestoneAdmin(TrackedAdmin):
    list_display = ("incubation", "kind", "reached_on", "amount", "currency")
    list_filter = ("kind", "reached_on")
    search_fields = ("incubation__organization__name_zh", "incubation__organization__name_en")
    date_hierarchy = "reached_on"
    list_select_related = ("incubation__organization", "incubation__center")
    autocomplete_fields = ("incubation",)


@admin.register(IncubationResource)
class IncubationResourceAdmin(TrackedAdmin):
    list_display = ("incubation", "kind", "starts_on", "ends_on", "area_m2", "fee", "currency")
    list_filter = ("kind", "starts_on")
    search_fields = ("incubation__organization__name_zh", "incubation__organization__name_en")
    date_hierarchy = "starts_on"
    list_select_related = ("incubation__organization", "incubation__center")
    autocomplete_fields = ("incubation",)
