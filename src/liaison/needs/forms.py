from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.core.forms import ObjectForm, RecordSelect
from liaison.core.lifecycle import today
from liaison.core.steps import TransitionForm, date_field, reason_field
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import Domain
from .models import ServiceRecord, TechnicalNeed

ORGANIZATION_SEARCH = ("name_zh", "name_en", "aliases__json")
PERSON_SEARCH = ("name_zh", "name_en")
CENTER_SEARCH = ("name_zh", "name_en")


def domains_field(**kwargs: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Domains"),
        choices=Domain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        **kwargs,
    )


class TechnicalNeedForm(ObjectForm):
    domains = domains_field()

    class Meta(ObjectForm.Meta):
        model = TechnicalNeed
        fields = (
            "title",
            "organization",
            "contact",
            "description",
            "domains",
            "submitted_on",
            "deadline",
            "budget",
            "currency",
            "confidentiality",
            "team_visible",
        )
        widgets = {
            # Thousands of each: searched by name, never listed in full.
            "organization": RecordSelect(Organization, ORGANIZATION_SEARCH),
            "contact": RecordSelect(Person, PERSON_SEARCH),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and self.initial.get("submitted_on") is None:
            # A need is usually recorded the day it comes in.
            self.initial["submitted_on"] = today()


class ServiceRecordForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = ServiceRecord
        fields = (
            "title",
            "kind",
            "organization",
            "delivered_on",
            "description",
            "need",
            "agreement",
            "center",
            "provided_by",
            "revenue",
            "currency",
        )
        widgets = {
            "organization": RecordSelect(Organization, ORGANIZATION_SEARCH),
            "need": RecordSelect(TechnicalNeed, ("title",)),
            "agreement": RecordSelect(Agreement, ("number", "title_zh", "title_en")),
            "provided_by": RecordSelect(Person, PERSON_SEARCH),
            "center": RecordSelect(Center, CENTER_SEARCH),
        }


# Lifecycle steps of a need: each form's fields are its service's keyword arguments. --------


class TriageForm(TransitionForm):
    triaged_on = date_field(_("triaged on"))
    assigned_center = forms.ModelChoiceField(
        queryset=Center.objects.all(),
        required=False,
        label=_("assigned center"),
        help_text=_("Leave empty to keep the center already assigned, if any."),
        widget=RecordSelect(Center, CENTER_SEARCH),
    )
    domains = domains_field(help_text=_("Leave all unticked to keep the need's domains."))

    def service_arguments(self) -> dict[str, Any]:
        arguments = super().service_arguments()
        # None tells need_triage to keep the domains; an empty list would clear them.
        arguments["domains"] = arguments.get("domains") or None
        return arguments


class SolveForm(TransitionForm):
    solved_on = date_field(_("solved on"))
    # Required, and refused with the service's own words when left empty.
    solution_summary = forms.CharField(
        label=_("solution summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _(
                "A need cannot be solved without a solution summary: say how it was solved."
            )
        },
    )
    satisfaction = forms.TypedChoiceField(
        label=_("satisfaction"),
        choices=[("", "—"), *((n, str(n)) for n in range(1, 6))],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("1 (poor) to 5 (excellent), as the enterprise rated the solution"),
    )


class EndForm(TransitionForm):
    ended_on = date_field(_("closed on"))
    reason = reason_field(_("reason"), required=False)
