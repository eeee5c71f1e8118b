"""The admin of patents, their fee payments and office actions.

A patent's status and lifecycle dates are not edited in its form: the buttons on its page
call the patent services. A payment's due date and surcharge, and an office action's
deadline, are computed by the docket from the rules, never typed.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import RECORD_FIELDSET, TrackedAdmin, TrackedInline

from .models import FeePayment, OfficeAction, Patent
from .steps import OFFICE_ACTION_STEPS, PATENT_STEPS


class FeePaymentInline(TrackedInline):
    model = FeePayment
    fields = ("kind", "fee_year", "paid_on", "amount", "currency", "proof")
    ordering = ("-paid_on", "-pk")


class OfficeActionInline(TrackedInline):
    model = OfficeAction
    fields = ("kind", "issued_on", "term_months", "summary")
    ordering = ("-issued_on", "-pk")


@admin.register(Patent)
class PatentAdmin(TrackedAdmin):
    list_display = (
        "application_number",
        "title",
        "jurisdiction",
        "kind",
        "status",
        "filed_on",
        "granted_on",
        "expires_on",
        "achievement",
    )
    list_filter = ("status", "jurisdiction", "kind", "fee_reduction", "filed_on")
    search_fields = ("application_number", "patent_number", "title", "pct_number")
    date_hierarchy = "filed_on"
    list_select_related = ("achievement",)
    autocomplete_fields = ("achievement", "owners", "inventors", "agent")
    inlines = (FeePaymentInline, OfficeActionInline)
    fieldsets = (
        (None, {"fields": ("achievement", "title", "jurisdiction", "kind", "application_number")}),
        (_("People and owners"), {"fields": ("owners", "inventors", "agent", "fee_reduction")}),
        (
            _("Dates"),
            {
                "fields": (
                    "filed_on",
                    "priority_on",
                    "status",
                    "published_on",
                    "examination_requested_on",
                    "granted_on",
                    "patent_number",
                    "expires_on",
                    "lapsed_on",
                    "ended_on",
                    "end_reason",
                )
            },
        ),
        (_("International application"), {"fields": ("pct_number", "national_phase_on")}),
        (_("Note"), {"fields": ("note",)}),
        RECORD_FIELDSET,
    )
    transitions = PATENT_STEPS


@admin.register(FeePayment)
class FeePaymentAdmin(TrackedAdmin):
    list_display = ("patent", "kind", "fee_year", "due_on", "paid_on", "amount", "surcharge")
    list_filter = ("kind", "paid_on")
    search_fields = ("patent__application_number", "patent__patent_number", "patent__title")
    date_hierarchy = "paid_on"
    list_select_related = ("patent",)
    autocomplete_fields = ("patent",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "patent",
                    "kind",
                    "fee_year",
                    "paid_on",
                    "amount",
                    "currency",
                    "proof",
                    "note",
                )
            },
        ),
        (_("Computed"), {"fields": ("due_on", "surcharge", "rule_version")}),
        RECORD_FIELDSET,
    )


@admin.register(OfficeAction)
class OfficeActionAdmin(TrackedAdmin):
    list_display = ("patent", "kind", "issued_on", "response_due_on", "responded_on")
    list_filter = ("kind", "issued_on")
    search_fields = ("patent__application_number", "patent__title", "summary")
    date_hierarchy = "issued_on"
    list_select_related = ("patent",)
    autocomplete_fields = ("patent",)
    fieldsets = (
        (
            None,
            {"fields": ("patent", "kind", "issued_on", "received_on", "term_months", "summary")},
        ),
        (_("Deadline"), {"fields": ("response_due_on", "responded_on", "rule_version")}),
        RECORD_FIELDSET,
    )
    transitions = OFFICE_ACTION_STEPS
