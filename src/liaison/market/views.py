"""The pages of roadshows and matchmaking fairs: the event with its programme, registrations,
intentions and funnel; the programme's rows, the registrations and the intentions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from liaison.core.views import generic
from liaison.core.views.generic import RelatedPanel

from .filtersets import (
    EventAchievementFilterSet,
    EventAttendanceFilterSet,
    EventNeedFilterSet,
    EventOutcomeFilterSet,
    MarketEventFilterSet,
)
from .forms import (
    EventAchievementForm,
    EventAttendanceForm,
    EventNeedForm,
    EventOutcomeForm,
    MarketEventForm,
)
from .models import EventAchievement, EventAttendance, EventNeed, EventOutcome, MarketEvent
from .selectors import event_attendance, event_funnel, outcome_trace
from .steps import ATTENDANCE_STEPS, EVENT_STEPS, OUTCOME_STEPS
from .tables import (
    EventAchievementTable,
    EventAttendanceTable,
    EventNeedTable,
    EventOutcomeTable,
    MarketEventTable,
)


class _PresetEvent:
    """A new row of an event starts from the event named in `?event=`."""

    request: HttpRequest

    def preset_event(self, record: Any) -> Any:
        pk = self.request.GET.get("event", "")
        if record.pk is None and pk.isdigit():
            visible = MarketEvent.objects.restrict(self.request.user, "view")
            record.event = visible.filter(pk=pk).first()
        return record


# Events ------------------------------------------------------------------------------------


class MarketEventListView(generic.ObjectListView):
    queryset = MarketEvent.objects.select_related("organizer").defer("description")
    filterset = MarketEventFilterSet
    table = MarketEventTable


class MarketEventView(generic.ObjectView):
    queryset = MarketEvent.objects.select_related("organizer")
    template_name = "market/marketevent.html"
    fieldsets = (
        (
            None,
            ("kind", "title_zh", "title_en", "held_on", "ends_on", "place", "organizer"),
        ),
        (_("Registration"), ("status", "registration_closes_on", "capacity")),
        (_("Description"), ("description", "closed_on", "cancelled_on", "cancel_reason")),
    )
    panels = (
        RelatedPanel(
            _("Achievements presented"),
            lambda e: e.presentations.select_related("achievement", "presenter").order_by(
                "order", "pk"
            ),
            table=EventAchievementTable,
            exclude=("event",),
            limit=30,
            list_filter="event",
            add_label=_("Present an achievement"),
        ),
        RelatedPanel(
            _("Needs on show"),
            lambda e: e.needs_on_show.select_related("need__organization").order_by("order", "pk"),
            table=EventNeedTable,
            exclude=("event",),
            limit=30,
            list_filter="event",
            add_label=_("Show a need"),
        ),
        RelatedPanel(
            _("Registrations"),
            lambda e: e.attendances.select_related("organization").order_by(
                "organization__name_zh", "pk"
            ),
            table=EventAttendanceTable,
            exclude=("event",),
            limit=30,
            list_filter="event",
            add_label=_("Register an organization"),
        ),
        RelatedPanel(
            _("Intentions noted"),
            lambda e: e.outcomes.select_related(
                "organization", "achievement", "need", "expert", "agreement"
            ).order_by("noted_on", "pk"),
            table=EventOutcomeTable,
            exclude=("event",),
            limit=30,
            list_filter="event",
            add_label=_("Note an intention"),
        ),
    )
    actions = EVENT_STEPS

    def extra_context(self, obj: Any) -> dict[str, Any]:
        funnel = event_funnel(event=obj, user=self.request.user)
        return {
            "funnel": funnel,
            "funnel_chart": funnel.chart(),
            "attendance": event_attendance(event=obj, user=self.request.user),
        }


class MarketEventEditView(generic.ObjectEditView):
    queryset = MarketEvent.objects.all()
    form = MarketEventForm


class MarketEventDeleteView(generic.ObjectDeleteView):
    queryset = MarketEvent.objects.all()


# The programme -------------------------------------------------------------------------------


class EventAchievementListView(generic.ObjectListView):
    queryset = EventAchievement.objects.select_related("event", "achievement", "presenter")
    filterset = EventAchievementFilterSet
    table = EventAchievementTable


class EventAchievementView(generic.ObjectView):
    queryset = EventAchievement.objects.select_related("event", "achievement", "presenter")
    fieldsets = ((None, ("event", "achievement", "presenter", "order", "pitch")),)


class EventAchievementEditView(_PresetEvent, generic.ObjectEditView):
    queryset = EventAchievement.objects.all()
    form = EventAchievementForm

    def get_instance(self) -> Any:
        return self.preset_event(super().get_instance())


class EventAchievementDeleteView(generic.ObjectDeleteView):
    queryset = EventAchievement.objects.all()


class EventNeedListView(generic.ObjectListView):
    queryset = EventNeed.objects.select_related("event", "need__organization")
    filterset = EventNeedFilterSet
    table = EventNeedTable


class EventNeedView(generic.ObjectView):
    queryset = EventNeed.objects.select_related("event", "need")
    fieldsets = ((None, ("event", "need", "order", "note")),)


class EventNeedEditView(_PresetEvent, generic.ObjectEditView):
    queryset = EventNeed.objects.all()
    form = EventNeedForm

    def get_instance(self) -> Any:
        return self.preset_event(super().get_instance())


class EventNeedDeleteView(generic.ObjectDeleteView):
    queryset = EventNeed.objects.all()


# Registrations ---------------------------------------------------------------------------------


class EventAttendanceListView(generic.ObjectListView):
    queryset = EventAttendance.objects.select_related("event", "organization")
    filterset = EventAttendanceFilterSet
    table = EventAttendanceTable


class EventAttendanceView(generic.ObjectView):
    queryset = EventAttendance.objects.select_related("event", "organization", "registered_by")
    fieldsets = (
        (None, ("event", "organization", "status", "attendees", "note")),
        (_("Registration"), ("registered_on", "registered_by", "from_portal", "cancelled_on")),
    )
    panels = (
        RelatedPanel(
            _("People known to the office"),
            lambda a: a.people.order_by("name_zh"),
            columns=("kind", "title"),
        ),
    )
    actions = ATTENDANCE_STEPS


class EventAttendanceEditView(_PresetEvent, generic.ObjectEditView):
    queryset = EventAttendance.objects.all()
    form = EventAttendanceForm

    def get_instance(self) -> Any:
        return self.preset_event(super().get_instance())


class EventAttendanceDeleteView(generic.ObjectDeleteView):
    queryset = EventAttendance.objects.all()


# Intentions -------------------------------------------------------------------------------------


class EventOutcomeListView(generic.ObjectListView):
    queryset = EventOutcome.objects.select_related(
        "event", "organization", "achievement", "need", "expert", "agreement"
    )
    filterset = EventOutcomeFilterSet
    table = EventOutcomeTable


class EventOutcomeView(generic.ObjectView):
    queryset = EventOutcome.objects.select_related(
        "event",
        "organization",
        "achievement",
        "need",
        "expert",
        "match__need",
        "agreement__registration",
    )
    template_name = "market/eventoutcome.html"
    fieldsets = (
        (None, ("event", "organization", "kind", "noted_on", "note")),
        (_("What it is about"), ("achievement", "need", "expert")),
        (_("Where it led"), ("match", "agreement")),
    )
    actions = OUTCOME_STEPS

    def extra_context(self, obj: Any) -> dict[str, Any]:
        return {"trace": outcome_trace(outcome=obj, user=self.request.user)}


class EventOutcomeEditView(_PresetEvent, generic.ObjectEditView):
    queryset = EventOutcome.objects.all()
    form = EventOutcomeForm

    def get_instance(self) -> Any:
        return self.preset_event(super().get_instance())


class EventOutcomeDeleteView(generic.ObjectDeleteView):
    queryset = EventOutcome.objects.all()
