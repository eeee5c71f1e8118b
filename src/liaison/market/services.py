"""Writes to roadshows and matchmaking fairs: the event and its lifecycle, its programme, the
registrations for it and the intentions noted at it, traced to matches and agreements.

An event: planned → registration open → held → closed, or cancelled (`EVENT_MOVES`).
A registration: registered → attended | cancelled | no-show; cancelled may register again
(`ATTENDANCE_MOVES`); one per organization and event; from the portal only while the event's
registration is open, until its closing date, within its capacity.
An intention (`EventOutcome`) cannot precede its event; it is about an achievement the event
presented, a need it showed or an expert; it is matched to a need through the needs' services
and carried to an agreement (linked, or drafted through the agreements' services) whose
signing is not before the event.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.achievements.models import Achievement
from liaison.agreements import services as agreement_services
from liaison.agreements.choices import UNSIGNED_STATUSES, PartyRole
from liaison.agreements.models import Agreement
from liaison.core import permissions, writes
from liaison.core.choices import Confidentiality
from liaison.core.lifecycle import (
    FieldErrors,
    check_not_in_future,
    save_changes,
    status_label,
    today,
)
from liaison.core.writes import create_record, delete_record, update_record
from liaison.needs.choices import OPEN_NEED_STATUSES, CandidateKind, Decision
from liaison.needs.models import MatchCandidate, TechnicalNeed
from liaison.needs.services import need_decide_candidate
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import (
    AGREEMENT_FOR_OUTCOME,
    ATTENDANCE_MOVES,
    ENDED_EVENT_STATUSES,
    EVENT_MOVES,
    SEATED_STATUSES,
    AttendanceStatus,
    EventStatus,
    OutcomeKind,
)
from .models import EventAchievement, EventAttendance, EventNeed, EventOutcome, MarketEvent

if TYPE_CHECKING:
    from liaison.accounts.models import User

# A need on show is seen by every organization at the event: only one its enterprise lets out.
SHOWABLE = frozenset({Confidentiality.PUBLIC, Confidentiality.INTERNAL})


# Events ------------------------------------------------------------------------------------


def _check_event(errors: FieldErrors, values: dict[str, Any]) -> None:
    held_on = values.get("held_on")
    ends_on = values.get("ends_on")
    closes_on = values.get("registration_closes_on")
    last_day = ends_on or held_on
    if closes_on is not None and last_day is not None and closes_on > last_day:
        errors.add(
            "registration_closes_on",
            _("Registration closes on or before the event's last day, %(day)s."),
            code="closes_after_event",
            params={"day": last_day.isoformat()},
        )


@transaction.atomic
def event_create(*, by: User | None, **fields: Any) -> MarketEvent:
    """Plan a roadshow or a matchmaking fair."""
    errors = FieldErrors()
    _check_event(errors, fields)
    return create_record(MarketEvent, by=by, errors=errors, **fields)


@transaction.atomic
def event_update(
    *, event: MarketEvent, by: User | None, version: int | None = None, **fields: Any
) -> MarketEvent:
    """Correct an event's fields; its date stays on or before every intention noted at it."""
    values = {
        name: getattr(event, name) for name in ("held_on", "ends_on", "registration_closes_on")
    }
    values.update(fields)
    errors = FieldErrors()
    _check_event(errors, values)
    held_on = values["held_on"]
    first = event.outcomes.order_by("noted_on").values_list("noted_on", flat=True).first()
    if held_on is not None and first is not None and first < held_on:
        errors.add(
            "held_on",
            _("An intention was noted at this event on %(date)s: it was held by then."),
            code="after_outcomes",
            params={"date": first.isoformat()},
        )
    return update_record(event, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def event_delete(*, event: MarketEvent, by: User | None, version: int | None = None) -> None:
    """Delete an event entered by mistake, with its programme; one that registrations or
    intentions name is cancelled instead."""
    refusal = None
    if event.attendances.exists() or event.outcomes.exists():
        refusal = _(
            "Organizations registered for this event or intentions were noted at it, so it "
            "keeps its record: cancel it instead."
        )
    if refusal is None:
        for presentation in event.presentations.all():
            presentation_delete(presentation=presentation, by=by)
        for showing in event.needs_on_show.all():
            showing_delete(showing=showing, by=by)
    delete_record(event, by=by, version=version, refusal=refusal)


@transaction.atomic
def event_open_registration(
    *,
    event: MarketEvent,
    by: User | None,
    closes_on: datetime.date | None = None,
    capacity: int | None = None,
) -> MarketEvent:
    """Open the event to registrations from the portal, until `closes_on` (or its last day)."""
    EVENT_MOVES.require(event, EventStatus.REGISTRATION_OPEN)
    errors = FieldErrors()
    if event.last_day < today():
        errors.add(
            None,
            _("The event took place on %(date)s: registration for it is over."),
            code="event_past",
            params={"date": event.held_on.isoformat()},
        )
    closes_on = closes_on or event.registration_closes_on
    if closes_on is not None:
        if closes_on < today():
            errors.add(
                "closes_on",
                _("%(date)s has passed: registration would be closed already."),
                code="closes_in_past",
                params={"date": closes_on.isoformat()},
            )
        elif closes_on > event.last_day:
            errors.add(
                "closes_on",
                _("Registration closes on or before the event's last day, %(day)s."),
                code="closes_after_event",
                params={"day": event.last_day.isoformat()},
            )
    errors.raise_any()
    return save_changes(
        event,
        by=by,
        status=EventStatus.REGISTRATION_OPEN,
        registration_closes_on=closes_on,
        capacity=capacity if capacity is not None else event.capacity,
    )


@transaction.atomic
def event_hold(*, event: MarketEvent, by: User | None) -> MarketEvent:
    """The event took place: from its date on, attendance and intentions are recorded."""
    EVENT_MOVES.require(event, EventStatus.HELD)
    errors = FieldErrors()
    if event.held_on > today():
        errors.add(
            None,
            _("The event is on %(date)s; record that it was held once it has happened."),
            code="not_yet_held",
            params={"date": event.held_on.isoformat()},
        )
    return save_changes(event, by=by, errors=errors, status=EventStatus.HELD)


@transaction.atomic
def event_close(*, event: MarketEvent, on: datetime.date, by: User | None) -> MarketEvent:
    """Close a held event's file on `on`: its programme and registrations are kept as they are."""
    EVENT_MOVES.require(event, EventStatus.CLOSED)
    errors = FieldErrors()
    if on < event.held_on:
        errors.add(
            "on",
            _("%(date)s is before the event was held, on %(held_on)s."),
            code="before_event",
            params={"date": on.isoformat(), "held_on": event.held_on.isoformat()},
        )
    check_not_in_future(errors, "on", on)
    errors.raise_any()
    return save_changes(event, by=by, status=EventStatus.CLOSED, closed_on=on)


@transaction.atomic
def event_cancel(
    *, event: MarketEvent, on: datetime.date, reason: str, by: User | None
) -> MarketEvent:
    """Call off an event that was not held; its registrations are cancelled with it."""
    EVENT_MOVES.require(event, EventStatus.CANCELLED)
    errors = FieldErrors()
    if not reason.strip():
        errors.add("reason", _("Say why the event is cancelled."), code="reason_required")
    check_not_in_future(errors, "on", on)
    errors.raise_any()
    for attendance in event.attendances.filter(status=AttendanceStatus.REGISTERED):
        save_changes(attendance, by=by, status=AttendanceStatus.CANCELLED, cancelled_on=on)
    return save_changes(
        event, by=by, status=EventStatus.CANCELLED, cancelled_on=on, cancel_reason=reason
    )


# The programme -------------------------------------------------------------------------------


def _check_programme_open(errors: FieldErrors, event: MarketEvent | None) -> None:
    if event is not None and event.status in ENDED_EVENT_STATUSES:
        errors.add(
            "event",
            _("The event is “%(status)s”: its programme stays as it was."),
            code="event_ended",
            params={"status": status_label(event, event.status)},
        )


def _next_order(event: MarketEvent | None, related: str) -> int:
    if event is None:
        return 1
    return getattr(event, related).count() + 1


@transaction.atomic
def presentation_create(*, by: User | None, **fields: Any) -> EventAchievement:
    """Put an achievement on an event's programme, presented by `presenter`."""
    errors = FieldErrors()
    _check_programme_open(errors, fields.get("event"))
    if not fields.get("order"):
        fields["order"] = _next_order(fields.get("event"), "presentations")
    return create_record(EventAchievement, by=by, errors=errors, **fields)


@transaction.atomic
def presentation_update(
    *,
    presentation: EventAchievement,
    by: User | None,
    version: int | None = None,
    **fields: Any,
) -> EventAchievement:
    errors = FieldErrors()
    _check_programme_open(errors, presentation.event)
    if "event" in fields:
        _check_programme_open(errors, fields["event"])
    return update_record(presentation, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def presentation_delete(
    *, presentation: EventAchievement, by: User | None, version: int | None = None
) -> None:
    """Take an achievement off the programme, unless an intention was noted about it there."""
    refusal = None
    if EventOutcome.objects.filter(
        event_id=presentation.event_id, achievement_id=presentation.achievement_id
    ).exists():
        refusal = _("An intention noted at the event is about this achievement: it stays on.")
    delete_record(presentation, by=by, version=version, refusal=refusal)


def _check_showable(errors: FieldErrors, need: TechnicalNeed | None) -> None:
    if need is None:
        return
    if need.confidentiality not in SHOWABLE:
        errors.add(
            "need",
            _(
                "A %(level)s need is not shown to the organizations at an event: its "
                "enterprise makes it public or internal first."
            ),
            code="need_confidential",
            params={"level": need.get_confidentiality_display().lower()},
        )
    if need.status not in OPEN_NEED_STATUSES:
        errors.add(
            "need",
            _("The need is “%(status)s”: only an open need is put on show."),
            code="need_ended",
            params={"status": need.get_status_display()},
        )


@transaction.atomic
def showing_create(*, by: User | None, **fields: Any) -> EventNeed:
    """Show an enterprise's open, not confidential need at an event."""
    errors = FieldErrors()
    _check_programme_open(errors, fields.get("event"))
    _check_showable(errors, fields.get("need"))
    if not fields.get("order"):
        fields["order"] = _next_order(fields.get("event"), "needs_on_show")
    return create_record(EventNeed, by=by, errors=errors, **fields)


@transaction.atomic
def showing_update(
    *, showing: EventNeed, by: User | None, version: int | None = None, **fields: Any
) -> EventNeed:
    errors = FieldErrors()
    _check_programme_open(errors, showing.event)
    if "event" in fields:
        _check_programme_open(errors, fields["event"])
    if "need" in fields and fields["need"] != showing.need:
        _check_showable(errors, fields["need"])
    return update_record(showing, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def showing_delete(*, showing: EventNeed, by: User | None, version: int | None = None) -> None:
    """Take a need off show, unless an intention was noted about it there."""
    refusal = None
    if EventOutcome.objects.filter(event_id=showing.event_id, need_id=showing.need_id).exists():
        refusal = _("An intention noted at the event is about this need: it stays on show.")
    delete_record(showing, by=by, version=version, refusal=refusal)


# Registrations -------------------------------------------------------------------------------


def _check_seat(
    errors: FieldErrors, event: MarketEvent, *, from_portal: bool, on: datetime.date
) -> None:
    """Whether the event takes one more registration on `on`: from the portal only while its
    registration is open and until its closing date; from the office until it ends; never
    beyond its capacity."""
    if from_portal:
        if event.status != EventStatus.REGISTRATION_OPEN:
            errors.add(
                "event",
                _("Registration for this event is not open (it is “%(status)s”)."),
                code="registration_not_open",
                params={"status": status_label(event, event.status)},
            )
            return
        closes_on = event.registration_closes_on or event.last_day
        if on > closes_on:
            errors.add(
                "event",
                _("Registration for this event closed on %(date)s."),
                code="registration_closed",
                params={"date": closes_on.isoformat()},
            )
            return
    elif event.status in ENDED_EVENT_STATUSES:
        errors.add(
            "event",
            _("The event is “%(status)s”: it takes no registrations."),
            code="event_ended",
            params={"status": status_label(event, event.status)},
        )
        return
    if event.capacity is not None:
        seated = event.attendances.filter(status__in=SEATED_STATUSES).count()
        if seated >= event.capacity:
            errors.add(
                "event",
                _("The event is full: its %(capacity)s places are taken."),
                code="event_full",
                params={"capacity": event.capacity},
            )


@transaction.atomic
def attendance_create(
    *,
    by: User | None,
    event: MarketEvent,
    organization: Organization,
    attendees: str = "",
    people: Iterable[Person] = (),
    note: str = "",
    from_portal: bool = False,
) -> EventAttendance:
    """Register an organization for an event (a cancelled registration registers again)."""
    existing = (
        EventAttendance.objects.select_for_update()
        .filter(event=event, organization=organization)
        .first()
    )
    if existing is not None:
        if existing.status != AttendanceStatus.CANCELLED:
            raise ValidationError(
                {
                    "organization": ValidationError(
                        _("%(organization)s is already registered for this event."),
                        code="already_registered",
                        params={"organization": str(organization)},
                    )
                }
            )
        return attendance_register_again(
            attendance=existing,
            by=by,
            attendees=attendees or existing.attendees,
            from_portal=from_portal,
        )
    errors = FieldErrors()
    # The capacity counts the seats taken by the time this transaction commits.
    event = MarketEvent.objects.select_for_update().get(pk=event.pk)
    _check_seat(errors, event, from_portal=from_portal, on=today())
    attendance = save_changes(
        EventAttendance(),
        by=by,
        errors=errors,
        event=event,
        organization=organization,
        attendees=attendees,
        note=note,
        registered_on=today(),
        registered_by=by,
        from_portal=from_portal,
    )
    attendance.people.set(list(people))
    return attendance


@transaction.atomic
def attendance_update(
    *,
    attendance: EventAttendance,
    by: User | None,
    version: int | None = None,
    **fields: Any,
) -> EventAttendance:
    """Correct who comes; a registration stays the one organization's for the one event."""
    errors = FieldErrors()
    for name in ("event", "organization"):
        if name in fields and fields[name] != getattr(attendance, name):
            errors.add(
                name,
                _("A registration stays with its event and organization: register anew instead."),
                code="registration_moved",
            )
    return update_record(attendance, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def attendance_delete(
    *, attendance: EventAttendance, by: User | None, version: int | None = None
) -> None:
    """Delete a registration entered by mistake before the event; after it, it is history."""
    refusal = None
    if attendance.status not in {AttendanceStatus.REGISTERED, AttendanceStatus.CANCELLED} or (
        attendance.event.held_on <= today()
    ):
        refusal = _(
            "The event has taken place, so its registrations are kept: mark this one attended "
            "or a no-show instead."
        )
    delete_record(attendance, by=by, version=version, refusal=refusal)


@transaction.atomic
def attendance_cancel(*, attendance: EventAttendance, by: User | None) -> EventAttendance:
    """The organization will not come: its place is free for another."""
    ATTENDANCE_MOVES.require(attendance, AttendanceStatus.CANCELLED)
    errors = FieldErrors()
    if attendance.event.last_day < today():
        errors.add(
            None,
            _("The event is over: mark the registration a no-show instead."),
            code="event_over",
        )
    return save_changes(
        attendance, by=by, errors=errors, status=AttendanceStatus.CANCELLED, cancelled_on=today()
    )


@transaction.atomic
def attendance_register_again(
    *,
    attendance: EventAttendance,
    by: User | None,
    attendees: str | None = None,
    from_portal: bool = False,
) -> EventAttendance:
    """A cancelled registration registers again, if the event still takes it."""
    ATTENDANCE_MOVES.require(attendance, AttendanceStatus.REGISTERED)
    errors = FieldErrors()
    event = MarketEvent.objects.select_for_update().get(pk=attendance.event_id)
    _check_seat(errors, event, from_portal=from_portal, on=today())
    return save_changes(
        attendance,
        by=by,
        errors=errors,
        status=AttendanceStatus.REGISTERED,
        cancelled_on=None,
        attendees=attendance.attendees if attendees is None else attendees,
        registered_on=today(),
        registered_by=by,
        from_portal=from_portal,
    )


def _mark(attendance: EventAttendance, wanted: str, by: User | None) -> EventAttendance:
    ATTENDANCE_MOVES.require(attendance, wanted)
    event = attendance.event
    # Who came is recorded by those who keep the event, not by the registered organization.
    permissions.refuse_unless(by, "change", event)
    errors = FieldErrors()
    if event.status == EventStatus.CANCELLED:
        errors.add(None, _("The event was cancelled."), code="event_cancelled")
    elif event.held_on > today():
        errors.add(
            None,
            _("The event is on %(date)s: attendance is recorded from that day."),
            code="not_yet_held",
            params={"date": event.held_on.isoformat()},
        )
    return save_changes(attendance, by=by, errors=errors, status=wanted)


@transaction.atomic
def attendance_mark_attended(*, attendance: EventAttendance, by: User | None) -> EventAttendance:
    """The organization came to the event."""
    return _mark(attendance, AttendanceStatus.ATTENDED, by)


@transaction.atomic
def attendance_mark_no_show(*, attendance: EventAttendance, by: User | None) -> EventAttendance:
    """The organization registered and did not come."""
    return _mark(attendance, AttendanceStatus.NO_SHOW, by)


# Intentions noted at the event ------------------------------------------------------------------


def _check_outcome(errors: FieldErrors, values: dict[str, Any]) -> None:
    event: MarketEvent | None = values.get("event")
    noted_on = values.get("noted_on")
    if event is not None:
        if event.status == EventStatus.CANCELLED:
            errors.add(
                "event", _("The event was cancelled: nothing was noted at it."), code="cancelled"
            )
        if noted_on is not None and noted_on < event.held_on:
            errors.add(
                "noted_on",
                _("An intention cannot precede its event: %(date)s is before %(held_on)s."),
                code="before_event",
                params={"date": noted_on.isoformat(), "held_on": event.held_on.isoformat()},
            )
    check_not_in_future(errors, "noted_on", noted_on)
    achievement: Achievement | None = values.get("achievement")
    need: TechnicalNeed | None = values.get("need")
    if achievement is None and need is None and values.get("expert") is None:
        errors.add(
            None,
            _("An intention is about an achievement presented, a need on show or an expert."),
            code="about_nothing",
        )
    presented = event.presentations if event is not None else None
    if (
        presented is not None
        and achievement is not None
        and not presented.filter(achievement=achievement).exists()
    ):
        errors.add(
            "achievement",
            _("“%(achievement)s” was not presented at this event."),
            code="not_presented",
            params={"achievement": str(achievement)},
        )
    on_show = event.needs_on_show if event is not None else None
    if on_show is not None and need is not None and not on_show.filter(need=need).exists():
        errors.add(
            "need",
            _("“%(need)s” was not on show at this event."),
            code="not_on_show",
            params={"need": str(need)},
        )
    if values.get("kind") == OutcomeKind.SOLVE_NEED and need is None:
        errors.add("need", _("Name the need it would solve."), code="need_required")


OUTCOME_FIELDS = ("event", "organization", "kind", "achievement", "need", "expert", "noted_on")


@transaction.atomic
def outcome_create(*, by: User | None, **fields: Any) -> EventOutcome:
    """Note an intention an organization expressed at an event."""
    errors = FieldErrors()
    _check_outcome(errors, fields)
    return create_record(EventOutcome, by=by, errors=errors, **fields)


@transaction.atomic
def outcome_update(
    *, outcome: EventOutcome, by: User | None, version: int | None = None, **fields: Any
) -> EventOutcome:
    """Correct an intention; one already matched or carried to an agreement keeps its subject."""
    values = {name: getattr(outcome, name) for name in OUTCOME_FIELDS}
    values.update(fields)
    errors = FieldErrors()
    _check_outcome(errors, values)
    if outcome.match_id is not None or outcome.agreement_id is not None:
        for name in ("event", "organization"):
            if name in fields and fields[name] != getattr(outcome, name):
                errors.add(
                    name,
                    _("The intention is traced on to a match or an agreement: it stays as noted."),
                    code="traced",
                )
    return update_record(outcome, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def outcome_delete(*, outcome: EventOutcome, by: User | None, version: int | None = None) -> None:
    """Delete an intention noted by mistake; one traced on to a match or an agreement stays."""
    refusal = None
    if outcome.match_id is not None or outcome.agreement_id is not None:
        refusal = _("This intention is traced on to a match or an agreement: it keeps its record.")
    delete_record(outcome, by=by, version=version, refusal=refusal)


@transaction.atomic
def outcome_record_match(
    *,
    outcome: EventOutcome,
    by: User | None,
    need: TechnicalNeed | None = None,
    achievement: Achievement | None = None,
    expert: Person | None = None,
) -> EventOutcome:
    """Match the intention on a need: its achievement or expert becomes an accepted candidate
    of the need (proposed through the needs' services, which say whether the need takes one)."""
    errors = FieldErrors()
    if outcome.match_id is not None:
        errors.add(None, _("This intention is matched already."), code="already_matched")
        errors.raise_any()
    need = need or outcome.need
    achievement = achievement or outcome.achievement
    expert = expert or outcome.expert
    if need is None:
        errors.add("need", _("Name the need it is matched on."), code="need_required")
    if achievement is None and expert is None:
        errors.add(
            "achievement",
            _("Name the achievement or the expert matched to the need."),
            code="target_required",
        )
    errors.raise_any()
    assert need is not None
    target: dict[str, Achievement | Person | None]
    if achievement is not None:
        kind, target = CandidateKind.ACHIEVEMENT, {"achievement": achievement}
    else:
        kind, target = CandidateKind.EXPERT, {"person": expert}
    candidate = MatchCandidate.objects.filter(need=need, kind=kind, **target).first()
    if candidate is None:
        candidate = writes.create(MatchCandidate, by=by, need=need, kind=kind, **target)
    if candidate.decision == Decision.PENDING:
        candidate = need_decide_candidate(candidate=candidate, decision=Decision.ACCEPTED, by=by)
    return save_changes(outcome, by=by, match=candidate)


def institute() -> Organization | None:
    """The institute itself, party to every agreement an intention is carried to."""
    return Organization.objects.filter(is_institute=True).first()


def _check_signed_after_event(
    errors: FieldErrors, field: str | None, agreement: Agreement, event: MarketEvent
) -> None:
    if agreement.signed_on is not None and agreement.signed_on < event.held_on:
        errors.add(
            field,
            _(
                "The agreement was signed on %(signed_on)s, before the event of %(held_on)s: "
                "an intention noted there did not lead to it."
            ),
            code="signed_before_event",
            params={
                "signed_on": agreement.signed_on.isoformat(),
                "held_on": event.held_on.isoformat(),
            },
        )


@transaction.atomic
def outcome_carry_to_agreement(
    *,
    outcome: EventOutcome,
    by: User | None,
    agreement: Agreement | None = None,
    number: str = "",
    title_zh: str = "",
    kind: str = "",
) -> EventOutcome:
    """Carry the intention to an agreement: link one the organization is party to, or draft a
    new one with the organization and the institute as parties (through the agreements'
    services). Either is signed on or after the event's date."""
    errors = FieldErrors()
    if outcome.agreement_id is not None:
        errors.add(None, _("This intention is carried to an agreement already."), code="carried")
        errors.raise_any()
    if agreement is not None:
        if not agreement.parties.filter(organization=outcome.organization).exists():
            errors.add(
                "agreement",
                _("%(organization)s is not a party to this agreement."),
                code="not_a_party",
                params={"organization": str(outcome.organization)},
            )
        _check_signed_after_event(errors, "agreement", agreement, outcome.event)
        errors.raise_any()
        return save_changes(outcome, by=by, agreement=agreement)
    the_institute = institute()
    if the_institute is None:
        errors.add(
            None,
            _("No organization is marked as the institute, to be party to the agreement."),
            code="no_institute",
        )
    if not number.strip():
        errors.add("number", _("Give the new agreement a number."), code="number_required")
    errors.raise_any()
    assert the_institute is not None
    default_kind, role = AGREEMENT_FOR_OUTCOME[outcome.kind]
    subject = outcome.achievement or outcome.need
    title = title_zh.strip() or (
        f"{outcome.organization.name_zh}：{subject}" if subject else outcome.organization.name_zh
    )
    parties = [(outcome.organization, role)]
    if outcome.organization != the_institute:
        parties.append((the_institute, PartyRole.INSTITUTE))
    description = _("From the intention noted at %(event)s on %(date)s.") % {
        "event": str(outcome.event),
        "date": outcome.noted_on.isoformat(),
    }
    if outcome.achievement is not None:
        description += " " + _("Achievement: %(achievement)s.") % {
            "achievement": str(outcome.achievement)
        }
    if outcome.note:
        description += "\n" + outcome.note
    drafted = writes.create(
        Agreement,
        by=by,
        number=number.strip(),
        title_zh=title[:300],
        kind=kind or default_kind,
        parties=parties,
        description=description,
    )
    return save_changes(outcome, by=by, agreement=drafted)


def check_signing_after_events(
    *, agreement: Agreement, signed_on: datetime.date, errors: FieldErrors
) -> None:
    """An agreement an intention was carried to is not signed before the event it was noted at."""
    if agreement.status not in UNSIGNED_STATUSES or agreement.pk is None:
        return
    latest = (
        MarketEvent.objects.filter(outcomes__agreement=agreement)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    if latest is not None and signed_on < latest:
        errors.add(
            "signed_on",
            _(
                "This agreement comes from an intention noted at an event on %(held_on)s: it "
                "cannot be signed before."
            ),
            code="signed_before_event",
            params={"held_on": latest.isoformat()},
        )


agreement_services.SIGNING_CHECKS.append(check_signing_after_events)

writes.register(
    MarketEvent, create=event_create, update=event_update, delete=event_delete, target="event"
)
writes.register(
    EventAchievement,
    create=presentation_create,
    update=presentation_update,
    delete=presentation_delete,
    target="presentation",
)
writes.register(
    EventNeed, create=showing_create, update=showing_update, delete=showing_delete, target="showing"
)
writes.register(
    EventAttendance,
    create=attendance_create,
    update=attendance_update,
    delete=attendance_delete,
    target="attendance",
)
writes.register(
    EventOutcome,
    create=outcome_create,
    update=outcome_update,
    delete=outcome_delete,
    target="outcome",
)

permissions.scoped(MarketEvent, center="organizer")
permissions.scoped(EventAchievement, center="event__organizer")
permissions.scoped(EventNeed, organization="need__organization", center="event__organizer")
permissions.scoped(EventAttendance, organization="organization", center="event__organizer")
permissions.scoped(EventOutcome, organization="organization", center="event__organizer")
