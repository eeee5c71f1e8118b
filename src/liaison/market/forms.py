from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.achievements.models import Achievement
from liaison.agreements.choices import AgreementKind
from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.core.forms import ObjectForm, RecordSelect
from liaison.core.steps import TransitionForm, date_field, reason_field
from liaison.core.widgets import RecordSelectMultiple
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .models import EventAchievement, EventAttendance, EventNeed, EventOutcome, MarketEvent

EVENT_SEARCH = ("title_zh", "title_en", "place")
ORGANIZATION_SEARCH = ("name_zh", "name_en", "aliases__json")
PERSON_SEARCH = ("name_zh", "name_en")
ACHIEVEMENT_SEARCH = ("title_zh", "title_en")
NEED_SEARCH = ("title",)


class MarketEventForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = MarketEvent
        fields = (
            "kind",
            "title_zh",
            "title_en",
            "held_on",
            "ends_on",
            "place",
            "organizer",
            "description",
            "registration_closes_on",
            "capacity",
        )
        widgets = {"organizer": RecordSelect(Center, ("name_zh", "name_en"))}


class EventAchievementForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = EventAchievement
        fields = ("event", "achievement", "presenter", "order", "pitch")
        widgets = {
            "event": RecordSelect(MarketEvent, EVENT_SEARCH),
            "achievement": RecordSelect(Achievement, ACHIEVEMENT_SEARCH),
            "presenter": RecordSelect(Person, PERSON_SEARCH),
        }


class EventNeedForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = EventNeed
        fields = ("event", "need", "order", "note")
        widgets = {
            "event": RecordSelect(MarketEvent, EVENT_SEARCH),
            "need": RecordSelect(TechnicalNeed, NEED_SEARCH),
        }


class EventAttendanceForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = EventAttendance
        fields = ("event", "organization", "attendees", "people", "note")
        widgets = {
            "event": RecordSelect(MarketEvent, EVENT_SEARCH),
            "organization": RecordSelect(Organization, ORGANIZATION_SEARCH),
            "people": RecordSelectMultiple(Person, PERSON_SEARCH),
        }


class EventOutcomeForm(ObjectForm):
    class Meta(ObjectForm.Meta):
        model = EventOutcome
        fields = (
            "event",
            "organization",
            "kind",
            "achievement",
            "need",
            "expert",
            "noted_on",
            "note",
        )
        widgets = {
            "event": RecordSelect(MarketEvent, EVENT_SEARCH),
            "organization": RecordSelect(Organization, ORGANIZATION_SEARCH),
            "achievement": RecordSelect(Achievement, ACHIEVEMENT_SEARCH),
            "need": RecordSelect(TechnicalNeed, NEED_SEARCH),
            "expert": RecordSelect(Person, PERSON_SEARCH),
        }


# The lifecycle steps' forms -------------------------------------------------------------------


class OpenRegistrationForm(TransitionForm):
    closes_on = date_field(
        _("registration closes on"),
        required=False,
        help_text=_("Left empty: the event's closing date, or its last day."),
    )
    capacity = forms.IntegerField(
        label=_("capacity"),
        required=False,
        min_value=1,
        help_text=_("How many organizations may register; empty for the event's own."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["closes_on"].initial = getattr(self.record, "registration_closes_on", None)
        self.fields["capacity"].initial = getattr(self.record, "capacity", None)


class CloseEventForm(TransitionForm):
    on = date_field(_("closed on"))


class CancelEventForm(TransitionForm):
    on = date_field(_("cancelled on"))
    reason = reason_field(_("why it is cancelled"))


class RecordMatchForm(TransitionForm):
    need = forms.ModelChoiceField(
        queryset=TechnicalNeed.objects.all(),
        label=_("need"),
        required=False,
        widget=RecordSelect(TechnicalNeed, NEED_SEARCH),
        help_text=_("Left empty: the need on show the intention is about."),
    )
    achievement = forms.ModelChoiceField(
        queryset=Achievement.objects.all(),
        label=_("achievement"),
        required=False,
        widget=RecordSelect(Achievement, ACHIEVEMENT_SEARCH),
        help_text=_("Left empty: the achievement presented the intention is about."),
    )
    expert = forms.ModelChoiceField(
        queryset=Person.objects.all(),
        label=_("expert"),
        required=False,
        widget=RecordSelect(Person, PERSON_SEARCH),
        help_text=_("Left empty: the expert the intention is about."),
    )


class CarryToAgreementForm(TransitionForm):
    agreement = forms.ModelChoiceField(
        queryset=Agreement.objects.all(),
        label=_("existing agreement"),
        required=False,
        widget=RecordSelect(Agreement, ("number", "title_zh", "title_en")),
        help_text=_(
            "Link an agreement the organization is party to; or leave it empty and "
            "draft a new one below."
        ),
    )
    number = forms.CharField(label=_("number of the new agreement"), max_length=64, required=False)
    title_zh = forms.CharField(
        label=_("Chinese title of the new agreement"),
        max_length=300,
        required=False,
        help_text=_("Left empty: the organization and the achievement or need."),
    )
    kind = forms.ChoiceField(
        label=_("kind of the new agreement"),
        choices=[("", _("As the intention says")), *AgreementKind.choices],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        record = self.record
        if record is not None and record.pk is not None:
            self.fields["number"].initial = f"MKT-{record.event_id}-{record.pk}"
