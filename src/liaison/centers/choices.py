import datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.moves import Moves


class CenterKind(models.TextChoices):
    JOINT_RD = "joint_rd", _("Joint R&D center")
    JOINT_RESEARCH = "joint_research", _("Joint research center")
    MEDICAL_RESEARCH = "medical_research", _("Medical research center")
    INCUBATION = "incubation", _("Incubation center")
    INTERNATIONAL_BASE = "international_base", _("International cooperation base")
    LABORATORY = "laboratory", _("Laboratory")
    RESEARCH_CENTER = "research_center", _("Research center")


class CenterStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


# A center is planned, opens, and closes; a closed center stays closed (a new one is recorded
# if it is founded again). Its status is set on its edit page; the update service checks it.
CENTER_MOVES = Moves(
    {
        CenterStatus.ACTIVE: {CenterStatus.PLANNED},
        CenterStatus.CLOSED: {CenterStatus.PLANNED, CenterStatus.ACTIVE},
    }
)
# Where nothing new starts: no partner joins, no committee is set up, nobody is appointed.
CENTER_ENDED = CENTER_MOVES.final(CenterStatus.values)


class CommitteeKind(models.TextChoices):
    ACADEMIC = "academic", _("Academic committee")
    MANAGEMENT = "management", _("Management committee")
    ADVISORY = "advisory", _("Advisory committee")


class AppointmentRole(models.TextChoices):
    DIRECTOR = "director", _("Director")
    DEPUTY_DIRECTOR = "deputy_director", _("Deputy director")
    CHIEF_SCIENTIST = "chief_scientist", _("Chief scientist")
    COMMITTEE_CHAIR = "committee_chair", _("Committee chair")
    COMMITTEE_VICE_CHAIR = "committee_vice_chair", _("Committee vice-chair")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")


COMMITTEE_ROLES = frozenset(
    {
        AppointmentRole.COMMITTEE_CHAIR,
        AppointmentRole.COMMITTEE_VICE_CHAIR,
        AppointmentRole.COMMITTEE_MEMBER,
    }
)


class TermState(models.TextChoices):
    """Where an appointment's term stands, read from its dates and today."""

    PLANNED = "planned", _("not started")
    SERVING = "serving", _("serving")
    ENDED = "ended", _("ended")


def term_state(appointment: Any, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    if appointment.starts_on > today:
        return TermState.PLANNED
    if appointment.ends_on is not None and appointment.ends_on < today:
        return TermState.ENDED
    return TermState.SERVING


# A term is ended (or an end planned) before it starts or while it runs; an ended one stays so.
APPOINTMENT_MOVES = Moves(
    {TermState.ENDED: {TermState.PLANNED, TermState.SERVING}},
    state=term_state,
    labels=dict(TermState.choices),
)
