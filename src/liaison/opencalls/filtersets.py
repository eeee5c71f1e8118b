from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from liaison.core.filtersets import ObjectFilterSet

from .choices import ApplicantKind, ApplicationStatus, CallStatus
from .models import CallApplication, OpenCall

DATE = django_filters.widgets.forms.DateInput(attrs={"type": "date"})
HIDDEN = django_filters.widgets.forms.HiddenInput


class OpenCallFilterSet(ObjectFilterSet):
    search_fields = ("title_zh", "title_en", "need__title", "need__organization__name_zh")

    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=CallStatus.choices,
        widget=django_filters.widgets.forms.CheckboxSelectMultiple,
    )
    published_after = django_filters.DateFilter(
        label=_("Published on or after"), field_name="published_on", lookup_expr="gte", widget=DATE
    )
    published_before = django_filters.DateFilter(
        label=_("Published on or before"),
        field_name="published_on",
        lookup_expr="lte",
        widget=DATE,
    )
    deadline_after = django_filters.DateFilter(
        label=_("Deadline on or after"), field_name="deadline", lookup_expr="gte", widget=DATE
    )
    # Reached from a need's page.
    need = django_filters.NumberFilter(label=_("Technical need"), widget=HIDDEN)

    class Meta:
        model = OpenCall
        fields = ("q", "status", "published_after", "published_before", "deadline_after")


class CallApplicationFilterSet(ObjectFilterSet):
    search_fields = (
        "call__title_zh",
        "call__title_en",
        "person__name_zh",
        "center__name_zh",
        "organization__name_zh",
    )

    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=ApplicationStatus.choices,
        widget=django_filters.widgets.forms.CheckboxSelectMultiple,
    )
    applicant_kind = django_filters.ChoiceFilter(
        label=_("The team is"), choices=ApplicantKind.choices, empty_label=_("Any")
    )
    submitted_after = django_filters.DateFilter(
        label=_("Submitted on or after"), field_name="submitted_on", lookup_expr="gte", widget=DATE
    )
    # Reached from a call's, a person's, a center's or an organization's page.
    call = django_filters.NumberFilter(label=_("Open call"), widget=HIDDEN)
    person = django_filters.NumberFilter(label=_("Researcher"), widget=HIDDEN)
    center = django_filters.NumberFilter(label=_("Center"), widget=HIDDEN)
    organization = django_filters.NumberFilter(label=_("Organization"), widget=HIDDEN)

    class Meta:
        model = CallApplication
        fields = ("q", "status", "applicant_kind", "submitted_after")
