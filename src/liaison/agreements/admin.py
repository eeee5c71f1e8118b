"""The admin of agreements, their parties, milestones and attachments, and signing events.

An agreement's status and lifecycle dates are not edited in its form: the buttons on its
page (submit for review, sign, put in force, complete, expire, terminate) call the agreement
services, which decide whether the step is allowed. Its parties, milestones and attachments
are shown on its page and added, changed and deleted on their own, through their services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import RECORD_FIELDSET, ReadOnlyInline, TrackedAdmin, TrackedInline

from .choices import ENDED_STATUSES, UNSIGNED_STATUSES
from .models import (
    Agreement,
    AgreementAttachment,
    AgreementParty,
    ContractRegistration,
    PaymentMilestone,
    SigningEvent,
)
from .steps import AGREEMENT_STEPS, REGISTRATION_STEPS


class PartyInline(TrackedInline):
    """The parties; added on their own page while the agreement is unsigned, fixed after."""

    model = AgreementParty
    fields = ("organization", "role", "signatory")

    def add_link(self, request: HttpRequest, parent: Model) -> dict[str, Any] | None:
        # No "Add party" on a signed agreement: its service would refuse it.
        if getattr(parent, "status", None) not in UNSIGNED_STATUSES:
            return None
        return super().add_link(request, parent)


class MilestoneInline(TrackedInline):
    model = PaymentMilestone
    fields = ("title", "due_on", "amount", "currency", "done_on")
    ordering = ("due_on", "pk")

    def add_link(self, request: HttpRequest, parent: Model) -> dict[str, Any] | None:
        # An ended agreement takes no new milestones.
        if getattr(parent, "status", None) in ENDED_STATUSES:
            return None
        return super().add_link(request, parent)


class AttachmentInline(TrackedInline):
    model = AgreementAttachment
    fields = ("title", "file")


class SignedAgreementInline(ReadOnlyInline):
    """The agreements signed at an event, listed on its page."""

    model = Agreement
    fields = ("number", "title_zh", "kind", "status", "signed_on")
    readonly_fields = fields
    verbose_name_plural = _("agreements signed here")


@admin.register(SigningEvent)
class SigningEventAdmin(TrackedAdmin):
    list_display = ("held_on", "title_zh", "title_en", "place")
    list_filter = ("held_on",)
    search_fields = ("title_zh", "title_en", "place")
    date_hierarchy = "held_on"
    inlines = (SignedAgreementInline,)


@admin.register(Agreement)
class AgreementAdmin(TrackedAdmin):
    list_display = (
        "number",
        "title_zh",
        "kind",
        "status",
        "signed_on",
        "effective_on",
        "expires_on",
        "value",
        "currency",
        "signing_event",
    )
    list_filter = ("status", "kind", "confidentiality", "signed_on", "expires_on", "currency")
    search_fields = (
        "number",
        "title_zh",
        "title_en",
        "registration_number",
        "organizations__name_zh",
        "organizations__name_en",
    )
    date_hierarchy = "signed_on"
    list_select_related = ("signing_event",)
    autocomplete_fields = ("signing_event",)
    inlines = (PartyInline, MilestoneInline, AttachmentInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "number",
                    "title_zh",
                    "title_en",
                    "kind",
                    "confidentiality",
                    "registration_number",
                    "signing_event",
                )
            },
        ),
        (
            _("Lifecycle"),
            {
                "fields": (
                    "status",
                    "signed_on",
                    "effective_on",
                    "expires_on",
                    "ended_on",
                    "end_reason",
                )
            },
        ),
        (_("Value"), {"fields": ("value", "currency")}),
        (_("Content"), {"fields": ("description", "obligations")}),
        RECORD_FIELDSET,
    )
    transitions = AGREEMENT_STEPS


@admin.register(AgreementParty)
class AgreementPartyAdmin(TrackedAdmin):
    list_display = ("agreement", "organization", "role", "signatory")
    list_filter = ("role",)
    search_fields = (
        "agreement__number",
        "agreement__title_zh",
        "organization__name_zh",
        "organization__name_en",
    )
    list_select_related = ("agreement", "organization")
    autocomplete_fields = ("agreement", "organization")


@admin.register(PaymentMilestone)
class PaymentMilestoneAdmin(TrackedAdmin):
    list_display = ("agreement", "title", "due_on", "amount", "currency", "done_on")
    list_filter = ("due_on", "done_on", "currency")
    search_fields = ("title", "agreement__number", "agreement__title_zh")
    date_hierarchy = "due_on"
    list_select_related = ("agreement",)
    autocomplete_fields = ("agreement",)


@admin.register(AgreementAttachment)
class AgreementAttachmentAdmin(TrackedAdmin):
    list_display = ("title", "agreement", "file", "created_at")
    search_fields = ("title", "agreement__number", "agreement__title_zh")
    list_select_related = ("agreement",)
    autocomplete_fields = ("agreement",)


@admin.register(ContractRegistration)
class ContractRegistrationAdmin(TrackedAdmin):
    """A registration's form is edited while prepared; applying and the registry's decision are
    the buttons on its page, which call the registration services."""

    list_display = (
        "agreement",
        "status",
        "registration_number",
        "contract_type",
        "applied_on",
        "decided_on",
        "approved_income",
    )
    list_filter = ("status", "contract_type", "form_version", "applied_on", "decided_on")
    search_fields = (
        "registration_number",
        "project_name",
        "registry",
        "agreement__number",
        "agreement__title_zh",
    )
    date_hierarchy = "applied_on"
    list_select_related = ("agreement",)
    autocomplete_fields = ("agreement", "seller", "buyer")
    fieldsets = (
        (None, {"fields": ("agreement", "registry", "certificate")}),
        (
            _("Application and decision"),
            {
                "fields": (
                    "status",
                    "form_version",
                    "applied_on",
                    "decided_on",
                    "registration_number",
                    "approved_income",
                    "currency",
                    "decision_reason",
                )
            },
        ),
        (
            _("The form"),
            {
                "fields": (
                    "project_name",
                    "contract_type",
                    "valid_from",
                    "valid_until",
                    "seller",
                    "seller_country_code",
                    "seller_region_code",
                    "seller_entity_type",
                    "buyer",
                    "buyer_country_code",
                    "buyer_region_code",
                    "buyer_entity_type",
                    "estimated_new_investment",
                    "estimated_new_output",
                )
            },
        ),
        RECORD_FIELDSET,
    )
    transitions = REGISTRATION_STEPS
