from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from liaison.core.filtersets import ObjectFilterSet

from .choices import (
    CostKind,
    IncomeKind,
    NoticeStatus,
    ObjectionOutcome,
    PricingMethod,
    RewardBasis,
    RewardRegime,
    RewardStatus,
)
from .models import Cost, Income, PriceNotice, PriceObjection, Reward, RewardPolicy, RewardShare

DATE_RANGE = django_filters.widgets.DateRangeWidget(attrs={"type": "date"})
HIDDEN = django_filters.widgets.forms.HiddenInput


class PriceNoticeFilterSet(ObjectFilterSet):
    search_fields = ("agreement__number", "achievement__title_zh", "achievement__title_en")

    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=NoticeStatus.choices)
    pricing = django_filters.ChoiceFilter(
        label=_("How the price was set"), choices=PricingMethod.choices, empty_label=_("Any")
    )
    posted_on = django_filters.DateFromToRangeFilter(label=_("Posted between"), widget=DATE_RANGE)
    # Set by the links of an agreement's or an achievement's page.
    agreement = django_filters.NumberFilter(label=_("Agreement"), widget=HIDDEN)
    achievement = django_filters.NumberFilter(label=_("Achievement"), widget=HIDDEN)

    class Meta:
        model = PriceNotice
        fields = ("q", "status", "pricing", "posted_on")


class PriceObjectionFilterSet(ObjectFilterSet):
    search_fields = ("text", "raised_by", "notice__agreement__number")

    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"), choices=ObjectionOutcome.choices, empty_label=_("Any")
    )
    notice = django_filters.NumberFilter(label=_("Price notice"), widget=HIDDEN)

    class Meta:
        model = PriceObjection
        fields = ("q", "outcome")


class IncomeFilterSet(ObjectFilterSet):
    search_fields = (
        "agreement__number",
        "achievement__title_zh",
        "achievement__title_en",
        "reference",
    )

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=IncomeKind.choices, empty_label=_("Any")
    )
    received_on = django_filters.DateFromToRangeFilter(
        label=_("Received between"), widget=DATE_RANGE
    )
    agreement = django_filters.NumberFilter(label=_("Agreement"), widget=HIDDEN)
    achievement = django_filters.NumberFilter(label=_("Achievement"), widget=HIDDEN)

    class Meta:
        model = Income
        fields = ("q", "kind", "received_on")


class CostFilterSet(ObjectFilterSet):
    search_fields = ("achievement__title_zh", "achievement__title_en", "description")

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=CostKind.choices, empty_label=_("Any")
    )
    incurred_on = django_filters.DateFromToRangeFilter(
        label=_("Incurred between"), widget=DATE_RANGE
    )
    achievement = django_filters.NumberFilter(label=_("Achievement"), widget=HIDDEN)

    class Meta:
        model = Cost
        fields = ("q", "kind", "incurred_on")


class RewardPolicyFilterSet(ObjectFilterSet):
    search_fields = ("title", "note")

    regime = django_filters.ChoiceFilter(
        label=_("Statutory regime"), choices=RewardRegime.choices, empty_label=_("Any")
    )

    class Meta:
        model = RewardPolicy
        fields = ("q", "regime")


class RewardFilterSet(ObjectFilterSet):
    search_fields = ("achievement__title_zh", "achievement__title_en", "rule", "note")

    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=RewardStatus.choices)
    basis = django_filters.ChoiceFilter(
        label=_("Basis"), choices=RewardBasis.choices, empty_label=_("Any")
    )
    achievement = django_filters.NumberFilter(label=_("Achievement"), widget=HIDDEN)
    agreement = django_filters.NumberFilter(label=_("Agreement"), widget=HIDDEN)

    class Meta:
        model = Reward
        fields = ("q", "status", "basis")


class RewardShareFilterSet(ObjectFilterSet):
    search_fields = ("person__name_zh", "person__name_en")

    paid = django_filters.BooleanFilter(
        label=_("Paid"), field_name="paid_on", lookup_expr="isnull", exclude=True
    )
    reward = django_filters.NumberFilter(label=_("Reward"), widget=HIDDEN)
    person = django_filters.NumberFilter(label=_("Person"), widget=HIDDEN)

    class Meta:
        model = RewardShare
        fields = ("q", "paid")
