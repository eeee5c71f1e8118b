"""The admin of invention disclosures, their inventors, funding and documents, and their history.

A disclosure's status, case number, responsible person and decision are not edited in its
form: the buttons on its page (acknowledge, assign, start the evaluation, decide, accept,
withdraw) call the disclosure services. Its dated history is written by those services only
and shown read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import (
    RECORD_FIELDS,
    RECORD_FIELDSET,
    ReadOnlyAdmin,
    ReadOnlyInline,
    TrackedAdmin,
    TrackedInline,
)

from .models import (
    Disclosure,
    DisclosureAttachment,
    DisclosureEvent,
    DisclosureFunding,
    DisclosureInventor,
)
from .steps import DISCLOSURE_STEPS


class InventorInline(TrackedInline):
    model = DisclosureInventor
    fields = ("person", "share")


class FundingInline(TrackedInline):
    model = DisclosureFunding
    fields = ("sponsor", "agreement", "project", "sponsor_has_rights")


class AttachmentInline(TrackedInline):
    model = DisclosureAttachment
    fields = ("title", "file")


class EventInline(ReadOnlyInline):
    model = DisclosureEvent
    fields = ("happened_on", "kind", "recorded_by", "note")
    readonly_fields = fields
    show_change_link = False


@admin.register(Disclosure)
class DisclosureAdmin(TrackedAdmin):
    list_display = (
        "case_number",
        "title_zh",
        "status",
        "decision",
        "center",
        "responsible",
        "submitted_on",
        "decided_on",
    )
    list_filter = ("status", "decision", "submitted_on", "center")
    search_fields = ("case_number", "title_zh", "title_en", "description")
    date_hierarchy = "submitted_on"
    list_select_related = ("center", "responsible")
    autocomplete_fields = ("center", "likely_licensees")
    inlines = (InventorInline, FundingInline, AttachmentInline, EventInline)
    fieldsets = (
        (None, {"fields": ("case_number", "title_zh", "title_en", "center", "status")}),
        (
            _("Handling"),
            {
                "fields": (
                    "submitted_by",
                    "submitted_on",
                    "responsible",
                    "acknowledged_on",
                    "decision",
                    "decided_on",
                    "decision_note",
                    "achievement",
                )
            },
        ),
        (
            _("Dates that bar novelty"),
            {"fields": ("conceived_on", "first_public_on", "planned_publication_on")},
        ),
        (_("Content"), {"fields": ("description", "likely_licensees", "licensees_note")}),
        RECORD_FIELDSET,
    )
    # The decision is the decide step's, as the status is.
    readonly_fields = (*RECORD_FIELDS, "decision")
    transitions = DISCLOSURE_STEPS

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # The history is kept by services, so no one may delete it here; it goes with a
        # disclosure its delete service lets go, which decides instead of this page.
        kept_by_services = str(DisclosureEvent._meta.verbose_name)
        perms_needed = {name for name in perms_needed if str(name) != kept_by_services}
        return deleted, counts, perms_needed, protected


@admin.register(DisclosureInventor)
class DisclosureInventorAdmin(TrackedAdmin):
    list_display = ("disclosure", "person", "share")
    search_fields = (
        "disclosure__case_number",
        "disclosure__title_zh",
        "person__name_zh",
        "person__name_en",
    )
    list_select_related = ("disclosure", "person")
    autocomplete_fields = ("disclosure", "person")


@admin.register(DisclosureFunding)
class DisclosureFundingAdmin(TrackedAdmin):
    list_display = ("disclosure", "sponsor", "agreement", "project", "sponsor_has_rights")
    list_filter = ("sponsor_has_rights",)
    search_fields = ("disclosure__case_number", "disclosure__title_zh", "project")
    list_select_related = ("disclosure", "sponsor", "agreement")
    autocomplete_fields = ("disclosure", "sponsor", "agreement")


@admin.register(DisclosureAttachment)
class DisclosureAttachmentAdmin(TrackedAdmin):
    list_display = ("title", "disclosure", "created_at")
    search_fields = ("title", "disclosure__case_number", "disclosure__title_zh")
    list_select_related = ("disclosure",)
    autocomplete_fields = ("disclosure",)


@admin.register(DisclosureEvent)
class DisclosureEventAdmin(ReadOnlyAdmin):
    list_display = ("disclosure", "kind", "happened_on", "recorded_by")
    list_filter = ("kind", "happened_on")
    search_fields = ("disclosure__case_number", "disclosure__title_zh", "note")
    date_hierarchy = "happened_on"
    list_select_related = ("disclosure", "recorded_by")
