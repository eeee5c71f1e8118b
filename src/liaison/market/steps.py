"""The lifecycle steps of events, registrations and intentions, declared once for their pages
and for the admin. Each names its service and the statuses it is offered from, read from the
tables of moves."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.core.steps import Transition

from . import services
from .choices import ATTENDANCE_MOVES, EVENT_MOVES, AttendanceStatus, EventStatus
from .forms import (
    CancelEventForm,
    CarryToAgreementForm,
    CloseEventForm,
    OpenRegistrationForm,
    RecordMatchForm,
)

OPEN_REGISTRATION = Transition(
    name="open-registration",
    label=_("Open registration"),
    service=services.event_open_registration,
    target="event",
    form=OpenRegistrationForm,
    offered_from=EVENT_MOVES.into(EventStatus.REGISTRATION_OPEN),
)
HOLD = Transition(
    name="hold",
    label=_("Record it was held"),
    service=services.event_hold,
    target="event",
    offered_from=EVENT_MOVES.into(EventStatus.HELD),
)
CLOSE = Transition(
    name="close",
    label=_("Close"),
    service=services.event_close,
    target="event",
    form=CloseEventForm,
    offered_from=EVENT_MOVES.into(EventStatus.CLOSED),
)
CANCEL = Transition(
    name="cancel",
    label=_("Cancel the event"),
    service=services.event_cancel,
    target="event",
    form=CancelEventForm,
    offered_from=EVENT_MOVES.into(EventStatus.CANCELLED),
)
EVENT_STEPS = (OPEN_REGISTRATION, HOLD, CLOSE, CANCEL)

MARK_ATTENDED = Transition(
    name="attended",
    label=_("Attended"),
    service=services.attendance_mark_attended,
    target="attendance",
    offered_from=ATTENDANCE_MOVES.into(AttendanceStatus.ATTENDED),
)
MARK_NO_SHOW = Transition(
    name="no-show",
    label=_("No-show"),
    service=services.attendance_mark_no_show,
    target="attendance",
    offered_from=ATTENDANCE_MOVES.into(AttendanceStatus.NO_SHOW),
)
CANCEL_REGISTRATION = Transition(
    name="cancel",
    label=_("Cancel the registration"),
    service=services.attendance_cancel,
    target="attendance",
    offered_from=ATTENDANCE_MOVES.into(AttendanceStatus.CANCELLED),
)
REGISTER_AGAIN = Transition(
    name="register-again",
    label=_("Register again"),
    service=services.attendance_register_again,
    target="attendance",
    offered_from=ATTENDANCE_MOVES.into(AttendanceStatus.REGISTERED),
)
ATTENDANCE_STEPS = (MARK_ATTENDED, MARK_NO_SHOW, CANCEL_REGISTRATION, REGISTER_AGAIN)

RECORD_MATCH = Transition(
    name="record-match",
    label=_("Record a match"),
    service=services.outcome_record_match,
    target="outcome",
    form=RecordMatchForm,
    offered_when=lambda outcome: outcome.match_id is None,
)
CARRY_TO_AGREEMENT = Transition(
    name="carry-to-agreement",
    label=_("Carry to an agreement"),
    service=services.outcome_carry_to_agreement,
    target="outcome",
    form=CarryToAgreementForm,
    offered_when=lambda outcome: outcome.agreement_id is None,
)
OUTCOME_STEPS = (RECORD_MATCH, CARRY_TO_AGREEMENT)
