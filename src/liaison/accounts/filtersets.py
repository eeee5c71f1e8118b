"""The audit log's filters: what kind, who, when, which record, from where."""

from __future__ import annotations

import ipaddress
from typing import Any

import django_filters
from django.apps import apps
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from liaison.core.filtersets import ObjectFilterSet
from liaison.core.models import TrackedModel

from .choices import AuditKind
from .models import AuditEvent

DATE_RANGE = django_filters.widgets.DateRangeWidget(attrs={"type": "date"})


def record_types() -> list[tuple[str, str]]:
    """The kinds of record an event may name: every tracked model and the user, by name."""
    models = [
        m
        for m in apps.get_models()
        if issubclass(m, TrackedModel) or m is apps.get_model("accounts", "User")
    ]
    choices = [(m._meta.label_lower, str(capfirst(m._meta.verbose_name))) for m in models]
    return sorted(choices, key=lambda choice: choice[1])


class AuditEventFilterSet(ObjectFilterSet):
    search_fields = ("username", "object_repr", "summary")

    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=AuditKind.choices)
    user = django_filters.CharFilter(
        label=_("User"), field_name="username", help_text=_("The username, exactly.")
    )
    at = django_filters.DateFromToRangeFilter(label=_("Between"), widget=DATE_RANGE)
    model = django_filters.ChoiceFilter(
        label=_("Record type"), choices=record_types, empty_label=_("Any")
    )
    object_id = django_filters.CharFilter(label=_("Record number"))
    ip_address = django_filters.CharFilter(
        label=_("From (address)"), method="filter_address", help_text=_("An IP address.")
    )

    class Meta:
        model = AuditEvent
        fields = ("q", "kind", "user", "at", "model", "object_id", "ip_address")

    def filter_address(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        try:
            address = str(ipaddress.ip_address(value))
        except ValueError:
            # Not an address (PostgreSQL would refuse to compare it): no event came from it.
            return queryset.none()
        return queryset.filter(ip_address=address)
