from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from liaison.centers.models import Center
from liaison.core.filtersets import ObjectFilterSet

from .choices import Jurisdiction, PatentKind, PatentStatus
from .models import Patent

DATE = django_filters.widgets.forms.DateInput(attrs={"type": "date"})


class PatentFilterSet(ObjectFilterSet):
    search_fields = ("application_number", "patent_number", "title", "pct_number")

    jurisdiction = django_filters.ChoiceFilter(
        label=_("Jurisdiction"), choices=Jurisdiction.choices, empty_label=_("Any")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=PatentKind.choices, empty_label=_("Any")
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=PatentStatus.choices,
        widget=django_filters.widgets.forms.CheckboxSelectMultiple,
    )
    center = django_filters.ModelChoiceFilter(
        label=_("Center"),
        field_name="achievement__center",
        queryset=Center.objects.all(),
        empty_label=_("Any"),
    )
    filed_after = django_filters.DateFilter(
        label=_("Filed on or after"), field_name="filed_on", lookup_expr="gte", widget=DATE
    )
    filed_before = django_filters.DateFilter(
        label=_("Filed on or before"), field_name="filed_on", lookup_expr="lte", widget=DATE
    )
    # Reached from an achievement's, an organization's or a person's page.
    achievement = django_filters.NumberFilter(
        label=_("Achievement"), widget=django_filters.widgets.forms.HiddenInput
    )
    owner = django_filters.NumberFilter(
        label=_("Owner"), field_name="owners", widget=django_filters.widgets.forms.HiddenInput
    )
    inventor = django_filters.NumberFilter(
        label=_("Inventor"),
        field_name="inventors",
        widget=django_filters.widgets.forms.HiddenInput,
    )

    class Meta:
        model = Patent
        fields = (
            "q",
            "jurisdiction",
            "kind",
            "status",
            "center",
            "filed_after",
            "filed_before",
        )
