from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.achievements.models import Achievement
from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.core.forms import ObjectForm, RecordSelect
from liaison.core.steps import TransitionForm, date_field
from liaison.core.widgets import RecordSelectMultiple
from liaison.needs.models import ServiceRecord
from liaison.people.models import Person

from .choices import SupervisionSide
from .models import Supervision, Trainee

PERSON_SEARCH = ("name_zh", "name_en")
AGREEMENT_SEARCH = ("number", "title_zh", "title_en")


class TraineeForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = Trainee
        fields = (
            "person",
            "agreement",
            "level",
            "center",
            "starts_on",
            "title",
            "achievements",
            "services",
            "note",
        )
        widgets = {
            # Thousands of people and agreements: searched by name, never listed in full.
            "person": RecordSelect(Person, PERSON_SEARCH),
            "agreement": RecordSelect(Agreement, AGREEMENT_SEARCH),
            "center": RecordSelect(Center, ("name_zh", "name_en")),
            "achievements": RecordSelectMultiple(Achievement, ("title_zh", "title_en")),
            "services": RecordSelectMultiple(ServiceRecord, ("title",)),
        }


class SupervisionForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = Supervision
        fields = ("trainee", "supervisor", "side")
        widgets = {
            "trainee": RecordSelect(Trainee, ("person__name_zh", "person__name_en", "title")),
            "supervisor": RecordSelect(Person, PERSON_SEARCH),
        }


class AddSupervisorForm(TransitionForm):
    supervisor = forms.ModelChoiceField(
        queryset=Person.objects.all(),
        label=_("supervisor"),
        widget=RecordSelect(Person, PERSON_SEARCH),
    )
    side = forms.ChoiceField(
        label=_("side"), choices=SupervisionSide.choices, initial=SupervisionSide.INSTITUTE
    )


class EndTrainingForm(TransitionForm):
    ended_on = date_field(_("ended on"))
