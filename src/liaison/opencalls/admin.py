"""The admin of open calls, their applications, documents and reviews.

A call's and an application's status and dates are not edited in their forms: the buttons
(record consent, publish, close, cancel; shortlist, select, do not select, withdraw) call the
services, which decide whether the step is allowed. A review is shown, never edited here: it
is its reviewer's opinion.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import RECORD_FIELDSET, ReadOnlyAdmin, TrackedAdmin

from .models import CallApplication, CallAttachment, CallReview, OpenCall
from .steps import APPLICATION_STEPS, CALL_STEPS

# What a row naming an application reads with it: its team and its call.
APPLICATION_ROW = (
    "application__call",
    "application__person",
    "application__center",
    "application__organization",
)


@admin.register(OpenCall)
class OpenCallAdmin(TrackedAdmin):
    list_display = ("title_zh", "need", "status", "reward", "published_on", "deadline")
    list_filter = ("status", "published_on")
    search_fields = ("title_zh", "title_en", "need__title")
    date_hierarchy = "deadline"
    list_select_related = ("need",)
    autocomplete_fields = ("need",)
    fieldsets = (
        (None, {"fields": ("need", "title_zh", "title_en", "statement_zh", "statement_en")}),
        (_("Reward"), {"fields": ("reward", "currency", "reward_for", "eligibility", "deadline")}),
        (
            _("The enterprise's consent"),
            {
                "fields": (
                    "consented_on",
                    "consent_method",
                    "consent_given_by",
                    "consent_evidence",
                    "consent_user",
                )
            },
        ),
        (
            _("Lifecycle"),
            {
                "fields": (
                    "status",
                    "published_on",
                    "closed_on",
                    "awarded_on",
                    "cancelled_on",
                    "cancel_reason",
                )
            },
        ),
        RECORD_FIELDSET,
    )
    transitions = CALL_STEPS


@admin.register(CallApplication)
class CallApplicationAdmin(TrackedAdmin):
    list_display = ("call", "applicant_kind", "person", "center", "organization", "status")
    list_filter = ("status", "applicant_kind", "submitted_on")
    search_fields = (
        "call__title_zh",
        "person__name_zh",
        "center__name_zh",
        "organization__name_zh",
    )
    date_hierarchy = "submitted_on"
    list_select_related = ("call", "person", "center", "organization")
    autocomplete_fields = ("call", "person", "center", "organization", "members")
    fieldsets = (
        (None, {"fields": ("call", "applicant_kind", "person", "center", "organization")}),
        (
            _("Proposal"),
            {"fields": ("members", "proposal", "budget", "currency", "duration_months")},
        ),
        (
            _("Lifecycle"),
            {
                "fields": (
                    "status",
                    "submitted_on",
                    "submitted_by",
                    "decided_on",
                    "withdrawn_on",
                    "decision_note",
                )
            },
        ),
        RECORD_FIELDSET,
    )
    transitions = tuple(step for step in APPLICATION_STEPS if step.name != "review")


@admin.register(CallAttachment)
class CallAttachmentAdmin(TrackedAdmin):
    list_display = ("title", "application")
    search_fields = ("title", "application__call__title_zh")
    list_select_related = APPLICATION_ROW
    autocomplete_fields = ("application",)


@admin.register(CallReview)
class CallReviewAdmin(ReadOnlyAdmin):
    """A review is its reviewer's opinion: changed by them on the pages, never here."""

    list_display = ("application", "side", "reviewer", "recommendation", "score", "reviewed_on")
    list_filter = ("side", "recommendation", "reviewed_on")
    search_fields = ("application__call__title_zh", "opinion")
    list_select_related = (*APPLICATION_ROW, "reviewer")
