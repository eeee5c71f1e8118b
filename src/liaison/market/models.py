"""Roadshows and matchmaking fairs: the event, its programme, who attended and what came of it.

An event (`MarketEvent`) presents achievements (`EventAchievement`) and shows enterprises'
needs (`EventNeed`); organizations register for it (`EventAttendance`, from the portal or by
the office); the intentions noted on the day (`EventOutcome`, internal) are traced through a
match on a need, an agreement, its contract registration and the income received under it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from liaison.achievements.models import Achievement
from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.core.models import TrackedModel, in_language
from liaison.needs.models import MatchCandidate, TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import AttendanceStatus, EventKind, EventStatus, OutcomeKind


class MarketEvent(TrackedModel):
    """A roadshow (路演) or matchmaking fair (对接会) the institute holds."""

    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices)
    title_zh = models.CharField(_("Chinese title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=400, blank=True)
    held_on = models.DateField(_("date"), db_index=True)
    ends_on = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("For an event of several days.")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    organizer = models.ForeignKey(
        Center,
        verbose_name=_("organizing center"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="market_events",
    )
    description = models.TextField(_("description"), blank=True)
    registration_closes_on = models.DateField(
        _("registration closes on"),
        null=True,
        blank=True,
        help_text=_("The last day enterprises may register from the portal."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("How many organizations may register; empty for no limit."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.PLANNED,
        editable=False,
        db_index=True,
    )
    # Kept by the lifecycle services.
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True, editable=False)

    class Meta:
        verbose_name = _("market event")
        verbose_name_plural = _("market events")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("held_on")),
                name="market_event_ends_after_it_starts",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="market_event_capacity_positive",
                violation_error_message=_("A capacity is at least one organization."),
            ),
        ]

    def __str__(self) -> str:
        return in_language(self.title_zh, self.title_en)

    @property
    def last_day(self) -> datetime.date:
        return self.ends_on or self.held_on


class EventAchievement(TrackedModel):
    """An achievement presented at an event: by whom, in which order, with what pitch."""

    event = models.ForeignKey(
        MarketEvent,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="presentations",
    )
    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("achievement"),
        on_delete=models.PROTECT,
        related_name="event_presentations",
    )
    presenter = models.ForeignKey(
        Person,
        verbose_name=_("presenter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_presentations",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    pitch = models.TextField(_("pitch"), blank=True)

    class Meta:
        verbose_name = _("achievement presented")
        verbose_name_plural = _("achievements presented")
        ordering = ["event", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "achievement"],
                name="event_achievement_once",
                violation_error_message=_("This achievement is already on the event's programme."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.achievement}"


class EventNeed(TrackedModel):
    """An enterprise's technical need on show at an event."""

    event = models.ForeignKey(
        MarketEvent,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="needs_on_show",
    )
    need = models.ForeignKey(
        TechnicalNeed,
        verbose_name=_("technical need"),
        on_delete=models.PROTECT,
        related_name="event_showings",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("need on show")
        verbose_name_plural = _("needs on show")
        ordering = ["event", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "need"],
                name="event_need_once",
                violation_error_message=_("This need is already on show at the event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.need}"


class EventAttendance(TrackedModel):
    """An organization registered for an event, with the names of those who come."""

    event = models.ForeignKey(
        MarketEvent,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="event_attendances",
    )
    attendees = models.TextField(
        _("attendees"), blank=True, help_text=_("The names of those who come, one a line.")
    )
    people = models.ManyToManyField(
        Person, verbose_name=_("people known to the office"), related_name="+", blank=True
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.REGISTERED,
        editable=False,
        db_index=True,
    )
    registered_on = models.DateField(_("registered on"), editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    from_portal = models.BooleanField(_("from the portal"), default=False, editable=False)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "organization__name_zh", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"],
                name="event_attendance_once",
                violation_error_message=_("This organization is already registered for the event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.event}"

    @property
    def attendee_names(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class EventOutcome(TrackedModel):
    """An intention noted at an event, traced to a match, an agreement, its registration and
    the income received under it."""

    event = models.ForeignKey(
        MarketEvent,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="event_outcomes",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OutcomeKind.choices)
    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("achievement presented"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_outcomes",
    )
    need = models.ForeignKey(
        TechnicalNeed,
        verbose_name=_("need on show"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_outcomes",
    )
    expert = models.ForeignKey(
        Person,
        verbose_name=_("expert"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_outcomes",
    )
    note = models.TextField(_("note"), blank=True)
    noted_on = models.DateField(_("noted on"), db_index=True)
    # Set by the steps "Record a match" and "Carry to an agreement".
    match = models.ForeignKey(
        MatchCandidate,
        verbose_name=_("match"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="event_outcomes",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="event_outcomes",
    )

    class Meta:
        verbose_name = _("event outcome")
        verbose_name_plural = _("event outcomes")
        ordering = ["event", "noted_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(achievement__isnull=False)
                | Q(need__isnull=False)
                | Q(expert__isnull=False),
                name="event_outcome_is_about_something",
                violation_error_message=_(
                    "An intention is about an achievement presented, a need on show or an expert."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_kind_display()}"
