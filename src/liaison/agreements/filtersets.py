from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from liaison.core.choices import Confidentiality, Currency
from liaison.core.filtersets import ObjectFilterSet
from liaison.core.lifecycle import today

from .choices import (
    AgreementKind,
    AgreementStatus,
    RegistrationContractType,
    RegistrationStatus,
)
from .models import Agreement, AgreementParty, ContractRegistration, SigningEvent
from .registration_forms import VERSIONS

DATE_RANGE = django_filters.widgets.DateRangeWidget(attrs={"type": "date"})


class AgreementFilterSet(ObjectFilterSet):
    search_fields = ("number", "title_zh", "title_en", "registration_number")

    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=AgreementStatus.choices)
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=AgreementKind.choices, empty_label=_("Any")
    )
    confidentiality = django_filters.ChoiceFilter(
        label=_("Confidentiality"), choices=Confidentiality.choices, empty_label=_("Any")
    )
    party = django_filters.CharFilter(label=_("Party"), method="filter_party")
    signed_on = django_filters.DateFromToRangeFilter(label=_("Signed between"), widget=DATE_RANGE)
    expires_on = django_filters.DateFromToRangeFilter(label=_("Expires between"), widget=DATE_RANGE)
    value_min = django_filters.NumberFilter(
        label=_("Value at least"), field_name="value", lookup_expr="gte"
    )
    value_max = django_filters.NumberFilter(
        label=_("Value at most"), field_name="value", lookup_expr="lte"
    )
    currency = django_filters.ChoiceFilter(
        label=_("Currency"), choices=Currency.choices, empty_label=_("Any")
    )
    # Set by the links of other pages (an organization's or an event's agreements).
    organization = django_filters.NumberFilter(
        label=_("Party organization"),
        method="filter_organization",
        widget=django_filters.widgets.forms.HiddenInput,
    )
    signing_event = django_filters.NumberFilter(
        label=_("Signing event"), widget=django_filters.widgets.forms.HiddenInput
    )

    class Meta:
        model = Agreement
        fields = (
            "q",
            "status",
            "kind",
            "confidentiality",
            "party",
            "signed_on",
            "expires_on",
            "value_min",
            "value_max",
            "currency",
        )

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        # A party's name finds its agreements too; EXISTS keeps one row per agreement.
        by_party = Exists(
            AgreementParty.objects.filter(agreement=OuterRef("pk")).filter(
                Q(organization__name_zh__icontains=value)
                | Q(organization__name_en__icontains=value)
            )
        )
        return super().search(queryset, name, value) | queryset.filter(by_party)

    def filter_party(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        parties = AgreementParty.objects.filter(agreement=OuterRef("pk")).filter(
            Q(organization__name_zh__icontains=value) | Q(organization__name_en__icontains=value)
        )
        return queryset.filter(Exists(parties))

    def filter_organization(
        self, queryset: QuerySet[Any], name: str, value: int | None
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        parties = AgreementParty.objects.filter(agreement=OuterRef("pk"), organization_id=value)
        return queryset.filter(Exists(parties))


class SigningEventFilterSet(ObjectFilterSet):
    search_fields = ("title_zh", "title_en", "place", "description")

    held_on = django_filters.DateFromToRangeFilter(label=_("Held between"), widget=DATE_RANGE)
    place = django_filters.CharFilter(label=_("Place"), lookup_expr="icontains")

    class Meta:
        model = SigningEvent
        fields = ("q", "held_on", "place")


class ContractRegistrationFilterSet(ObjectFilterSet):
    search_fields = ("registration_number", "project_name", "registry", "agreement__number")

    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=RegistrationStatus.choices
    )
    contract_type = django_filters.ChoiceFilter(
        label=_("Contract type"), choices=RegistrationContractType.choices, empty_label=_("Any")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Decision overdue"),
        method="filter_overdue",
        widget=django_filters.widgets.BooleanWidget,
    )
    applied_on = django_filters.DateFromToRangeFilter(label=_("Applied between"), widget=DATE_RANGE)
    decided_on = django_filters.DateFromToRangeFilter(label=_("Decided between"), widget=DATE_RANGE)
    # Set by the link of an agreement's page.
    agreement = django_filters.NumberFilter(
        label=_("Agreement"), widget=django_filters.widgets.forms.HiddenInput
    )

    class Meta:
        model = ContractRegistration
        fields = ("q", "status", "contract_type", "overdue", "applied_on", "decided_on")

    def filter_overdue(
        self, queryset: QuerySet[Any], name: str, value: bool | None
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        # Each version of the rules gives the registry its own time to decide.
        late = Q(pk__in=[])
        for version in VERSIONS:
            due_after = today() - datetime.timedelta(days=version.decision_days)
            late |= Q(form_version=version.key, applied_on__lt=due_after)
        late &= Q(status=RegistrationStatus.APPLIED)
        return queryset.filter(late) if value else queryset.exclude(late)
