from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.centers.models import Center
from liaison.core.forms import ObjectForm, RecordSelect
from liaison.core.steps import TransitionForm, date_field
from liaison.core.widgets import RecordSelectMultiple
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import Stage
from .models import Achievement


class AchievementForm(ObjectForm):
    list_fields = ("keywords",)

    class Meta(ObjectForm.Meta):
        model = Achievement
        fields = (
            "title_zh",
            "title_en",
            "kind",
            "patent_number",
            "center",
            "owners",
            "inventors",
            "trl",
            "transfer_mode",
            "description",
            "keywords",
        )
        widgets = {
            # Thousands of organizations and people: searched by name, never listed in full.
            "center": RecordSelect(Center, ("name_zh", "name_en")),
            "owners": RecordSelectMultiple(Organization, ("name_zh", "name_en", "aliases__json")),
            "inventors": RecordSelectMultiple(Person, ("name_zh", "name_en")),
        }


class RecordStageForm(TransitionForm):
    stage = forms.ChoiceField(label=_("stage"), choices=Stage.choices)
    reached_on = date_field(_("reached on"))
    evidence = forms.CharField(
        label=_("evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows it: a trial registration, a certificate, a contract…"),
    )
    going_back = forms.BooleanField(
        label=_("It went back to an earlier stage"),
        required=False,
        help_text=_("Only when it really did, a trial stopped for instance."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.record, Achievement):
            # Usually the next stage is the one reached.
            self.fields["stage"].initial = self.record.next_stage
