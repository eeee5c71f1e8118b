"""The rules of roadshows and matchmaking fairs, checked on their services."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.agreements.choices import AgreementKind, AgreementStatus, PartyRole
from liaison.agreements.models import Agreement
from liaison.agreements.services import agreement_sign
from liaison.core.choices import Confidentiality
from liaison.core.lifecycle import today
from liaison.market import services
from liaison.market.choices import AttendanceStatus, EventStatus, OutcomeKind
from liaison.market.models import EventAttendance, EventOutcome, MarketEvent
from liaison.market.selectors import event_funnel
from liaison.needs.choices import CandidateKind, Decision, NeedStatus
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementFactory, AgreementPartyFactory
from tests.market.factories import (
    FAIR_DAY,
    EventAchievementFactory,
    EventAttendanceFactory,
    EventNeedFactory,
    MarketEventFactory,
    open_need,
    outcome,
)
from tests.needs.factories import closed, submitted
from tests.organizations.factories import InstituteFactory, OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)


def codes(error: ValidationError, field: str = "__all__") -> list[str | None]:
    return [e.code for e in error.error_dict[field]]


def upcoming(**fields: object) -> MarketEvent:
    """A fair in ten days, its registration open until the day before."""
    fields.setdefault("held_on", today() + 10 * DAY)
    event = MarketEventFactory.create(**fields)
    return services.event_open_registration(event=event, by=None)


def register(event: MarketEvent, **fields: object) -> EventAttendance:
    fields.setdefault("organization", OrganizationFactory.create())
    fields.setdefault("from_portal", True)
    return services.attendance_create(by=None, event=event, **fields)  # type: ignore[arg-type]


# Events --------------------------------------------------------------------------------------


def test_registration_closes_on_or_before_the_events_last_day() -> None:
    with pytest.raises(ValidationError) as refused:
        services.event_create(
            by=None,
            kind="roadshow",
            title_zh="路演",
            held_on=D(2024, 6, 18),
            ends_on=D(2024, 6, 19),
            registration_closes_on=D(2024, 6, 20),
        )
    assert codes(refused.value, "registration_closes_on") == ["closes_after_event"]
    event = services.event_create(
        by=None,
        kind="roadshow",
        title_zh="路演",
        held_on=D(2024, 6, 18),
        ends_on=D(2024, 6, 19),
        registration_closes_on=D(2024, 6, 19),
    )
    assert event.status == EventStatus.PLANNED


def test_an_event_goes_from_planned_to_registration_open_held_and_closed() -> None:
    event = upcoming()
    assert event.status == EventStatus.REGISTRATION_OPEN
    with pytest.raises(ValidationError) as refused:
        services.event_hold(event=event, by=None)
    assert codes(refused.value) == ["not_yet_held"]
    MarketEvent.objects.filter(pk=event.pk).update(held_on=today() - DAY)
    event.refresh_from_db()
    event = services.event_hold(event=event, by=None)
    assert event.status == EventStatus.HELD
    with pytest.raises(ValidationError) as refused:
        services.event_close(event=event, on=today() - 2 * DAY, by=None)
    assert codes(refused.value, "on") == ["before_event"]
    event = services.event_close(event=event, on=today(), by=None)
    assert (event.status, event.closed_on) == (EventStatus.CLOSED, today())
    with pytest.raises(ValidationError) as refused:
        services.event_cancel(event=event, on=today(), reason="台风", by=None)
    assert refused.value.code == "illegal_transition"


def test_registration_is_not_opened_for_an_event_past_or_closing_in_the_past() -> None:
    past = MarketEventFactory.create(held_on=today() - 5 * DAY)
    with pytest.raises(ValidationError) as refused:
        services.event_open_registration(event=past, by=None)
    assert codes(refused.value) == ["event_past"]
    event = MarketEventFactory.create(held_on=today() + 5 * DAY)
    with pytest.raises(ValidationError) as refused:
        services.event_open_registration(event=event, closes_on=today() - DAY, by=None)
    assert codes(refused.value, "closes_on") == ["closes_in_past"]
    with pytest.raises(ValidationError) as refused:
        services.event_open_registration(event=event, closes_on=today() + 6 * DAY, by=None)
    assert codes(refused.value, "closes_on") == ["closes_after_event"]


def test_cancelling_an_event_needs_a_reason_and_cancels_its_registrations() -> None:
    event = upcoming()
    registration = register(event)
    with pytest.raises(ValidationError) as refused:
        services.event_cancel(event=event, on=today(), reason=" ", by=None)
    assert codes(refused.value, "reason") == ["reason_required"]
    event = services.event_cancel(event=event, on=today(), reason="场地不可用", by=None)
    registration.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert registration.status == AttendanceStatus.CANCELLED


def test_an_events_date_stays_on_or_before_its_intentions() -> None:
    noted = outcome()
    event = noted.event
    with pytest.raises(ValidationError) as refused:
        services.event_update(event=event, by=None, version=event.version, held_on=FAIR_DAY + DAY)
    assert codes(refused.value, "held_on") == ["after_outcomes"]


def test_an_event_with_registrations_is_cancelled_not_deleted() -> None:
    event = upcoming()
    register(event)
    with pytest.raises(ValidationError) as refused:
        services.event_delete(event=event, by=None)
    assert refused.value.code == "not_deletable"
    bare = MarketEventFactory.create()
    EventAchievementFactory.create(event=bare)
    services.event_delete(event=bare, by=None)
    assert not MarketEvent.objects.filter(pk=bare.pk).exists()


# The programme ---------------------------------------------------------------------------------


def test_a_confidential_or_ended_need_is_not_put_on_show() -> None:
    event = MarketEventFactory.create()
    secret = open_need(confidentiality=Confidentiality.CONFIDENTIAL)
    with pytest.raises(ValidationError) as refused:
        services.showing_create(by=None, event=event, need=secret)
    assert codes(refused.value, "need") == ["need_confidential"]
    ended = closed()
    with pytest.raises(ValidationError) as refused:
        services.showing_create(by=None, event=event, need=ended)
    assert "need_ended" in codes(refused.value, "need")
    shown = services.showing_create(by=None, event=event, need=open_need())
    assert shown.order == 1


def test_the_programme_of_an_ended_event_stays_as_it_was() -> None:
    event = MarketEventFactory.create(held_on=today() - DAY)
    services.event_hold(event=event, by=None)
    services.event_close(event=event, on=today(), by=None)
    with pytest.raises(ValidationError) as refused:
        services.presentation_create(by=None, event=event, achievement=AchievementFactory.create())
    assert codes(refused.value, "event") == ["event_ended"]


def test_an_achievement_an_intention_is_about_stays_on_the_programme() -> None:
    noted = outcome()
    presentation = noted.event.presentations.get()
    with pytest.raises(ValidationError) as refused:
        services.presentation_delete(presentation=presentation, by=None)
    assert refused.value.code == "not_deletable"


# Registrations -----------------------------------------------------------------------------------


def test_an_enterprise_registers_from_the_portal_only_while_registration_is_open() -> None:
    planned = MarketEventFactory.create(held_on=today() + 10 * DAY)
    with pytest.raises(ValidationError) as refused:
        register(planned)
    assert codes(refused.value, "event") == ["registration_not_open"]
    # The office registers an organization for a planned event.
    by_office = register(planned, from_portal=False)
    assert (by_office.status, by_office.from_portal) == (AttendanceStatus.REGISTERED, False)

    event = upcoming()
    registration = register(event, attendees="王强\n李娜")
    assert registration.status == AttendanceStatus.REGISTERED
    assert registration.from_portal
    assert registration.registered_on == today()
    assert registration.attendee_names == ["王强", "李娜"]


def test_registration_from_the_portal_closes_on_its_closing_date() -> None:
    event = upcoming()
    MarketEvent.objects.filter(pk=event.pk).update(registration_closes_on=today() - DAY)
    event.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        register(event)
    assert codes(refused.value, "event") == ["registration_closed"]


def test_the_capacity_is_enforced_and_a_cancellation_frees_a_place() -> None:
    event = upcoming(capacity=1)
    first = register(event)
    with pytest.raises(ValidationError) as refused:
        register(event)
    assert codes(refused.value, "event") == ["event_full"]
    with pytest.raises(ValidationError):
        register(event, from_portal=False)  # the room is full for the office too
    services.attendance_cancel(attendance=first, by=None)
    second = register(event)
    assert second.status == AttendanceStatus.REGISTERED


def test_an_organization_registers_once_and_again_after_cancelling() -> None:
    event = upcoming()
    company = OrganizationFactory.create()
    registration = register(event, organization=company)
    with pytest.raises(ValidationError) as refused:
        register(event, organization=company)
    assert codes(refused.value, "organization") == ["already_registered"]
    services.attendance_cancel(attendance=registration, by=None)
    again = register(event, organization=company, attendees="赵敏")
    assert again.pk == registration.pk
    assert (again.status, again.attendees, again.cancelled_on) == (
        AttendanceStatus.REGISTERED,
        "赵敏",
        None,
    )
    assert EventAttendance.objects.filter(event=event).count() == 1


def test_attendance_is_recorded_from_the_events_day() -> None:
    event = upcoming()
    registration = register(event)
    with pytest.raises(ValidationError) as refused:
        services.attendance_mark_attended(attendance=registration, by=None)
    assert codes(refused.value) == ["not_yet_held"]
    past = EventAttendanceFactory.create(event=MarketEventFactory.create(held_on=FAIR_DAY))
    assert services.attendance_mark_no_show(attendance=past, by=None).status == "no_show"
    with pytest.raises(ValidationError) as refused:
        services.attendance_cancel(attendance=past, by=None)
    assert refused.value.code == "illegal_transition"


# Intentions ---------------------------------------------------------------------------------------


def test_an_outcome_cannot_precede_its_event() -> None:
    event = MarketEventFactory.create(held_on=FAIR_DAY)
    with pytest.raises(ValidationError) as refused:
        outcome(event, noted_on=FAIR_DAY - DAY)
    assert codes(refused.value, "noted_on") == ["before_event"]
    assert not EventOutcome.objects.exists()
    assert outcome(event, noted_on=FAIR_DAY).noted_on == FAIR_DAY
    later = outcome(event, noted_on=FAIR_DAY + 3 * DAY)
    with pytest.raises(ValidationError) as refused:
        services.outcome_update(
            outcome=later, by=None, version=later.version, noted_on=FAIR_DAY - 2 * DAY
        )
    assert codes(refused.value, "noted_on") == ["before_event"]


def test_an_outcome_is_about_what_the_event_presented_or_showed() -> None:
    event = MarketEventFactory.create()
    elsewhere = AchievementFactory.create()
    with pytest.raises(ValidationError) as refused:
        outcome(event, achievement=elsewhere)
    assert codes(refused.value, "achievement") == ["not_presented"]
    with pytest.raises(ValidationError) as refused:
        outcome(event, need=open_need())
    assert codes(refused.value, "need") == ["not_on_show"]
    with pytest.raises(ValidationError) as refused:
        services.outcome_create(
            by=None,
            event=event,
            organization=OrganizationFactory.create(),
            kind=OutcomeKind.OTHER,
            noted_on=FAIR_DAY,
        )
    assert "about_nothing" in codes(refused.value)
    with pytest.raises(ValidationError) as refused:
        outcome(event, kind=OutcomeKind.SOLVE_NEED, expert=PersonFactory.create())
    assert codes(refused.value, "need") == ["need_required"]
    shown = EventNeedFactory.create(event=event)
    assert outcome(event, need=shown.need, kind=OutcomeKind.SOLVE_NEED).need == shown.need


def test_nothing_is_noted_at_a_cancelled_event() -> None:
    event = MarketEventFactory.create(held_on=today() - DAY)
    services.event_cancel(event=event, on=today(), reason="暴雨", by=None)
    with pytest.raises(ValidationError) as refused:
        outcome(event, expert=PersonFactory.create(), noted_on=today())
    assert codes(refused.value, "event") == ["cancelled"]


def test_recording_a_match_makes_an_accepted_candidate_of_the_need() -> None:
    event = MarketEventFactory.create()
    shown = EventNeedFactory.create(event=event)
    presented = EventAchievementFactory.create(event=event)
    noted = outcome(event, need=shown.need, achievement=presented.achievement)

    matched = services.outcome_record_match(outcome=noted, by=None)

    candidate = matched.match
    assert candidate is not None
    assert (candidate.need, candidate.kind, candidate.achievement) == (
        shown.need,
        CandidateKind.ACHIEVEMENT,
        presented.achievement,
    )
    assert candidate.decision == Decision.ACCEPTED
    shown.need.refresh_from_db()
    assert shown.need.status == NeedStatus.MATCHED
    with pytest.raises(ValidationError) as refused:
        services.outcome_record_match(outcome=matched, by=None)
    assert codes(refused.value) == ["already_matched"]


def test_a_match_names_a_need_and_the_need_must_take_candidates() -> None:
    noted = outcome()
    with pytest.raises(ValidationError) as refused:
        services.outcome_record_match(outcome=noted, by=None)
    assert codes(refused.value, "need") == ["need_required"]
    with pytest.raises(ValidationError) as refused:
        services.outcome_record_match(outcome=noted, need=submitted(), by=None)
    assert "need_takes_no_candidates" in codes(refused.value, "need")
    noted.refresh_from_db()
    assert noted.match is None


def test_carrying_an_intention_drafts_an_agreement_with_the_organization_and_the_institute() -> (
    None
):
    institute = InstituteFactory.create()
    noted = outcome(kind=OutcomeKind.LICENCE_INTEREST)

    carried = services.outcome_carry_to_agreement(outcome=noted, number="MKT-1", by=None)

    agreement = carried.agreement
    assert agreement is not None
    assert (agreement.number, agreement.kind, agreement.status) == (
        "MKT-1",
        AgreementKind.TECH_LICENSING,
        AgreementStatus.DRAFT,
    )
    assert str(noted.achievement) in agreement.title_zh
    parties = {(p.organization, p.role) for p in agreement.parties.all()}
    assert parties == {
        (noted.organization, PartyRole.LICENSEE),
        (institute, PartyRole.INSTITUTE),
    }
    with pytest.raises(ValidationError) as refused:
        services.outcome_carry_to_agreement(outcome=carried, number="MKT-2", by=None)
    assert codes(refused.value) == ["carried"]
    with pytest.raises(ValidationError) as refused:
        services.outcome_delete(outcome=carried, by=None)
    assert refused.value.code == "not_deletable"


def test_an_agreement_carried_from_an_event_is_not_signed_before_it() -> None:
    InstituteFactory.create()
    # A development contract: a licence would wait for its price notice (Art. 18) as well.
    noted = outcome(kind=OutcomeKind.JOINT_DEVELOPMENT)
    carried = services.outcome_carry_to_agreement(outcome=noted, number="MKT-9", by=None)
    agreement = carried.agreement
    assert agreement is not None
    with pytest.raises(ValidationError) as refused:
        agreement_sign(agreement=agreement, signed_on=FAIR_DAY - DAY, by=None)
    assert codes(refused.value, "signed_on") == ["signed_before_event"]
    signed = agreement_sign(agreement=agreement, signed_on=FAIR_DAY + 30 * DAY, by=None)
    assert signed.status == AgreementStatus.SIGNED


def test_a_linked_agreement_has_the_organization_as_party_and_was_not_signed_before() -> None:
    noted = outcome()
    agreement = AgreementFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.outcome_carry_to_agreement(outcome=noted, agreement=agreement, by=None)
    assert codes(refused.value, "agreement") == ["not_a_party"]
    AgreementPartyFactory.create(agreement=agreement, organization=noted.organization)
    type(agreement).objects.filter(pk=agreement.pk).update(
        status=AgreementStatus.SIGNED, signed_on=FAIR_DAY - 10 * DAY
    )
    agreement.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.outcome_carry_to_agreement(outcome=noted, agreement=agreement, by=None)
    assert codes(refused.value, "agreement") == ["signed_before_event"]
    type(agreement).objects.filter(pk=agreement.pk).update(signed_on=FAIR_DAY + DAY)
    agreement.refresh_from_db()
    linked = services.outcome_carry_to_agreement(outcome=noted, agreement=agreement, by=None)
    assert linked.agreement == agreement


def test_a_registration_stays_with_its_event_and_organization() -> None:
    registration = EventAttendanceFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.attendance_update(
            attendance=registration,
            by=None,
            version=registration.version,
            organization=OrganizationFactory.create(),
        )
    assert codes(refused.value, "organization") == ["registration_moved"]
    updated = services.attendance_update(
        attendance=registration, by=None, version=registration.version, attendees="周杰"
    )
    assert updated.attendees == "周杰"


def test_an_amount_is_never_summed_across_currencies_in_the_funnel(staff_user: User) -> None:
    # Guard for the funnel test's arithmetic: a value in dollars is left out of the yuan sums.
    InstituteFactory.create()
    noted = outcome()
    carried = services.outcome_carry_to_agreement(outcome=noted, number="USD-1", by=None)
    assert carried.agreement_id is not None
    Agreement.objects.filter(pk=carried.agreement_id).update(value=Decimal("1000"), currency="USD")
    funnel = event_funnel(event=noted.event, user=staff_user)
    stages = {s.key: s for s in funnel.stages}
    assert stages["agreement"].count == 1
    assert stages["agreement"].value == Decimal(0)


def test_attendance_is_marked_by_those_who_keep_the_event_not_the_registered_enterprise() -> None:
    registration = EventAttendanceFactory.create()
    contact = UserFactory.create(role=RoleKind.ENTERPRISE, organization=registration.organization)
    with pytest.raises(PermissionDenied):
        services.attendance_mark_attended(attendance=registration, by=contact)
    staff = UserFactory.create(role=RoleKind.STAFF)
    marked = services.attendance_mark_attended(attendance=registration, by=staff)
    assert marked.status == AttendanceStatus.ATTENDED
