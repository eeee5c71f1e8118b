from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.achievements.models import Achievement
from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.core.choices import Currency
from liaison.core.forms import ObjectForm, RecordSelect
from liaison.core.steps import TransitionForm, date_field, reason_field
from liaison.core.widgets import RecordSelectMultiple
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import MilestoneKind, ResourceKind
from .models import Incubation, IncubationMilestone, IncubationResource

INCUBATION_SEARCH = ("organization__name_zh", "organization__name_en")


class IncubationForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = Incubation
        fields = (
            "organization",
            "center",
            "origin",
            "achievement",
            "founders",
            "achievements",
            "agreement",
            "admitted_on",
            "institute_shareholding",
            "space",
            "area_m2",
        )
        widgets = {
            # Thousands of organizations, people and achievements: searched, never listed.
            "organization": RecordSelect(Organization, ("name_zh", "name_en", "aliases__json")),
            "center": RecordSelect(Center, ("name_zh", "name_en")),
            "achievement": RecordSelect(Achievement, ("title_zh", "title_en")),
            "founders": RecordSelectMultiple(Person, ("name_zh", "name_en")),
            "achievements": RecordSelectMultiple(Achievement, ("title_zh", "title_en")),
            "agreement": RecordSelect(Agreement, ("number", "title_zh", "title_en")),
        }


class IncubationMilestoneForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = IncubationMilestone
        fields = ("incubation", "kind", "reached_on", "evidence", "amount", "currency")
        widgets = {"incubation": RecordSelect(Incubation, INCUBATION_SEARCH)}


class IncubationResourceForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = IncubationResource
        fields = (
            "incubation",
            "kind",
            "starts_on",
            "ends_on",
            "area_m2",
            "fee",
            "currency",
            "note",
        )
        widgets = {"incubation": RecordSelect(Incubation, INCUBATION_SEARCH)}


# The lifecycle steps' forms ------------------------------------------------------------------


class StartForm(TransitionForm):
    on = date_field(_("started incubating on"))


class ExitForm(TransitionForm):
    on = date_field(_("exited on"))
    note = forms.CharField(
        label=_("exit note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(ExitForm):
    note = reason_field(_("why it closed"), required=False)


class RecordMilestoneForm(TransitionForm):
    kind = forms.ChoiceField(label=_("kind"), choices=MilestoneKind.choices)
    reached_on = date_field(_("reached on"))
    evidence = forms.CharField(
        label=_("evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows it: a contract, an invoice, a licence…"),
    )
    amount = forms.DecimalField(
        label=_("amount"), required=False, max_digits=16, decimal_places=2, min_value=0
    )
    currency = forms.ChoiceField(label=_("currency"), choices=Currency.choices, initial="CNY")


class AddResourceForm(TransitionForm):
    kind = forms.ChoiceField(label=_("kind"), choices=ResourceKind.choices)
    starts_on = date_field(_("starts on"))
    ends_on = date_field(_("ends on"), required=False)
    area_m2 = forms.DecimalField(
        label=_("area (m²)"), required=False, max_digits=9, decimal_places=2, min_value=0
    )
    fee = forms.DecimalField(
        label=_("fee"), required=False, max_digits=16, decimal_places=2, min_value=0
    )
    currency = forms.ChoiceField(label=_("currency"), choices=Currency.choices, initial="CNY")
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An end date is not today unless the user says so.
        self.fields["ends_on"].initial = None
