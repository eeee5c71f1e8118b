"""Market events for tests: a fair with its programme, registrations and intentions."""

from __future__ import annotations

import datetime
from typing import Any

import factory

from liaison.core.choices import Confidentiality
from liaison.market import services
from liaison.market.choices import EventKind, OutcomeKind
from liaison.market.models import (
    EventAchievement,
    EventAttendance,
    EventNeed,
    EventOutcome,
    MarketEvent,
)
from liaison.needs.models import TechnicalNeed
from liaison.needs.services import need_triage
from tests.achievements.factories import AchievementFactory
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

FAIR_DAY = datetime.date(2024, 6, 18)


class MarketEventFactory(factory.django.DjangoModelFactory[MarketEvent]):
    """A planned matchmaking fair on 2024-06-18; move it on with the services."""

    class Meta:
        model = MarketEvent

    kind = EventKind.MATCHMAKING_FAIR
    title_zh = factory.Sequence(lambda n: f"生物医用材料技术对接会{n}")
    title_en = factory.Sequence(lambda n: f"Biomedical materials matchmaking fair {n}")
    held_on = FAIR_DAY
    place = "温州市瓯海区"


class EventAchievementFactory(factory.django.DjangoModelFactory[EventAchievement]):
    class Meta:
        model = EventAchievement

    event = factory.SubFactory(MarketEventFactory)
    achievement = factory.SubFactory(AchievementFactory)
    presenter = factory.SubFactory(PersonFactory)
    order = 1
    pitch = "可降解镁合金支架的临床前结果与授权方式"


def open_need(**fields: Any) -> TechnicalNeed:
    """A triaged, internal need that may be put on show."""
    fields.setdefault("confidentiality", Confidentiality.INTERNAL)
    need = TechnicalNeedFactory.create(**fields)
    return need_triage(need=need, triaged_on=datetime.date(2023, 3, 2), by=None)


class EventNeedFactory(factory.django.DjangoModelFactory[EventNeed]):
    class Meta:
        model = EventNeed

    event = factory.SubFactory(MarketEventFactory)
    need = factory.LazyFunction(open_need)
    order = 1


class EventAttendanceFactory(factory.django.DjangoModelFactory[EventAttendance]):
    class Meta:
        model = EventAttendance

    event = factory.SubFactory(MarketEventFactory)
    organization = factory.SubFactory(OrganizationFactory)
    attendees = "王强\n李娜"
    registered_on = datetime.date(2024, 6, 1)


def outcome(event: MarketEvent | None = None, **fields: Any) -> EventOutcome:
    """An intention noted on the fair's day about an achievement it presented."""
    event = event or MarketEventFactory.create()
    if "achievement" not in fields and "need" not in fields and "expert" not in fields:
        fields["achievement"] = EventAchievementFactory.create(event=event).achievement
    fields.setdefault("organization", OrganizationFactory.create())
    fields.setdefault("kind", OutcomeKind.LICENCE_INTEREST)
    fields.setdefault("noted_on", event.held_on)
    return services.outcome_create(by=None, event=event, **fields)


class EventOutcomeFactory(factory.django.DjangoModelFactory[EventOutcome]):
    """An intention about an expert (needs no programme); use `outcome()` for the rules."""

    class Meta:
        model = EventOutcome

    event = factory.SubFactory(MarketEventFactory)
    organization = factory.SubFactory(OrganizationFactory)
    kind = OutcomeKind.JOINT_DEVELOPMENT
    expert = factory.SubFactory(PersonFactory)
    noted_on = FAIR_DAY
    note = "希望联合开发新型敷料"
