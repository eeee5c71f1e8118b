from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.agreements.models import Agreement
from liaison.core.forms import ObjectForm, RecordSelect
from liaison.core.steps import TransitionForm, date_field
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .models import Broker, BrokerEngagement, CommissionPayment, Introduction

BROKER_SEARCH = (
    "person__name_zh",
    "person__name_en",
    "organization__name_zh",
    "organization__name_en",
)
AGREEMENT_SEARCH = ("number", "title_zh", "title_en")
NEED_SEARCH = ("title",)


class BrokerForm(ObjectForm):
    list_fields = ("fields_of_practice",)

    class Meta(ObjectForm.Meta):
        model = Broker
        fields = (
            "person",
            "organization",
            "certificate_level",
            "certificate_number",
            "certificate_issued_on",
            "certificate_issuer",
            "fields_of_practice",
            "default_commission_rate",
            "default_commission_fixed",
            "currency",
            "notes",
        )
        widgets = {
            "person": RecordSelect(Person, ("name_zh", "name_en")),
            "organization": RecordSelect(Organization, ("name_zh", "name_en", "aliases__json")),
        }


class BrokerEngagementForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = BrokerEngagement
        fields = (
            "broker",
            "agreement",
            "basis",
            "commission_rate",
            "commission_fixed",
            "currency",
            "need",
            "note",
        )
        widgets = {
            "broker": RecordSelect(Broker, BROKER_SEARCH),
            "agreement": RecordSelect(Agreement, AGREEMENT_SEARCH),
            "need": RecordSelect(TechnicalNeed, NEED_SEARCH),
        }


class CommissionPaymentForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = CommissionPayment
        fields = ("engagement", "paid_on", "amount", "currency", "reference", "note")
        widgets = {
            "engagement": RecordSelect(
                BrokerEngagement, ("agreement__number", *(f"broker__{f}" for f in BROKER_SEARCH))
            )
        }


class IntroductionForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = Introduction
        fields = ("broker", "need", "organization", "introduced_on", "note")
        widgets = {
            "broker": RecordSelect(Broker, BROKER_SEARCH),
            "need": RecordSelect(TechnicalNeed, NEED_SEARCH),
            "organization": RecordSelect(Organization, ("name_zh", "name_en", "aliases__json")),
        }


# The lifecycle steps' forms ------------------------------------------------------------------


class RecordPaymentForm(TransitionForm):
    paid_on = date_field(_("paid on"))
    amount = forms.DecimalField(label=_("amount"), max_digits=16, decimal_places=2, min_value=0)
    reference = forms.CharField(label=_("reference"), required=False, max_length=100)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
