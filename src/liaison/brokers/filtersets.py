from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from liaison.core.filtersets import ObjectFilterSet

from .choices import BrokerKind, BrokerStatus, CertificateLevel, CommissionBasis
from .models import Broker, BrokerEngagement, CommissionPayment, Introduction

DATE = django_filters.widgets.forms.DateInput(attrs={"type": "date"})
HIDDEN = django_filters.widgets.forms.HiddenInput
BROKER_NAMES = (
    "person__name_zh",
    "person__name_en",
    "organization__name_zh",
    "organization__name_en",
)


class BrokerFilterSet(ObjectFilterSet):
    search_fields = (*BROKER_NAMES, "certificate_number", "fields_of_practice__json")

    certificate_level = django_filters.MultipleChoiceFilter(
        label=_("Certificate level"),
        choices=CertificateLevel.choices,
        widget=django_filters.widgets.forms.CheckboxSelectMultiple,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=BrokerStatus.choices, empty_label=_("Any")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=BrokerKind.choices, empty_label=_("Any"), method="of_kind"
    )
    # Reached from a person's or an organization's page.
    person = django_filters.NumberFilter(label=_("Person"), widget=HIDDEN)
    organization = django_filters.NumberFilter(label=_("Organization"), widget=HIDDEN)

    class Meta:
        model = Broker
        fields = ("q", "certificate_level", "status", "kind")

    def of_kind(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == BrokerKind.PERSON:
            return queryset.filter(person__isnull=False)
        if value == BrokerKind.ORGANIZATION:
            return queryset.filter(organization__isnull=False)
        return queryset


class BrokerEngagementFilterSet(ObjectFilterSet):
    search_fields = (
        *(f"broker__{name}" for name in BROKER_NAMES),
        "agreement__number",
        "agreement__title_zh",
        "agreement__title_en",
    )

    basis = django_filters.ChoiceFilter(
        label=_("Commission basis"), choices=CommissionBasis.choices, empty_label=_("Any")
    )
    signed_after = django_filters.DateFilter(
        label=_("Signed on or after"),
        field_name="agreement__signed_on",
        lookup_expr="gte",
        widget=DATE,
    )
    signed_before = django_filters.DateFilter(
        label=_("Signed on or before"),
        field_name="agreement__signed_on",
        lookup_expr="lte",
        widget=DATE,
    )
    broker = django_filters.NumberFilter(label=_("Broker"), widget=HIDDEN)
    agreement = django_filters.NumberFilter(label=_("Agreement"), widget=HIDDEN)

    class Meta:
        model = BrokerEngagement
        fields = ("q", "basis", "signed_after", "signed_before")


class CommissionPaymentFilterSet(ObjectFilterSet):
    search_fields = (
        "reference",
        "engagement__agreement__number",
        *(f"engagement__broker__{name}" for name in BROKER_NAMES),
    )

    paid_after = django_filters.DateFilter(
        label=_("Paid on or after"), field_name="paid_on", lookup_expr="gte", widget=DATE
    )
    paid_before = django_filters.DateFilter(
        label=_("Paid on or before"), field_name="paid_on", lookup_expr="lte", widget=DATE
    )
    engagement = django_filters.NumberFilter(label=_("Engagement"), widget=HIDDEN)
    broker = django_filters.NumberFilter(
        label=_("Broker"), field_name="engagement__broker", widget=HIDDEN
    )

    class Meta:
        model = CommissionPayment
        fields = ("q", "paid_after", "paid_before")


class IntroductionFilterSet(ObjectFilterSet):
    search_fields = (
        *(f"broker__{name}" for name in BROKER_NAMES),
        "need__title",
        "organization__name_zh",
        "organization__name_en",
    )

    introduced_after = django_filters.DateFilter(
        label=_("Introduced on or after"),
        field_name="introduced_on",
        lookup_expr="gte",
        widget=DATE,
    )
    introduced_before = django_filters.DateFilter(
        label=_("Introduced on or before"),
        field_name="introduced_on",
        lookup_expr="lte",
        widget=DATE,
    )
    broker = django_filters.NumberFilter(label=_("Broker"), widget=HIDDEN)
    need = django_filters.NumberFilter(label=_("Need"), widget=HIDDEN)

    class Meta:
        model = Introduction
        fields = ("q", "introduced_after", "introduced_before")
