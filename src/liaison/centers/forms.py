from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.agreements.models import Agreement, SigningEvent
from liaison.core.forms import ObjectForm, RecordSelect
from liaison.core.steps import DateInput, TransitionForm, date_field
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import AppointmentRole, CommitteeKind
from .models import Center, Committee

# Thousands of organizations, people and agreements: searched by name, never listed in full.
ORGANIZATION_SEARCH = ("name_zh", "name_en", "aliases__json")
PERSON_SEARCH = ("name_zh", "name_en")


class CenterForm(ObjectForm):
    list_fields = ("focus_areas",)

    class Meta(ObjectForm.Meta):
        model = Center
        fields = (
            "name_zh",
            "name_en",
            "kind",
            "status",
            "parent",
            "founding_agreement",
            "established_on",
            "established_at",
            "focus_areas",
            "description",
        )
        widgets = {
            "parent": RecordSelect(Center, ("name_zh", "name_en")),
            "founding_agreement": RecordSelect(Agreement, ("number", "title_zh", "title_en")),
        }


class AddPartnerForm(TransitionForm):
    organization = forms.ModelChoiceField(
        label=_("organization"),
        queryset=Organization.objects.all(),
        widget=RecordSelect(Organization, ORGANIZATION_SEARCH),
    )
    role = forms.CharField(
        label=_("role"),
        required=False,
        max_length=100,
        help_text=_("e.g. co-founder, clinical partner, industrial partner"),
    )
    joined_on = forms.DateField(label=_("joined on"), required=False, widget=DateInput)


class CommitteeCreateForm(TransitionForm):
    kind = forms.ChoiceField(
        label=_("kind"), choices=CommitteeKind.choices, initial=CommitteeKind.ACADEMIC
    )
    name_zh = forms.CharField(label=_("Chinese name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=300, required=False)
    established_on = forms.DateField(label=_("established on"), required=False, widget=DateInput)


class CommitteeChoiceField(forms.ModelChoiceField):
    """Every center's committee may be called "Academic committee": name the center too."""

    def label_from_instance(self, obj: Committee) -> str:
        return f"{obj.center} · {obj}"


class AppointForm(TransitionForm):
    person = forms.ModelChoiceField(
        label=_("person"),
        queryset=Person.objects.all(),
        widget=RecordSelect(Person, PERSON_SEARCH),
    )
    role = forms.ChoiceField(label=_("role"), choices=AppointmentRole.choices)
    committee = CommitteeChoiceField(
        label=_("committee"),
        queryset=Committee.objects.select_related("center"),
        required=False,
        help_text=_("For a committee chair, vice-chair or member: the committee they sit on."),
    )
    starts_on = date_field(_("term starts"))
    ends_on = forms.DateField(label=_("term ends"), required=False, widget=DateInput)
    announced_at = forms.ModelChoiceField(
        label=_("announced at"), queryset=SigningEvent.objects.all(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.record, Center):
            # A person is appointed to a committee of the center whose page this is.
            field = self.fields["committee"]
            field.queryset = field.queryset.filter(center=self.record)  # type: ignore[attr-defined]


class EndTermForm(TransitionForm):
    ends_on = date_field(_("term ends"))
