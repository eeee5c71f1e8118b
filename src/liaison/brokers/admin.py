"""The admin of technology brokers, their deals, commission payments and introductions.

A broker's status is not edited in its form: the buttons on its page (make inactive, make
active again) call the services. An engagement's commission agreed is computed by its
services; a payment is recorded through them, which refuse one on an agreement the broker is
not party to.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import RECORD_FIELDSET, TrackedAdmin

from .models import Broker, BrokerEngagement, CommissionPayment, Introduction
from .steps import BROKER_STEPS, ENGAGEMENT_STEPS

BROKER_NAMES = (
    "person__name_zh",
    "person__name_en",
    "organization__name_zh",
    "organization__name_en",
)


@admin.register(Broker)
class BrokerAdmin(TrackedAdmin):
    list_display = ("__str__", "certificate_level", "certificate_number", "status")
    list_filter = ("certificate_level", "status")
    search_fields = (*BROKER_NAMES, "certificate_number")
    list_select_related = ("person", "organization")
    autocomplete_fields = ("person", "organization")
    fieldsets = (
        (None, {"fields": ("person", "organization", "status", "fields_of_practice")}),
        (
            _("Certificate"),
            {
                "fields": (
                    "certificate_level",
                    "certificate_number",
                    "certificate_issued_on",
                    "certificate_issuer",
                )
            },
        ),
        (
            _("Default commission terms"),
            {"fields": ("default_commission_rate", "default_commission_fixed", "currency")},
        ),
        (_("Notes"), {"fields": ("notes",)}),
        RECORD_FIELDSET,
    )
    transitions = BROKER_STEPS


@admin.register(BrokerEngagement)
class BrokerEngagementAdmin(TrackedAdmin):
    list_display = ("broker", "agreement", "basis", "commission_rate", "commission_amount")
    list_filter = ("basis",)
    search_fields = (*(f"broker__{n}" for n in BROKER_NAMES), "agreement__number")
    list_select_related = ("broker__person", "broker__organization", "agreement")
    autocomplete_fields = ("broker", "agreement", "need")
    fieldsets = (
        (None, {"fields": ("broker", "agreement", "need")}),
        (
            _("Commission"),
            {
                "fields": (
                    "basis",
                    "commission_rate",
                    "commission_fixed",
                    "currency",
                    "commission_amount",
                )
            },
        ),
        (_("Note"), {"fields": ("note",)}),
        RECORD_FIELDSET,
    )
    transitions = ENGAGEMENT_STEPS


@admin.register(CommissionPayment)
class CommissionPaymentAdmin(TrackedAdmin):
    list_display = ("engagement", "paid_on", "amount", "currency", "reference")
    list_filter = ("paid_on",)
    search_fields = ("reference", "engagement__agreement__number")
    date_hierarchy = "paid_on"
    list_select_related = (
        "engagement__broker__person",
        "engagement__broker__organization",
        "engagement__agreement",
    )
    autocomplete_fields = ("engagement",)


@admin.register(Introduction)
class IntroductionAdmin(TrackedAdmin):
    list_display = ("broker", "need", "organization", "introduced_on")
    list_filter = ("introduced_on",)
    search_fields = (*(f"broker__{n}" for n in BROKER_NAMES), "need__title")
    date_hierarchy = "introduced_on"
    list_select_related = ("broker__person", "broker__organization", "need", "organization")
    autocomplete_fields = ("broker", "need", "organization")
