"""The admin of centers, their partners, committees and appointments."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import RECORD_FIELDSET, TrackedAdmin, TrackedInline

from .models import Appointment, Center, CenterPartner, Committee
from .steps import APPOINTMENT_STEPS


class PartnerInline(TrackedInline):
    model = CenterPartner
    fields = ("organization", "role", "joined_on")


class CommitteeInline(TrackedInline):
    model = Committee
    fields = ("kind", "name_zh", "name_en", "established_on")


class AppointmentInline(TrackedInline):
    model = Appointment
    fk_name = "center"
    fields = ("person", "role", "committee", "starts_on", "ends_on", "announced_at")


class CommitteeAppointmentInline(AppointmentInline):
    fk_name = "committee"
    fields = ("person", "role", "center", "starts_on", "ends_on", "announced_at")


@admin.register(Center)
class CenterAdmin(TrackedAdmin):
    list_display = ("name_zh", "name_en", "kind", "status", "established_on", "parent")
    list_filter = ("kind", "status", "established_on")
    search_fields = ("name_zh", "name_en", "description")
    date_hierarchy = "established_on"
    list_select_related = ("parent",)
    autocomplete_fields = ("parent", "founding_agreement", "established_at")
    inlines = (PartnerInline, CommitteeInline, AppointmentInline)
    fieldsets = (
        (None, {"fields": ("name_zh", "name_en", "kind", "status", "parent")}),
        (
            _("Founding"),
            {"fields": ("founding_agreement", "established_on", "established_at")},
        ),
        (_("Work"), {"fields": ("focus_areas", "description")}),
        RECORD_FIELDSET,
    )


@admin.register(CenterPartner)
class CenterPartnerAdmin(TrackedAdmin):
    list_display = ("center", "organization", "role", "joined_on")
    list_filter = ("joined_on",)
    search_fields = (
        "center__name_zh",
        "center__name_en",
        "organization__name_zh",
        "organization__name_en",
    )
    list_select_related = ("center", "organization")
    autocomplete_fields = ("center", "organization")


@admin.register(Committee)
class CommitteeAdmin(TrackedAdmin):
    list_display = ("name_zh", "name_en", "kind", "center", "established_on")
    list_filter = ("kind", "established_on")
    search_fields = ("name_zh", "name_en", "center__name_zh", "center__name_en")
    list_select_related = ("center",)
    autocomplete_fields = ("center",)
    inlines = (CommitteeAppointmentInline,)


@admin.register(Appointment)
class AppointmentAdmin(TrackedAdmin):
    list_display = ("person", "role", "center", "committee", "starts_on", "ends_on", "announced_at")
    list_filter = ("role", "starts_on", "ends_on", "center__kind")
    search_fields = (
        "person__name_zh",
        "person__name_en",
        "center__name_zh",
        "center__name_en",
        "committee__name_zh",
    )
    date_hierarchy = "starts_on"
    list_select_related = ("person", "center", "committee", "announced_at")
    autocomplete_fields = ("person", "center", "committee", "announced_at")
    transitions = APPOINTMENT_STEPS
