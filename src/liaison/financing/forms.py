from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.achievements.models import Achievement
from liaison.core.forms import ObjectForm, RecordSelect
from liaison.core.steps import TransitionForm, date_field, reason_field
from liaison.core.widgets import RecordSelectMultiple
from liaison.organizations.models import Organization

from .models import FinancingRound

# Thousands of organizations and achievements: searched by name, never listed in full.
ORGANIZATION_SEARCH = ("name_zh", "name_en", "aliases__json")


class FinancingRoundForm(ObjectForm):
    """A round as announced; its investors are named when it is recorded."""

    investors = forms.ModelMultipleChoiceField(
        label=_("Investors"),
        queryset=Organization.objects.all(),
        required=False,
        widget=RecordSelectMultiple(Organization, ORGANIZATION_SEARCH),
    )
    lead_investor = forms.ModelChoiceField(
        label=_("Lead investor"),
        queryset=Organization.objects.all(),
        required=False,
        help_text=_("One of the investors, if the round had a lead."),
        widget=RecordSelect(Organization, ORGANIZATION_SEARCH),
    )

    class Meta(ObjectForm.Meta):
        model = FinancingRound
        fields = (
            "venture",
            "achievement",
            "kind",
            "amount",
            "currency",
            "cny_rate",
            "announced_on",
            "note",
        )
        widgets = {
            "venture": RecordSelect(Organization, ORGANIZATION_SEARCH),
            "achievement": RecordSelect(Achievement, ("title_zh", "title_en", "patent_number")),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The investors of a recorded round are kept by the financing services.
            del self.fields["investors"]
            del self.fields["lead_investor"]

    def investor_rows(self) -> list[tuple[Organization, None, bool]]:
        """The investors as `round_create` takes them: (organization, stake, is lead)."""
        lead = self.cleaned_data.get("lead_investor")
        investors = list(self.cleaned_data.get("investors") or [])
        if lead is not None and lead not in investors:
            investors.append(lead)
        return [(investor, None, investor == lead) for investor in investors]


class CloseRoundForm(TransitionForm):
    closed_on = date_field(_("closed on"))


class CancelRoundForm(TransitionForm):
    reason = reason_field(_("reason it was cancelled"), required=False)
