"""The admin of agreements, their parties, milestones and attachments, and signing events.

An agreement's status and lifecycle dates are not edited in its form: the buttons on its
page (submit for review, sign, put in force, complete, expire, terminate) call the agreement
services, which decide whether the step is allowed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import RECORD_FIELDSET, ReadOnlyInline, TrackedAdmin, TrackedInline

from .choices import UNSIGNED_STATUSES
from .models import Agreement, AgreementAttachment, AgreementParty, PaymentMilestone, SigningEvent
from .steps import AGREEMENT_STEPS


class PartyInline(TrackedInline):
    """The parties; fixed once the agreement is signed, as the agreement services hold."""

    model = AgreementParty
    fields = ("organization", "role", "signatory")
    autocomplete_fields = ("organization",)
    show_change_link = False

    def _open(self, agreement: Agreement | None) -> bool:
        return agreement is None or agreement.status in UNSIGNED_STATUSES

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return super().has_add_permission(request, *args) and self._open(_first(args))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._open(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._open(obj)


def _first(args: tuple[Any, ...]) -> Any:
    return args[0] if args else None


class MilestoneInline(TrackedInline):
    model = PaymentMilestone
    fields = ("title", "due_on", "amount", "currency", "done_on")
    show_change_link = False


class AttachmentInline(TrackedInline):
    model = AgreementAttachment
    fields = ("title", "file")
    show_change_link = False


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
