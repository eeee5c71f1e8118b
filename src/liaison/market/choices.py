from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison.agreements.choices import AgreementKind, PartyRole
from liaison.core.moves import Moves


class EventKind(models.TextChoices):
    ROADSHOW = "roadshow", _("Roadshow")
    MATCHMAKING_FAIR = "matchmaking_fair", _("Matchmaking fair")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REGISTRATION_OPEN = "registration_open", _("Registration open")
    HELD = "held", _("Held")
    CLOSED = "closed", pgettext_lazy("market event", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("market event", "Cancelled")


# planned → registration open → held → closed, or cancelled before it is held. A roadshow by
# invitation is held without opening registration to the portal.
EVENT_MOVES = Moves(
    {
        EventStatus.REGISTRATION_OPEN: {EventStatus.PLANNED},
        EventStatus.HELD: {EventStatus.PLANNED, EventStatus.REGISTRATION_OPEN},
        EventStatus.CLOSED: {EventStatus.HELD},
        EventStatus.CANCELLED: {EventStatus.PLANNED, EventStatus.REGISTRATION_OPEN},
    }
)
ENDED_EVENT_STATUSES = EVENT_MOVES.final(EventStatus.values)
# Its programme is still being put together, and intentions may still be noted at it.
OPEN_EVENT_STATUSES = frozenset(EventStatus.values) - ENDED_EVENT_STATUSES


class AttendanceStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ATTENDED = "attended", _("Attended")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")
    NO_SHOW = "no_show", _("No-show")


# registered → attended | cancelled | no-show; a cancelled registration may register again.
ATTENDANCE_MOVES = Moves(
    {
        AttendanceStatus.ATTENDED: {AttendanceStatus.REGISTERED},
        AttendanceStatus.CANCELLED: {AttendanceStatus.REGISTERED},
        AttendanceStatus.NO_SHOW: {AttendanceStatus.REGISTERED},
        AttendanceStatus.REGISTERED: {AttendanceStatus.CANCELLED},
    }
)
# The registrations that take a seat: what the event's capacity counts.
SEATED_STATUSES = frozenset({AttendanceStatus.REGISTERED, AttendanceStatus.ATTENDED})


class OutcomeKind(models.TextChoices):
    LICENCE_INTEREST = "licence_interest", _("Licence or transfer interest")
    JOINT_DEVELOPMENT = "joint_development", _("Joint development")
    INVESTMENT = "investment", _("Investment")
    SOLVE_NEED = "solve_need", _("Solve a need")
    OTHER = "other", _("Other")


# The draft agreement an intention is carried to: its kind, and the organization's role in it.
AGREEMENT_FOR_OUTCOME: dict[str, tuple[str, str]] = {
    OutcomeKind.LICENCE_INTEREST: (AgreementKind.TECH_LICENSING, PartyRole.LICENSEE),
    OutcomeKind.JOINT_DEVELOPMENT: (AgreementKind.TECH_DEVELOPMENT, PartyRole.PARTNER),
    OutcomeKind.INVESTMENT: (AgreementKind.INVESTMENT, PartyRole.INVESTOR),
    OutcomeKind.SOLVE_NEED: (AgreementKind.TECH_DEVELOPMENT, PartyRole.CLIENT),
    OutcomeKind.OTHER: (AgreementKind.MOU, PartyRole.PARTNER),
}


class FunnelStage(models.TextChoices):
    """How far an intention noted at an event got; each stage counts those that got this far."""

    INTENTION = "intention", _("Intentions")
    MATCHED = "matched", _("Matched")
    AGREEMENT = "agreement", _("Agreements")
    SIGNED = "signed", _("Signed")
    REGISTERED = "registered", _("Registered")
    INCOME = "income", _("Income received")
