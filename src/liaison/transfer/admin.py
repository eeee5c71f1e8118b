"""The admin of price notices, income, costs, the reward policy and rewards.

Statuses, dates of the steps and computed amounts are not edited in the forms: the buttons
(post, conclude, withdraw a notice; approve, reject, pay a reward) call the services, and a
reward's rule, rate and amount are computed by its services from its inputs.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import RECORD_FIELDSET, TrackedAdmin, TrackedInline

from .models import Cost, Income, PriceNotice, PriceObjection, Reward, RewardPolicy, RewardShare
from .steps import NOTICE_STEPS, OBJECTION_STEPS, REWARD_STEPS, SHARE_STEPS


class ObjectionInline(TrackedInline):
    model = PriceObjection
    fields = ("raised_on", "raised_by", "outcome", "decided_on")
    readonly_fields = fields


class ShareInline(TrackedInline):
    model = RewardShare
    fields = ("person", "share", "amount", "paid_on")
    readonly_fields = fields


@admin.register(PriceNotice)
class PriceNoticeAdmin(TrackedAdmin):
    list_display = ("agreement", "achievement", "price", "currency", "pricing", "status", "ends_on")
    list_filter = ("status", "pricing", "posted_on")
    search_fields = ("agreement__number", "achievement__title_zh", "achievement__title_en")
    list_select_related = ("agreement", "achievement")
    autocomplete_fields = ("agreement", "achievement", "completers")
    inlines = (ObjectionInline,)
    fieldsets = (
        (None, {"fields": ("agreement", "achievement", "completers")}),
        (_("Price"), {"fields": ("price", "currency", "pricing", "evidence")}),
        (
            _("Notice"),
            {
                "fields": (
                    "text",
                    "period_days",
                    "status",
                    "posted_on",
                    "ends_on",
                    "concluded_on",
                    "withdrawn_on",
                    "withdraw_reason",
                )
            },
        ),
        RECORD_FIELDSET,
    )
    transitions = NOTICE_STEPS


@admin.register(PriceObjection)
class PriceObjectionAdmin(TrackedAdmin):
    list_display = ("notice", "raised_on", "raised_by", "outcome", "decided_on")
    list_filter = ("outcome", "raised_on")
    search_fields = ("text", "raised_by", "notice__agreement__number")
    list_select_related = ("notice__agreement", "notice__achievement")
    autocomplete_fields = ("notice",)
    transitions = OBJECTION_STEPS


@admin.register(Income)
class IncomeAdmin(TrackedAdmin):
    list_display = ("received_on", "kind", "amount", "currency", "agreement", "achievement")
    list_filter = ("kind", "received_on", "currency")
    search_fields = ("agreement__number", "achievement__title_zh", "reference")
    date_hierarchy = "received_on"
    list_select_related = ("agreement", "achievement")
    autocomplete_fields = ("agreement", "achievement", "milestone", "payer")


@admin.register(Cost)
class CostAdmin(TrackedAdmin):
    list_display = ("incurred_on", "kind", "amount", "currency", "achievement")
    list_filter = ("kind", "incurred_on", "currency")
    search_fields = ("achievement__title_zh", "achievement__title_en", "description")
    date_hierarchy = "incurred_on"
    list_select_related = ("achievement",)
    autocomplete_fields = ("achievement", "payee")


@admin.register(RewardPolicy)
class RewardPolicyAdmin(TrackedAdmin):
    list_display = ("title", "regime", "effective_from", "effective_until", "transfer_rate")
    list_filter = ("regime",)
    search_fields = ("title", "note")


@admin.register(Reward)
class RewardAdmin(TrackedAdmin):
    list_display = ("achievement", "basis", "amount", "currency", "status", "proposed_on")
    list_filter = ("status", "basis", "proposed_on")
    search_fields = ("achievement__title_zh", "achievement__title_en", "rule")
    list_select_related = ("achievement",)
    autocomplete_fields = ("achievement", "agreement")
    inlines = (ShareInline,)
    fieldsets = (
        (None, {"fields": ("achievement", "basis", "agreement", "currency", "note")}),
        (
            _("Inputs"),
            {
                "fields": (
                    "period_start",
                    "period_end",
                    "implementation_year",
                    "base_amount",
                    "patent_kind",
                    "manual_rate",
                    "manual_amount",
                )
            },
        ),
        (
            _("Computation"),
            {"fields": ("rule", "rule_version", "policy", "rate", "amount", "inputs")},
        ),
        (
            _("Approvals"),
            {
                "fields": (
                    "status",
                    "proposed_by",
                    "proposed_on",
                    "approved_by",
                    "approved_on",
                    "rejected_reason",
                    "paid_on",
                )
            },
        ),
        RECORD_FIELDSET,
    )
    transitions = REWARD_STEPS


@admin.register(RewardShare)
class RewardShareAdmin(TrackedAdmin):
    list_display = ("reward", "person", "share", "amount", "paid_on")
    list_filter = ("paid_on",)
    search_fields = ("person__name_zh", "person__name_en")
    list_select_related = ("reward__achievement", "person")
    autocomplete_fields = ("reward", "person")
    transitions = SHARE_STEPS
