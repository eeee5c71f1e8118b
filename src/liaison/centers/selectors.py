"""Reads of centers: who is in office at a center today.

A center's page and its chains read the apps above centers (achievements, needs, financing),
so they live in `liaison.reports`; these reads need only centers.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from liaison.core.lifecycle import today

from .models import Appointment, Center

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    User = AbstractBaseUser | AnonymousUser


def term_runs(on: datetime.date) -> Q:
    """Appointments whose term runs on `on`: started, and not ended before it."""
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def appointments_in_office(*, center: Center, user: User | None) -> QuerySet[Appointment]:
    """The appointments at `center` (or one of its committees) whose term runs today."""
    return center.appointments.restrict(user, "view").filter(term_runs(today()))


def people_in_office(*, center: Center, user: User | None) -> list[int]:
    """The ids of the people whose term at `center` (or one of its committees) runs today."""
    return list(
        appointments_in_office(center=center, user=user)
        .values_list("person_id", flat=True)
        .distinct()
    )
