"""The admin of industry chains, their segments and the records placed on them.

A placement's kind, source and status are the services' to keep: a suggestion is accepted or
rejected with the buttons of its page (the same steps as the pages').
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import RECORD_FIELDSET, TrackedAdmin, TrackedInline

from .models import ChainSegment, IndustryChain, SegmentPlacement
from .steps import PLACEMENT_STEPS


class SegmentInline(TrackedInline):
    model = ChainSegment
    fields = ("code", "name_zh", "position", "order")
    ordering = ("order", "code")


@admin.register(IndustryChain)
class IndustryChainAdmin(TrackedAdmin):
    list_display = ("name_zh", "name_en", "code", "region", "order", "active")
    list_filter = ("active",)
    search_fields = ("code", "name_zh", "name_en", "region")
    inlines = (SegmentInline,)
    fieldsets = (
        (None, {"fields": ("code", "name_zh", "name_en", "region", "order", "active")}),
        (_("Description"), {"fields": ("description",)}),
        RECORD_FIELDSET,
    )


@admin.register(ChainSegment)
class ChainSegmentAdmin(TrackedAdmin):
    list_display = ("name_zh", "name_en", "chain", "code", "position", "order")
    list_filter = ("chain", "position")
    search_fields = ("code", "name_zh", "name_en", "description")
    list_select_related = ("chain",)
    autocomplete_fields = ("chain",)
    fieldsets = (
        (None, {"fields": ("chain", "code", "name_zh", "name_en", "position", "order")}),
        (_("Matching text"), {"fields": ("description", "keywords")}),
        RECORD_FIELDSET,
    )


@admin.register(SegmentPlacement)
class SegmentPlacementAdmin(TrackedAdmin):
    list_display = ("segment", "kind", "status", "source", "score", "decided_at")
    list_filter = ("status", "source", "kind", "segment__chain")
    search_fields = (
        "segment__name_zh",
        "organization__name_zh",
        "need__title",
        "achievement__title_zh",
        "center__name_zh",
        "agreement__number",
        "person__name_zh",
    )
    # Each row names its record: read with it.
    list_select_related = (
        "segment__chain",
        "organization",
        "need",
        "achievement",
        "center",
        "agreement",
        "person",
    )
    autocomplete_fields = (
        "segment",
        "organization",
        "need",
        "achievement",
        "center",
        "agreement",
        "person",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "segment",
                    "organization",
                    "need",
                    "achievement",
                    "center",
                    "agreement",
                    "person",
                    "note",
                )
            },
        ),
        (
            _("How it was placed"),
            {
                "fields": (
                    "kind",
                    "source",
                    "status",
                    "score",
                    "explanation",
                    "decided_by",
                    "decided_at",
                )
            },
        ),
        RECORD_FIELDSET,
    )
    transitions = PLACEMENT_STEPS
