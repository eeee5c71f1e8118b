"""The admin of achievements and their dated stage history.

The current stage is kept by the achievement services from the history: a new stage is
recorded with the button on the achievement's page, never typed into the form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import RECORD_FIELDSET, ReadOnlyAdmin, ReadOnlyInline, TrackedAdmin

from .models import Achievement, StageEntry
from .steps import ACHIEVEMENT_STEPS


class StageHistoryInline(ReadOnlyInline):
    model = StageEntry
    fields = ("stage", "reached_on", "evidence", "created_at")
    readonly_fields = fields
    show_change_link = False


@admin.register(Achievement)
class AchievementAdmin(TrackedAdmin):
    list_display = (
        "title_zh",
        "title_en",
        "kind",
        "center",
        "trl",
        "stage",
        "stage_since",
        "transfer_mode",
        "patent_number",
    )
    list_filter = ("kind", "stage", "trl", "transfer_mode", "stage_since", "center")
    search_fields = ("title_zh", "title_en", "patent_number", "description")
    list_select_related = ("center",)
    autocomplete_fields = ("center", "owners", "inventors")
    inlines = (StageHistoryInline,)
    fieldsets = (
        (None, {"fields": ("title_zh", "title_en", "kind", "patent_number", "center")}),
        (_("People and owners"), {"fields": ("owners", "inventors")}),
        (_("Maturity"), {"fields": ("trl", "stage", "stage_since", "transfer_mode")}),
        (_("Content"), {"fields": ("description", "keywords")}),
        RECORD_FIELDSET,
    )

    transitions = ACHIEVEMENT_STEPS

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # The stage history is kept by services, so no one may delete it here; it goes with
        # an achievement its delete service lets go, which decides instead of this page.
        kept_by_services = str(StageEntry._meta.verbose_name)
        perms_needed = {name for name in perms_needed if str(name) != kept_by_services}
        return deleted, counts, perms_needed, protected


@admin.register(StageEntry)
class StageEntryAdmin(ReadOnlyAdmin):
    list_display = ("achievement", "stage", "reached_on")
    list_filter = ("stage", "reached_on")
    search_fields = ("achievement__title_zh", "achievement__title_en", "evidence")
    date_hierarchy = "reached_on"
    list_select_related = ("achievement",)
