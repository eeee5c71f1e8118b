from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import TransitionForm, date_field
from liaison.core.forms import ObjectForm

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


class RecordStageForm(TransitionForm):
    stage = forms.ChoiceField(label=_("stage"), choices=Stage.choices)
    reached_on = date_field(_("reached on"))
    evidence = forms.CharField(
        label=_("evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows it: a trial registration, a certificate, a contract…"),
    )
