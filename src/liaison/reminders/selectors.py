"""Who is reminded of what: the records due, per person, among those they may see and answer for.

A reminder is about a record the person may view (`Model.objects.restrict(user, "view")`,
so a secret need reaches only its assigned staff) AND that their roles make them responsible
for:

| reminder | office staff | administrator | center manager | enterprise user |
| --- | --- | --- | --- | --- |
| agreement expiring, milestone due or overdue | all | all | their centers' | their organization's |
| need waiting for triage, in progress with no change | those assigned to them, and those assigned to no one | — | those assigned to their centers | — |
| a question of the office on a need, unanswered | — | — | — | their organization's |
| appointment whose term ends | all | — | their centers' | — |
| patent fee or deadline (annual fee, examination request, office action) | all | all | their centers' | — |

"Their centers" and "their organization" are those named by the person's role assignments of
that kind, reached along the paths each app declares for its permissions
(`core.permissions.scoped`). A person's roles are read from `RoleAssignment` (the role's
kind); a superuser with no role is responsible for nothing.

Names and links are read in the active language: call these inside
`translation.override(language_of(user))`.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import RoleAssignment, User
from liaison.agreements.choices import RUNNING_STATUSES
from liaison.agreements.models import Agreement, PaymentMilestone
from liaison.centers.models import Appointment
from liaison.core import permissions
from liaison.core.tables import object_url
from liaison.needs.choices import OPEN_NEED_STATUSES, NeedStatus
from liaison.needs.models import NeedMessage, TechnicalNeed
from liaison.patents.models import Patent
from liaison.patents.selectors import docket_patents, open_items_of
from liaison.portal.access import portal_is_home

from .choices import ReminderKind
from .models import ReminderSent

# What the date shown beside each reminder is.
DATE_LABELS = {
    ReminderKind.AGREEMENT_EXPIRING: _("expires on"),
    ReminderKind.MILESTONE_OVERDUE: _("was due on"),
    ReminderKind.MILESTONE_DUE: _("due on"),
    ReminderKind.NEED_UNTRIAGED: _("submitted on"),
    ReminderKind.NEED_STALLED: _("last changed on"),
    ReminderKind.NEED_QUESTION: _("asked on"),
    ReminderKind.APPOINTMENT_ENDING: _("term ends on"),
    ReminderKind.PATENT_DEADLINE: _("due on"),
}


@dataclasses.dataclass(frozen=True)
class Thresholds:
    """How many days ahead or behind make a record due (settings LIAISON_REMINDER_*_DAYS)."""

    expiry: int = 30
    milestone: int = 14
    triage: int = 3
    stalled: int = 30
    question: int = 3
    term: int = 30
    patent: int = 30

    @classmethod
    def from_settings(cls) -> Thresholds:
        return cls(
            expiry=settings.LIAISON_REMINDER_EXPIRY_DAYS,
            milestone=settings.LIAISON_REMINDER_MILESTONE_DAYS,
            triage=settings.LIAISON_REMINDER_TRIAGE_DAYS,
            stalled=settings.LIAISON_REMINDER_STALLED_DAYS,
            question=settings.LIAISON_REMINDER_QUESTION_DAYS,
            term=settings.LIAISON_REMINDER_TERM_DAYS,
            patent=settings.LIAISON_REMINDER_PATENT_DAYS,
        )


@dataclasses.dataclass(frozen=True)
class Responsibility:
    """What a person's role assignments make them answer for."""

    kinds: frozenset[str]
    center_ids: frozenset[int]  # of their center-manager assignments
    organization_ids: frozenset[int]  # of their enterprise-user assignments

    @property
    def office(self) -> bool:
        return RoleKind.STAFF in self.kinds

    @property
    def administers(self) -> bool:
        return RoleKind.ADMINISTRATOR in self.kinds


@dataclasses.dataclass(frozen=True)
class Reminder:
    """One record a person is to be told about, and why."""

    kind: ReminderKind
    model: str  # the record's model label, "agreements.agreement"
    object_id: int
    trigger: str  # what made it due: a date or a version; a new one reminds again
    name: str
    on: datetime.date  # the date that matters
    url: str  # absolute

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (str(self.kind), self.model, self.object_id, self.trigger)

    @property
    def date_label(self) -> str:
        return str(DATE_LABELS[self.kind])


def responsibility_of(*, user: User) -> Responsibility:
    """The kinds of role `user` holds, with the centers and organizations they name."""
    kinds: set[str] = set()
    centers: set[int] = set()
    organizations: set[int] = set()
    assignments = RoleAssignment.objects.filter(user_id=user.pk).select_related("role")
    for assignment in assignments.prefetch_related("centers"):
        kind = assignment.role.kind
        kinds.add(kind)
        if kind == RoleKind.CENTER_MANAGER:
            centers.update(center.pk for center in assignment.centers.all())
        elif kind == RoleKind.ENTERPRISE and assignment.organization_id is not None:
            organizations.add(assignment.organization_id)
    return Responsibility(frozenset(kinds), frozenset(centers), frozenset(organizations))


def recipients(*, usernames: Iterable[str] = ()) -> QuerySet[User]:
    """The people who may get a digest: active, with an email address and a role."""
    people = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Exists(RoleAssignment.objects.filter(user_id=OuterRef("pk"))))
        .order_by("username")
    )
    names = list(usernames)
    return people.filter(username__in=names) if names else people


def language_of(user: User) -> str:
    """The language `user` is written to in: their own if their account keeps one, else the
    installation's (accounts.User keeps none yet, so LANGUAGE_CODE)."""
    chosen = getattr(user, "language", "") or ""
    known = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in known else settings.LANGUAGE_CODE


def _reaching(model: Any, path: str | None, ids: Iterable[int]) -> Q | None:
    """The records of `model` reaching one of `ids` along `path` (a scoping path); None when
    there is no such path or no id."""
    ids = list(ids)
    if path is None or not ids:
        return None
    return permissions.reaching(model, path, ids)


def _either(*alternatives: Q | None) -> Q | None:
    """Any of the alternatives; None when there is none (the person answers for nothing)."""
    found = [q for q in alternatives if q is not None]
    return reduce(or_, found) if found else None


def _scoped_responsibility(
    model: Any, duty: Responsibility, *, everything: bool, centers: bool, organizations: bool
) -> Q | None:
    """All records (`everything`), else those of the person's centers and organizations."""
    if everything:
        return Q()
    scoping = permissions.scoping_of(model)
    return _either(
        _reaching(model, scoping.center if scoping else None, duty.center_ids) if centers else None,
        *(
            _reaching(model, path, duty.organization_ids)
            for path in (scoping.organization_paths if scoping and organizations else ())
        ),
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight of `day` in the institute's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _absolute(path: str | None) -> str:
    return settings.LIAISON_SITE_URL.rstrip("/") + (path or "/")


def _link(user: User, record: Any, portal_page: str | None = None) -> str:
    """The record's page: the portal's for an enterprise's contact whose home it is."""
    if portal_page is not None and portal_is_home(user):
        return _absolute(reverse(portal_page, args=(record.pk,)))
    return _absolute(object_url(record))


def agreements_expiring(
    *, user: User, duty: Responsibility, today: datetime.date, days: int
) -> list[Reminder]:
    """Signed or in-force agreements `user` answers for whose expiry date is within `days`."""
    responsible = _scoped_responsibility(
        Agreement,
        duty,
        everything=duty.office or duty.administers,
        centers=True,
        organizations=True,
    )
    if responsible is None:
        return []
    found = (
        Agreement.objects.restrict(user, "view")
        .filter(responsible)
        .filter(
            status__in=RUNNING_STATUSES,
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=days),
        )
        .order_by("expires_on", "pk")
    )
    return [
        Reminder(
            kind=ReminderKind.AGREEMENT_EXPIRING,
            model=Agreement._meta.label_lower,
            object_id=agreement.pk,
            trigger=agreement.expires_on.isoformat(),
            name=str(agreement),
            on=agreement.expires_on,
            url=_link(user, agreement, "portal:agreement"),
        )
        for agreement in found
        if agreement.expires_on is not None
    ]


def milestones_due(
    *, user: User, duty: Responsibility, today: datetime.date, days: int
) -> list[Reminder]:
    """Milestones not done of running agreements `user` answers for: overdue, or due within
    `days`. One overdue after it was due soon is told again, as overdue."""
    responsible = _scoped_responsibility(
        PaymentMilestone,
        duty,
        everything=duty.office or duty.administers,
        centers=True,
        organizations=True,
    )
    if responsible is None:
        return []
    found = (
        PaymentMilestone.objects.restrict(user, "view")
        .filter(responsible)
        .filter(
            done_on__isnull=True,
            agreement__status__in=RUNNING_STATUSES,
            due_on__lte=today + datetime.timedelta(days=days),
        )
        .select_related("agreement")
        .order_by("due_on", "pk")
    )
    return [
        Reminder(
            kind=(
                ReminderKind.MILESTONE_OVERDUE
                if milestone.due_on < today
                else ReminderKind.MILESTONE_DUE
            ),
            model=PaymentMilestone._meta.label_lower,
            object_id=milestone.pk,
            trigger=milestone.due_on.isoformat(),
            name=f"{milestone.agreement} · {milestone.title}",
            on=milestone.due_on,
            # The portal shows a milestone on its agreement's page.
            url=(
                _link(user, milestone.agreement, "portal:agreement")
                if portal_is_home(user)
                else _link(user, milestone)
            ),
        )
        for milestone in found
    ]


def _needs_answered_for(duty: Responsibility, user: User) -> Q | None:
    """The needs the office's side of `user` answers for: as staff, those assigned to them or
    to no one; as a center manager, those assigned to their centers."""
    staff = TechnicalNeed.assigned_staff.through
    mine = (
        Q(Exists(staff.objects.filter(technicalneed_id=OuterRef("pk"), user_id=user.pk)))
        | ~Q(Exists(staff.objects.filter(technicalneed_id=OuterRef("pk"))))
        if duty.office
        else None
    )
    scoping = permissions.scoping_of(TechnicalNeed)
    return _either(
        mine, _reaching(TechnicalNeed, scoping.center if scoping else None, duty.center_ids)
    )


def needs_waiting(
    *, user: User, duty: Responsibility, today: datetime.date, triage_days: int, stalled_days: int
) -> list[Reminder]:
    """Needs `user` answers for that wait for triage more than `triage_days` after they were
    submitted, or are in progress with no change for `stalled_days`."""
    responsible = _needs_answered_for(duty, user)
    if responsible is None:
        return []
    needs = TechnicalNeed.objects.restrict(user, "view").filter(responsible)
    untriaged = needs.filter(
        status=NeedStatus.SUBMITTED,
        submitted_on__lt=today - datetime.timedelta(days=triage_days),
    ).order_by("submitted_on", "pk")
    stalled = needs.filter(
        status=NeedStatus.IN_PROGRESS,
        updated_at__lt=_start_of(today - datetime.timedelta(days=stalled_days)),
    ).order_by("updated_at", "pk")
    label = TechnicalNeed._meta.label_lower
    return [
        Reminder(
            kind=ReminderKind.NEED_UNTRIAGED,
            model=label,
            object_id=need.pk,
            trigger=need.submitted_on.isoformat(),
            name=str(need),
            on=need.submitted_on,
            url=_link(user, need),
        )
        for need in untriaged
    ] + [
        Reminder(
            kind=ReminderKind.NEED_STALLED,
            model=label,
            object_id=need.pk,
            # Any change since moves the version on: stalled again later, told again.
            trigger=f"v{need.version}",
            name=str(need),
            on=timezone.localdate(need.updated_at),
            url=_link(user, need),
        )
        for need in stalled
    ]


def questions_unanswered(
    *, user: User, duty: Responsibility, today: datetime.date, days: int
) -> list[Reminder]:
    """Open needs of `user`'s organizations whose last message is the office's, asked more
    than `days` ago: the office waits for the enterprise's answer."""
    responsible = _reaching(
        TechnicalNeed, "organization", duty.organization_ids
    )  # the need's own organization, not the centers it is assigned to
    if responsible is None:
        return []
    last = NeedMessage.objects.filter(need_id=OuterRef("pk")).order_by("-created_at", "-pk")
    found = (
        TechnicalNeed.objects.restrict(user, "view")
        .filter(responsible, status__in=OPEN_NEED_STATUSES)
        .annotate(
            last_message_id=Subquery(last.values("pk")[:1]),
            last_from_enterprise=Subquery(last.values("from_enterprise")[:1]),
            last_message_at=Subquery(last.values("created_at")[:1]),
        )
        .filter(
            last_from_enterprise=False,
            last_message_at__lt=_start_of(today - datetime.timedelta(days=days)),
        )
        .order_by("last_message_at", "pk")
    )
    return [
        Reminder(
            kind=ReminderKind.NEED_QUESTION,
            model=TechnicalNeed._meta.label_lower,
            object_id=need.pk,
            # A new question after an answer is told again.
            trigger=f"message {need.last_message_id}",
            name=str(need),
            on=timezone.localdate(need.last_message_at),
            url=_link(user, need, "portal:need"),
        )
        for need in found
    ]


def appointments_ending(
    *, user: User, duty: Responsibility, today: datetime.date, days: int
) -> list[Reminder]:
    """Appointments `user` answers for whose term ends within `days`."""
    responsible = _scoped_responsibility(
        Appointment, duty, everything=duty.office, centers=True, organizations=False
    )
    if responsible is None:
        return []
    found = (
        Appointment.objects.restrict(user, "view")
        .filter(responsible)
        .filter(ends_on__gte=today, ends_on__lte=today + datetime.timedelta(days=days))
        .select_related("person", "center")
        .order_by("ends_on", "pk")
    )
    return [
        Reminder(
            kind=ReminderKind.APPOINTMENT_ENDING,
            model=Appointment._meta.label_lower,
            object_id=appointment.pk,
            trigger=appointment.ends_on.isoformat(),
            name=str(appointment),
            on=appointment.ends_on,
            url=_link(user, appointment),
        )
        for appointment in found
        if appointment.ends_on is not None
    ]


def patent_deadlines(
    *, user: User, duty: Responsibility, today: datetime.date, days: int
) -> list[Reminder]:
    """The fees and deadlines of the patents `user` answers for that fall due within `days`,
    or are overdue and still open (an annual fee in its late window): each told once per
    deadline, its key and date the trigger."""
    responsible = _scoped_responsibility(
        Patent,
        duty,
        everything=duty.office or duty.administers,
        centers=True,
        organizations=False,
    )
    if responsible is None:
        return []
    patents = docket_patents().filter(
        pk__in=Patent.objects.restrict(user, "view").filter(responsible).values("pk")
    )
    until = today + datetime.timedelta(days=days)
    return [
        Reminder(
            kind=ReminderKind.PATENT_DEADLINE,
            model=Patent._meta.label_lower,
            object_id=patent.pk,
            trigger=f"{item.key} {item.due_on.isoformat()}",
            name=f"{patent} · {item.label}",
            on=item.due_on,
            url=_link(user, patent),
        )
        for patent in patents
        for item in open_items_of(patent, today=today, until=until)
        # One past its late window has lapsed the patent: the docket's job records it.
        if not item.lapses(today)
    ]


def reminders_for(
    *, user: User, today: datetime.date, thresholds: Thresholds | None = None
) -> list[Reminder]:
    """Every reminder due for `user` today, sent before or not, in the digest's order."""
    limits = thresholds or Thresholds.from_settings()
    duty = responsibility_of(user=user)
    found = [
        *agreements_expiring(user=user, duty=duty, today=today, days=limits.expiry),
        *milestones_due(user=user, duty=duty, today=today, days=limits.milestone),
        *needs_waiting(
            user=user,
            duty=duty,
            today=today,
            triage_days=limits.triage,
            stalled_days=limits.stalled,
        ),
        *questions_unanswered(user=user, duty=duty, today=today, days=limits.question),
        *appointments_ending(user=user, duty=duty, today=today, days=limits.term),
        *patent_deadlines(user=user, duty=duty, today=today, days=limits.patent),
    ]
    order = {kind: index for index, kind in enumerate(ReminderKind)}
    return sorted(found, key=lambda r: order[r.kind])  # stable: each kind keeps its order


def unsent_reminders_for(
    *, user: User, today: datetime.date, thresholds: Thresholds | None = None
) -> list[Reminder]:
    """The reminders due for `user` that they have not been sent yet."""
    due = reminders_for(user=user, today=today, thresholds=thresholds)
    if not due:
        return []
    sent = set(
        ReminderSent.objects.filter(
            user_id=user.pk, object_id__in={r.object_id for r in due}
        ).values_list("kind", "model", "object_id", "trigger")
    )
    return [r for r in due if r.key not in sent]
