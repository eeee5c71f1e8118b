"""Writes to centers: partners, committees and the appointments of people to them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.agreements.models import SigningEvent
from liaison.core.lifecycle import FieldErrors, refuse_unmanaged_fields, save_changes
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .models import Appointment, Center, CenterPartner, Committee

if TYPE_CHECKING:
    from liaison.accounts.models import User


def _check_term(
    errors: FieldErrors, starts_on: datetime.date, ends_on: datetime.date | None
) -> None:
    if ends_on is not None and ends_on < starts_on:
        errors.add(
            "ends_on",
            _("An appointment's term cannot end before it starts (%(starts_on)s)."),
            code="ends_before_start",
            params={"starts_on": starts_on.isoformat()},
        )


@transaction.atomic
def center_create(*, by: User | None, **fields: Any) -> Center:
    """Record a new center, base or laboratory."""
    refuse_unmanaged_fields(Center, fields)
    return save_changes(Center(**fields), by=by)


@transaction.atomic
def center_add_partner(
    *,
    center: Center,
    organization: Organization,
    role: str = "",
    joined_on: datetime.date | None = None,
    by: User | None,
) -> CenterPartner:
    """Add an organization to the partners of a center."""
    partner = CenterPartner(
        center=center, organization=organization, role=role, joined_on=joined_on
    )
    return save_changes(partner, by=by)


@transaction.atomic
def committee_create(
    *,
    center: Center,
    kind: str,
    name_zh: str,
    name_en: str = "",
    established_on: datetime.date | None = None,
    by: User | None,
) -> Committee:
    """Set up an academic, management or advisory committee of a center."""
    committee = Committee(
        center=center, kind=kind, name_zh=name_zh, name_en=name_en, established_on=established_on
    )
    return save_changes(committee, by=by)


@transaction.atomic
def appointment_make(
    *,
    person: Person,
    center: Center,
    role: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    committee: Committee | None = None,
    announced_at: SigningEvent | None = None,
    by: User | None,
) -> Appointment:
    """Appoint a person to a role of a center or of one of its committees, for a term."""
    errors = FieldErrors()
    _check_term(errors, starts_on, ends_on)
    appointment = Appointment(
        person=person,
        center=center,
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
        committee=committee,
        announced_at=announced_at,
    )
    return save_changes(appointment, by=by, errors=errors)


@transaction.atomic
def appointment_end(
    *, appointment: Appointment, ends_on: datetime.date, by: User | None
) -> Appointment:
    """End an appointment's term on `ends_on`."""
    errors = FieldErrors()
    _check_term(errors, appointment.starts_on, ends_on)
    return save_changes(appointment, by=by, errors=errors, ends_on=ends_on)
