"""The admin of trainees and their supervisions.

A trainee's status and end date are kept by the graduate and withdraw steps (the buttons on
their page), never typed into the form; supervisors are added on their own page, through
the supervision services that check they belong to the agreement's parties.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import RECORD_FIELDSET, TrackedAdmin, TrackedInline

from .models import Supervision, Trainee
from .steps import GRADUATE, WITHDRAW


class SupervisionInline(TrackedInline):
    model = Supervision
    fields = ("supervisor", "side")


@admin.register(Trainee)
class TraineeAdmin(TrackedAdmin):
    list_display = ("person", "level", "agreement", "center", "starts_on", "ends_on", "status")
    list_filter = ("level", "status", "starts_on", "center")
    search_fields = ("person__name_zh", "person__name_en", "title", "agreement__number")
    list_select_related = ("person", "agreement", "center")
    autocomplete_fields = ("person", "agreement", "center", "achievements", "services")
    inlines = (SupervisionInline,)
    fieldsets = (
        (None, {"fields": ("person", "level", "agreement", "center", "title")}),
        (_("Training"), {"fields": ("starts_on", "status", "ends_on")}),
        (_("Contributions"), {"fields": ("achievements", "services")}),
        (_("Note"), {"fields": ("note",)}),
        RECORD_FIELDSET,
    )

    transitions = (GRADUATE, WITHDRAW)


@admin.register(Supervision)
class SupervisionAdmin(TrackedAdmin):
    list_display = ("supervisor", "side", "trainee")
    list_filter = ("side",)
    search_fields = (
        "supervisor__name_zh",
        "supervisor__name_en",
        "trainee__person__name_zh",
        "trainee__person__name_en",
    )
    list_select_related = ("supervisor", "trainee__person")
    autocomplete_fields = ("trainee", "supervisor")
    fieldsets = ((None, {"fields": ("trainee", "supervisor", "side")}), RECORD_FIELDSET)
