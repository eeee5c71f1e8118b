from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.achievements.models import Achievement
from liaison.agreements.models import Agreement, PaymentMilestone
from liaison.core.forms import ObjectForm, RecordSelect
from liaison.core.steps import DateInput, TransitionForm, date_field, reason_field
from liaison.core.widgets import RecordSelectMultiple
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import ObjectionOutcome
from .models import Cost, Income, PriceNotice, PriceObjection, Reward, RewardPolicy, RewardShare

AGREEMENT_SEARCH = ("number", "title_zh", "title_en")
ACHIEVEMENT_SEARCH = ("title_zh", "title_en", "patent_number")
ORGANIZATION_SEARCH = ("name_zh", "name_en", "aliases__json")
PERSON_SEARCH = ("name_zh", "name_en")


class PriceNoticeForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = PriceNotice
        fields = (
            "agreement",
            "achievement",
            "completers",
            "price",
            "currency",
            "pricing",
            "evidence",
            "period_days",
            "text",
        )
        widgets = {
            "agreement": RecordSelect(Agreement, AGREEMENT_SEARCH),
            "achievement": RecordSelect(Achievement, ACHIEVEMENT_SEARCH),
            "completers": RecordSelectMultiple(Person, PERSON_SEARCH),
        }


class PostNoticeForm(TransitionForm):
    posted_on = date_field(_("posted on"))


class ConcludeNoticeForm(TransitionForm):
    concluded_on = date_field(_("concluded on"))


class WithdrawNoticeForm(TransitionForm):
    withdrawn_on = date_field(_("withdrawn on"))
    reason = reason_field(_("reason"))


class RaiseObjectionForm(TransitionForm):
    raised_on = date_field(_("raised on"))
    raised_by = forms.CharField(label=_("raised by"), required=False, max_length=200)
    text = reason_field(_("objection"))


class PriceObjectionForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = PriceObjection
        fields = ("notice", "raised_on", "raised_by", "text")
        widgets = {"notice": RecordSelect(PriceNotice, ("agreement__number",))}


class DecideObjectionForm(TransitionForm):
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=[
            (ObjectionOutcome.DISMISSED, ObjectionOutcome.DISMISSED.label),
            (ObjectionOutcome.UPHELD, ObjectionOutcome.UPHELD.label),
        ],
    )
    decided_on = date_field(_("decided on"))
    response = reason_field(_("response"))


class IncomeForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = Income
        fields = (
            "agreement",
            "achievement",
            "milestone",
            "kind",
            "payer",
            "received_on",
            "amount",
            "currency",
            "reference",
            "note",
        )
        widgets = {
            "agreement": RecordSelect(Agreement, AGREEMENT_SEARCH),
            "achievement": RecordSelect(Achievement, ACHIEVEMENT_SEARCH),
            "milestone": RecordSelect(PaymentMilestone, ("title", "agreement__number")),
            "payer": RecordSelect(Organization, ORGANIZATION_SEARCH),
            "received_on": DateInput,
        }


class CostForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = Cost
        fields = (
            "achievement",
            "kind",
            "incurred_on",
            "amount",
            "currency",
            "payee",
            "description",
        )
        widgets = {
            "achievement": RecordSelect(Achievement, ACHIEVEMENT_SEARCH),
            "payee": RecordSelect(Organization, ORGANIZATION_SEARCH),
        }


class RewardPolicyForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = RewardPolicy
        fields = (
            "title",
            "regime",
            "effective_from",
            "effective_until",
            "transfer_rate",
            "equity_rate",
            "implementation_rate",
            "implementation_years",
            "grant_bonus_invention",
            "grant_bonus_other",
            "notice_days",
            "document",
            "note",
        )


class RewardForm(ObjectForm):
    """A reward's inputs; the rule, the rate and the amount are computed from them."""

    # The computation shown before the reward is saved ("Compute"), set by the page.
    preview: dict[str, Any] | None = None

    class Meta(ObjectForm.Meta):
        model = Reward
        fields = (
            "achievement",
            "basis",
            "agreement",
            "period_start",
            "period_end",
            "implementation_year",
            "base_amount",
            "patent_kind",
            "manual_rate",
            "manual_amount",
            "currency",
            "note",
        )
        widgets = {
            "achievement": RecordSelect(Achievement, ACHIEVEMENT_SEARCH),
            "agreement": RecordSelect(Agreement, AGREEMENT_SEARCH),
        }


class AddShareForm(TransitionForm):
    person = forms.ModelChoiceField(
        label=_("person"),
        queryset=Person.objects.all(),
        widget=RecordSelect(Person, PERSON_SEARCH),
    )
    share = forms.DecimalField(
        label=_("share (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )


class RewardShareForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = RewardShare
        fields = ("reward", "person", "share")
        widgets = {
            "reward": RecordSelect(Reward, ("achievement__title_zh", "achievement__title_en")),
            "person": RecordSelect(Person, PERSON_SEARCH),
        }


class ApproveRewardForm(TransitionForm):
    approved_on = date_field(_("approved on"))


class RejectRewardForm(TransitionForm):
    reason = reason_field(_("reason"))


class PayForm(TransitionForm):
    paid_on = date_field(_("paid on"))


class NetIncomeForm(forms.Form):
    """The achievement and period whose net income is shown."""

    achievement = forms.ModelChoiceField(
        label=_("Achievement"),
        queryset=Achievement.objects.all(),
        widget=RecordSelect(Achievement, ACHIEVEMENT_SEARCH),
    )
    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("To"), widget=DateInput)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["achievement"]
        field.queryset = Achievement.objects.restrict(user, "view")
