from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison.core.moves import Moves


class Origin(models.TextChoices):
    SPIN_OFF = "spin_off", _("Spin-off of an achievement")
    RESEARCHERS_STARTUP = (
        "researchers_startup",
        _("Start-up founded by the institute's researchers"),
    )
    OUTSIDE_TENANT = "outside_tenant", _("Outside tenant")


class IncubationStatus(models.TextChoices):
    ADMITTED = "admitted", _("Admitted")
    INCUBATING = "incubating", _("Incubating")
    GRADUATED = "graduated", _("Graduated")
    MOVED_OUT = "moved_out", _("Moved out")
    CLOSED = "closed", pgettext_lazy("incubated company", "Closed")


# admitted → incubating → graduated, or it leaves early: moved out | closed (the company wound
# up). Graduating is what incubating leads to, so only an incubating company graduates.
INCUBATION_MOVES = Moves(
    {
        IncubationStatus.INCUBATING: {IncubationStatus.ADMITTED},
        IncubationStatus.GRADUATED: {IncubationStatus.INCUBATING},
        IncubationStatus.MOVED_OUT: {IncubationStatus.ADMITTED, IncubationStatus.INCUBATING},
        IncubationStatus.CLOSED: {IncubationStatus.ADMITTED, IncubationStatus.INCUBATING},
    }
)
# Read from the table: the statuses that end a stay (it left the incubator), and the others.
EXITED_STATUSES = INCUBATION_MOVES.final(IncubationStatus.values)
IN_INCUBATOR_STATUSES = frozenset(IncubationStatus.values) - EXITED_STATUSES


class MilestoneKind(models.TextChoices):
    PRODUCT = "product", _("Product launched")
    FIRST_CUSTOMER = "first_customer", _("First customer")
    REGISTRATION = "registration", _("Registration or licence obtained")
    REVENUE = "revenue", _("Revenue")
    OTHER = "other", _("Other")


class ResourceKind(models.TextChoices):
    OFFICE_SPACE = "office_space", _("Office space")
    LAB_SPACE = "lab_space", _("Laboratory space")
    EQUIPMENT = "equipment", _("Equipment")
    SHARED_SERVICES = "shared_services", _("Shared services")
    MENTORING = "mentoring", _("Mentoring")
    OTHER = "other", _("Other")
