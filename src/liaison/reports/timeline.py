"""An organization's timeline: every record that touches it, on one dated line, newest first.

Each kind of record is read by one query that dates its rows in the database and stops at the
page's end, so a page costs the same few queries for a small firm and for the institute itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from liaison.achievements.models import Achievement
from liaison.agreements.choices import PartyRole
from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.financing.models import FinancingRound
from liaison.needs.models import ServiceRecord, TechnicalNeed

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    from liaison.organizations.models import Organization

    User = AbstractBaseUser | AnonymousUser

PAGE_SIZE = 50


class EventKind(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement")
    NEED = "need", _("Technical need submitted")
    SERVICE = "service", _("Service received")
    ACHIEVEMENT = "achievement", _("Achievement owned")
    FINANCING = "financing", _("Financing raised")
    INVESTMENT = "investment", _("Investment made")
    CENTER = "center", _("Center partnership")


@dataclass(frozen=True)
class TimelineEntry:
    on: datetime.date
    kind: EventKind
    record: models.Model
    # What the record says about the organization's part in it, ready to show.
    details: tuple[str, ...]


@dataclass(frozen=True)
class TimelinePage:
    entries: list[TimelineEntry]
    offset: int
    has_more: bool


def _created() -> TruncDate:
    # Records without a date of their own (a draft agreement) stand at the day they were written.
    return TruncDate("created_at")


@dataclass(frozen=True)
class _Source:
    kind: EventKind
    rows: Callable[[Organization, User], QuerySet[Any]]
    details: Callable[[Any], tuple[str, ...]]


def _agreements(organization: Organization, user: User) -> QuerySet[Agreement]:
    return (
        Agreement.objects.restrict(user, "view")
        .filter(parties__organization=organization)
        # The same join as the filter's: the organization's own party row.
        .annotate(on=Coalesce("signed_on", _created()), party_role=F("parties__role"))
    )


def _needs(organization: Organization, user: User) -> QuerySet[TechnicalNeed]:
    return (
        TechnicalNeed.objects.restrict(user, "view")
        .filter(organization=organization)
        .annotate(on=F("submitted_on"))
    )


def _services(organization: Organization, user: User) -> QuerySet[ServiceRecord]:
    return (
        ServiceRecord.objects.restrict(user, "view")
        .filter(organization=organization)
        # The need holds the confidentiality of a service's revenue: loaded with the row, it
        # is read without a query of its own.
        .select_related("need")
        .annotate(on=F("delivered_on"))
    )


def _achievements(organization: Organization, user: User) -> QuerySet[Achievement]:
    return (
        Achievement.objects.restrict(user, "view")
        .filter(owners=organization)
        .annotate(on=Coalesce("stage_since", _created()))
    )


def _rounds_raised(organization: Organization, user: User) -> QuerySet[FinancingRound]:
    return (
        FinancingRound.objects.restrict(user, "view")
        .filter(venture=organization)
        .select_related("venture", "achievement")
        .annotate(on=Coalesce("closed_on", "announced_on"))
    )


def _rounds_invested(organization: Organization, user: User) -> QuerySet[FinancingRound]:
    return (
        FinancingRound.objects.restrict(user, "view")
        .filter(round_investors__organization=organization)
        .select_related("venture", "achievement")
        .annotate(on=Coalesce("closed_on", "announced_on"), is_lead=F("round_investors__is_lead"))
    )


def _centers(organization: Organization, user: User) -> QuerySet[Center]:
    return (
        Center.objects.restrict(user, "view")
        .filter(partnerships__organization=organization)
        .annotate(
            on=Coalesce("partnerships__joined_on", "established_on", _created()),
            partner_role=F("partnerships__role"),
        )
    )


def _round_details(round: Any) -> tuple[str, ...]:
    return (round.get_kind_display(), round.get_status_display())


SOURCES: tuple[_Source, ...] = (
    _Source(
        EventKind.AGREEMENT,
        _agreements,
        lambda a: (str(PartyRole(a.party_role).label), a.get_status_display()),
    ),
    _Source(EventKind.NEED, _needs, lambda n: (n.get_status_display(),)),
    _Source(EventKind.SERVICE, _services, lambda s: (s.get_kind_display(),)),
    _Source(EventKind.ACHIEVEMENT, _achievements, lambda a: (a.get_stage_display(),)),
    _Source(EventKind.FINANCING, _rounds_raised, _round_details),
    _Source(
        EventKind.INVESTMENT,
        _rounds_invested,
        lambda r: (*((str(_("lead investor")),) if r.is_lead else ()), *_round_details(r)),
    ),
    _Source(EventKind.CENTER, _centers, lambda c: (c.partner_role,) if c.partner_role else ()),
)


def _entries(source: _Source, rows: Iterable[Any]) -> list[TimelineEntry]:
    return [
        TimelineEntry(on=row.on, kind=source.kind, record=row, details=source.details(row))
        for row in rows
    ]


def organization_timeline(
    *, organization: Organization, user: User, offset: int = 0, limit: int = PAGE_SIZE
) -> TimelinePage:
    """One page of everything that touches `organization`, newest first (one query per kind)."""
    # Every kind's newest rows down to the page's end: the page is among them, whatever the mix.
    depth = offset + limit + 1
    entries: list[TimelineEntry] = []
    for source in SOURCES:
        rows = source.rows(organization, user).order_by("-on", "-pk")[:depth]
        entries += _entries(source, rows)
    order = {kind: i for i, kind in enumerate(EventKind)}
    entries.sort(key=lambda e: (e.on, -order[e.kind], e.record.pk), reverse=True)
    return TimelinePage(
        entries=entries[offset : offset + limit],
        offset=offset,
        has_more=len(entries) > offset + limit,
    )
