from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.core.forms import ObjectForm, RecordSelect
from liaison.core.steps import DateInput, TransitionForm, date_field
from liaison.organizations.models import Organization

from .choices import Honour
from .models import Person


class PersonForm(ObjectForm):
    list_fields = ("expertise",)

    honours = forms.MultipleChoiceField(
        label=_("honours"),
        choices=Honour.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(ObjectForm.Meta):
        model = Person
        fields = (
            "name_zh",
            "name_en",
            "kind",
            "title",
            "honours",
            "expertise",
            "profile",
            "available",
            "email",
            "phone",
        )


class AddAffiliationForm(TransitionForm):
    organization = forms.ModelChoiceField(
        label=_("organization"),
        queryset=Organization.objects.all(),
        # Thousands of organizations: searched by name, never listed in full.
        widget=RecordSelect(Organization, ("name_zh", "name_en", "aliases__json")),
    )
    position = forms.CharField(label=_("position"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("from"), required=False, widget=DateInput)
    ends_on = forms.DateField(label=_("until"), required=False, widget=DateInput)
    is_primary = forms.BooleanField(
        label=_("primary affiliation"),
        required=False,
        help_text=_(
            "The one lists show; the person's other primary affiliation becomes secondary."
        ),
    )


class EndAffiliationForm(TransitionForm):
    ends_on = date_field(_("until"))
