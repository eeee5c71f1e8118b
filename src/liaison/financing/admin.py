"""The admin of financing rounds and their investors.

A round is closed or cancelled with the buttons on its page, which call the financing
services.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import RECORD_FIELDSET, TrackedAdmin, TrackedInline

from .models import FinancingRound, RoundInvestor
from .steps import ROUND_STEPS


class InvestorInline(TrackedInline):
    model = RoundInvestor
    fields = ("organization", "amount", "is_lead")


@admin.register(FinancingRound)
class FinancingRoundAdmin(TrackedAdmin):
    list_display = (
        "__str__",
        "venture",
        "achievement",
        "kind",
        "amount",
        "currency",
        "status",
        "announced_on",
        "closed_on",
    )
    list_filter = ("status", "kind", "currency", "announced_on", "closed_on")
    search_fields = (
        "venture__name_zh",
        "venture__name_en",
        "achievement__title_zh",
        "achievement__title_en",
        "investors__name_zh",
        "investors__name_en",
        "note",
    )
    date_hierarchy = "announced_on"
    list_select_related = ("venture", "achievement")
    autocomplete_fields = ("venture", "achievement")
    inlines = (InvestorInline,)
    fieldsets = (
        (None, {"fields": ("venture", "achievement", "kind")}),
        (_("Amount"), {"fields": ("amount", "currency", "cny_rate")}),
        (
            _("Lifecycle"),
            {"fields": ("status", "announced_on", "closed_on", "cancel_reason")},
        ),
        (None, {"fields": ("note",)}),
        RECORD_FIELDSET,
    )
    transitions = ROUND_STEPS


@admin.register(RoundInvestor)
class RoundInvestorAdmin(TrackedAdmin):
    list_display = ("organization", "round", "amount", "is_lead")
    list_filter = ("is_lead",)
    search_fields = (
        "organization__name_zh",
        "organization__name_en",
        "round__venture__name_zh",
        "round__achievement__title_zh",
    )
    list_select_related = ("organization", "round__venture", "round__achievement")
    autocomplete_fields = ("organization", "round")
