from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.achievements.models import Achievement
from liaison.core.forms import ObjectForm, RecordSelect
from liaison.core.steps import DateInput, TransitionForm, date_field, reason_field
from liaison.core.widgets import RecordSelectMultiple
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import OfficeActionKind
from .models import FeePayment, OfficeAction, Patent

ORGANIZATION_SEARCH = ("name_zh", "name_en", "aliases__json")
PATENT_SEARCH = ("application_number", "patent_number", "title")


class PatentForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = Patent
        fields = (
            "achievement",
            "title",
            "jurisdiction",
            "kind",
            "application_number",
            "filed_on",
            "priority_on",
            "pct_number",
            "national_phase_on",
            "owners",
            "inventors",
            "agent",
            "fee_reduction",
            "note",
        )
        widgets = {
            # Thousands of organizations and people: searched by name, never listed in full.
            "achievement": RecordSelect(Achievement, ("title_zh", "title_en")),
            "owners": RecordSelectMultiple(Organization, ORGANIZATION_SEARCH),
            "inventors": RecordSelectMultiple(Person, ("name_zh", "name_en")),
            "agent": RecordSelect(Organization, ORGANIZATION_SEARCH),
        }


class FeePaymentForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = FeePayment
        fields = ("patent", "kind", "fee_year", "paid_on", "amount", "currency", "proof", "note")
        widgets = {"patent": RecordSelect(Patent, PATENT_SEARCH)}


class OfficeActionForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = OfficeAction
        fields = ("patent", "kind", "issued_on", "received_on", "term_months", "summary")
        widgets = {"patent": RecordSelect(Patent, PATENT_SEARCH)}


class PublicationForm(TransitionForm):
    published_on = date_field(_("published on"))


class ExaminationRequestForm(TransitionForm):
    requested_on = date_field(_("examination requested on"))


class GrantForm(TransitionForm):
    granted_on = date_field(_("granted on"))
    patent_number = forms.CharField(
        label=_("patent number"),
        required=False,
        max_length=40,
        help_text=_(
            "A Chinese patent's number is “ZL” and its application number: left empty, it is filled in."
        ),
    )


class EndForm(TransitionForm):
    ended_on = date_field(_("ended on"))
    reason = reason_field(_("reason"), required=False)


class RecordOfficeActionForm(TransitionForm):
    kind = forms.ChoiceField(label=_("kind"), choices=OfficeActionKind.choices)
    issued_on = date_field(_("issued on"))
    received_on = forms.DateField(label=_("received on"), required=False, widget=DateInput)
    term_months = forms.IntegerField(
        label=_("term set by the notice (months)"),
        required=False,
        min_value=1,
        max_value=24,
        help_text=_("Leave empty to use the rules' term for this kind of notice."),
    )
    summary = forms.CharField(
        label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RespondForm(TransitionForm):
    responded_on = date_field(_("responded on"))
