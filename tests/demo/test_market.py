"""The demo's roadshows and matchmaking fair (issue 19) keep the issue's rules and its story:
two roadshows and a fair after the report, with achievements presented and needs on show,
organizations registered, and intentions traced through matches to signed agreements (some
registered, some with income) while others stopped at the intention or the match; their
funnels add up from the records, and the report's six figures are as announced."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count

from liaison.accounts.models import User
from liaison.agreements.choices import SIGNED_STATUSES, RegistrationStatus
from liaison.demo import announcement as report
from liaison.demo.loader import DemoSummary
from liaison.market.choices import AttendanceStatus, EventKind, EventStatus, FunnelStage
from liaison.market.models import EventAttendance, EventOutcome, MarketEvent
from liaison.market.selectors import event_funnel
from liaison.market.services import outcome_create
from liaison.needs.choices import Decision
from liaison.transfer.models import Income
from tests.demo.conftest import demo  # noqa: F401

pytestmark = pytest.mark.django_db


def test_two_roadshows_and_a_matchmaking_fair_were_held_after_the_report(
    demo: DemoSummary,  # noqa: F811
) -> None:
    events = list(MarketEvent.objects.order_by("held_on"))
    assert sorted(e.kind for e in events) == [
        EventKind.MATCHMAKING_FAIR,
        EventKind.ROADSHOW,
        EventKind.ROADSHOW,
    ]
    for event in events:
        assert event.held_on > report.AS_OF
        assert event.status in {EventStatus.HELD, EventStatus.CLOSED}
        assert event.presentations.exists(), event
        assert event.attendances.filter(status=AttendanceStatus.ATTENDED).exists(), event
        assert event.registration_closes_on is not None
        assert event.registration_closes_on <= event.last_day
        seated = event.attendances.exclude(status=AttendanceStatus.CANCELLED).count()
        assert event.capacity is None or seated <= event.capacity
    fair = next(e for e in events if e.kind == EventKind.MATCHMAKING_FAIR)
    assert fair.needs_on_show.count() >= 2
    assert set(EventAttendance.objects.values_list("status", flat=True)) >= {
        AttendanceStatus.ATTENDED
    }


def test_the_intentions_keep_the_rules_and_are_traced_to_signed_agreements(
    demo: DemoSummary,  # noqa: F811
) -> None:
    outcomes = list(
        EventOutcome.objects.select_related(
            "event", "agreement", "match", "agreement__registration"
        )
    )
    for outcome in outcomes:
        event = outcome.event
        # An outcome cannot precede its event, and is about what the event presented or showed.
        assert outcome.noted_on >= event.held_on, outcome
        if outcome.achievement_id:
            assert event.presentations.filter(achievement_id=outcome.achievement_id).exists()
        if outcome.need_id:
            assert event.needs_on_show.filter(need_id=outcome.need_id).exists()
        if outcome.match is not None:
            assert outcome.match.need_id == outcome.need_id
            assert outcome.match.decision == Decision.ACCEPTED
        if outcome.agreement is not None:
            assert outcome.agreement.signed_on is not None
            assert outcome.agreement.signed_on >= event.held_on
            assert outcome.agreement.parties.filter(
                organization_id=outcome.organization_id
            ).exists()
        # The organization with an intention attended the event.
        assert event.attendances.filter(
            organization_id=outcome.organization_id, status=AttendanceStatus.ATTENDED
        ).exists()
    carried = [o for o in outcomes if o.agreement is not None]
    assert any(o.agreement.status in SIGNED_STATUSES for o in carried if o.agreement)
    assert any(
        getattr(o.agreement, "registration", None) is not None
        and o.agreement.registration.status == RegistrationStatus.REGISTERED
        for o in carried
        if o.agreement
    )
    assert Income.objects.filter(agreement__event_outcomes__isnull=False).exists()
    assert any(o.match is not None and o.agreement is None for o in outcomes)
    assert any(o.match is None and o.agreement is None for o in outcomes)
    # Each event has its intentions.
    assert not MarketEvent.objects.annotate(n=Count("outcomes")).filter(n=0).exists()


def test_each_funnel_adds_up_from_the_records(demo: DemoSummary) -> None:  # noqa: F811
    office = User.objects.get(username="office")
    for event in MarketEvent.objects.all():
        funnel = event_funnel(event=event, user=office)
        counts = [s.count for s in funnel.stages]
        assert counts == sorted(counts, reverse=True), counts  # each stage within the one before
        outcomes = EventOutcome.objects.filter(event=event)
        stages = {s.key: s.count for s in funnel.stages}
        assert stages[FunnelStage.INTENTION] == outcomes.count()
        assert stages[FunnelStage.AGREEMENT] == outcomes.filter(agreement__isnull=False).count()
        assert (
            stages[FunnelStage.SIGNED]
            == outcomes.filter(agreement__status__in=SIGNED_STATUSES).count()
        )


def test_an_intention_before_its_event_is_refused_on_the_demo(demo: DemoSummary) -> None:  # noqa: F811
    outcome = EventOutcome.objects.select_related("event").exclude(achievement=None).first()
    assert outcome is not None
    with pytest.raises(ValidationError):
        outcome_create(
            by=None,
            event=outcome.event,
            organization=outcome.organization,
            kind=outcome.kind,
            achievement=outcome.achievement,
            noted_on=outcome.event.held_on - datetime.timedelta(days=1),
        )
