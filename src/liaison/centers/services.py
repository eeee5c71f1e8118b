"""Writes to centers: partners, committees and the appointments of people to them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.agreements.models import SigningEvent
from liaison.core import permissions, writes
from liaison.core.lifecycle import FieldErrors, save_changes
from liaison.core.writes import create_record, delete_record, update_record
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import APPOINTMENT_MOVES, CENTER_ENDED, CENTER_MOVES, TermState, term_state
from .models import Appointment, Center, CenterPartner, Committee

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from liaison.accounts.models import User


def _check_term(
    errors: FieldErrors, starts_on: datetime.date | None, ends_on: datetime.date | None
) -> None:
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        errors.add(
            "ends_on",
            _("An appointment's term cannot end before it starts (%(starts_on)s)."),
            code="ends_before_start",
            params={"starts_on": starts_on.isoformat()},
        )


def _check_center_open(errors: FieldErrors, field: str, center: Center | None) -> None:
    """A closed center takes no new partner, committee or appointment."""
    if center is not None and center.status in CENTER_ENDED:
        errors.add(
            field,
            _("“%(center)s” is closed: nothing new starts in a closed center."),
            code="center_closed",
            params={"center": str(center)},
        )


def _closed_center_refusal(center: Center) -> StrOrPromise | None:
    if center.status in CENTER_ENDED:
        return _(
            "“%(center)s” is closed: its partners and committees are kept as they were when it "
            "closed."
        ) % {"center": str(center)}
    return None


# Centers ---------------------------------------------------------------------------------------


def _check_parent(errors: FieldErrors, center: Center, parent: Center | None) -> None:
    """A center is not its own parent, nor the parent of a center above it."""
    above = parent
    seen: set[int] = set()
    while above is not None and center.pk is not None and above.pk not in seen:
        if above.pk == center.pk:
            errors.add(
                "parent",
                _(
                    "“%(parent)s” is this center or one of its sub-centers; it cannot be its parent."
                ),
                code="parent_cycle",
                params={"parent": str(parent)},
            )
            return
        seen.add(above.pk)
        above = above.parent


@transaction.atomic
def center_create(*, by: User | None, **fields: Any) -> Center:
    """Record a new center, base or laboratory, in whatever state it is now."""
    return create_record(Center, by=by, **fields)


@transaction.atomic
def center_update(
    *, center: Center, by: User | None, version: int | None = None, **fields: Any
) -> Center:
    """Change a center's fields; its status only along `CENTER_MOVES` (planned, active, closed)."""
    errors = FieldErrors()
    status = fields.get("status", center.status)
    if status != center.status:
        try:
            CENTER_MOVES.require(center, status)
        except ValidationError as refusal:
            errors.add("status", refusal.message, code="illegal_transition", params=refusal.params)
    if "parent" in fields:
        _check_parent(errors, center, fields["parent"])
    return update_record(center, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def center_delete(*, center: Center, by: User | None, version: int | None = None) -> None:
    """Delete a center entered by mistake; a center that appointed people is closed instead."""
    refusal = None
    if center.appointments.exists():
        refusal = _(
            "A center that has appointed people keeps its record: end the appointments and "
            "set the center's status to Closed instead."
        )
    delete_record(center, by=by, version=version, refusal=refusal)


# Partners --------------------------------------------------------------------------------------


@transaction.atomic
def center_add_partner(
    *,
    center: Center,
    organization: Organization,
    role: str = "",
    joined_on: datetime.date | None = None,
    by: User | None,
) -> CenterPartner:
    """Add an organization to the partners of a center that is not closed."""
    errors = FieldErrors()
    _check_center_open(errors, "center", center)
    return create_record(
        CenterPartner,
        by=by,
        errors=errors,
        center=center,
        organization=organization,
        role=role,
        joined_on=joined_on,
    )


# The create service of the one write path (`core.writes`): the admin's add page calls it.
centerpartner_create = center_add_partner


@transaction.atomic
def centerpartner_update(
    *, partner: CenterPartner, by: User | None, version: int | None = None, **fields: Any
) -> CenterPartner:
    """Correct a partner of a center that is not closed."""
    errors = FieldErrors()
    _check_center_open(errors, "center", fields.get("center", partner.center))
    if "center" in fields and fields["center"] != partner.center:
        _check_center_open(errors, "center", partner.center)
    return update_record(partner, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def centerpartner_delete(
    *, partner: CenterPartner, by: User | None, version: int | None = None
) -> None:
    """Remove a partner recorded by mistake; a closed center keeps its partners."""
    delete_record(partner, by=by, version=version, refusal=_closed_center_refusal(partner.center))


# Committees ------------------------------------------------------------------------------------


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
    """Set up an academic, management or advisory committee of a center that is not closed."""
    errors = FieldErrors()
    _check_center_open(errors, "center", center)
    return create_record(
        Committee,
        by=by,
        errors=errors,
        center=center,
        kind=kind,
        name_zh=name_zh,
        name_en=name_en,
        established_on=established_on,
    )


@transaction.atomic
def committee_update(
    *, committee: Committee, by: User | None, version: int | None = None, **fields: Any
) -> Committee:
    """Correct a committee; it stays with its center while people are appointed to it."""
    errors = FieldErrors()
    center = fields.get("center", committee.center)
    if center != committee.center:
        _check_center_open(errors, "center", center)
        if committee.appointments.exists():
            errors.add(
                "center",
                _(
                    "People are appointed to this committee at “%(center)s”: it cannot move to "
                    "another center."
                ),
                code="committee_has_appointments",
                params={"center": str(committee.center)},
            )
    return update_record(committee, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def committee_delete(*, committee: Committee, by: User | None, version: int | None = None) -> None:
    """Delete a committee set up by mistake; one that appointed people keeps its record."""
    refusal = _closed_center_refusal(committee.center)
    if refusal is None and committee.appointments.exists():
        refusal = _(
            "People have been appointed to this committee, so it keeps its record: end their "
            "terms instead."
        )
    delete_record(committee, by=by, version=version, refusal=refusal)


# Appointments ----------------------------------------------------------------------------------


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
    """Appoint a person to a role of a center, not closed, or of one of its committees, for a term."""
    errors = FieldErrors()
    _check_term(errors, starts_on, ends_on)
    _check_center_open(errors, "center", center)
    return create_record(
        Appointment,
        by=by,
        errors=errors,
        person=person,
        center=center,
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
        committee=committee,
        announced_at=announced_at,
    )


# The create service of the one write path (`core.writes`): the admin's add page calls it.
appointment_create = appointment_make


@transaction.atomic
def appointment_update(
    *, appointment: Appointment, by: User | None, version: int | None = None, **fields: Any
) -> Appointment:
    """Correct an appointment; its term checked as when it was made, a new center not closed."""
    errors = FieldErrors()
    _check_term(
        errors,
        fields.get("starts_on", appointment.starts_on),
        fields.get("ends_on", appointment.ends_on),
    )
    center = fields.get("center", appointment.center)
    if center != appointment.center:
        _check_center_open(errors, "center", center)
    return update_record(appointment, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def appointment_end(
    *, appointment: Appointment, ends_on: datetime.date, by: User | None
) -> Appointment:
    """End an appointment's term on `ends_on`."""
    # A planned end may be brought forward; a term that is over stays as it ended.
    APPOINTMENT_MOVES.require(appointment, TermState.ENDED)
    errors = FieldErrors()
    _check_term(errors, appointment.starts_on, ends_on)
    return save_changes(appointment, by=by, errors=errors, ends_on=ends_on)


@transaction.atomic
def appointment_delete(
    *, appointment: Appointment, by: User | None, version: int | None = None
) -> None:
    """Delete an appointment made by mistake before its term started; a started one is ended."""
    refusal = None
    if term_state(appointment) != TermState.PLANNED:
        refusal = _(
            "This term started on %(starts_on)s, so the appointment keeps its record: end "
            "the term instead."
        ) % {"starts_on": appointment.starts_on.isoformat()}
    delete_record(appointment, by=by, version=version, refusal=refusal)


writes.register(Center, create=center_create, update=center_update, delete=center_delete)
writes.register(
    CenterPartner,
    create=centerpartner_create,
    update=centerpartner_update,
    delete=centerpartner_delete,
    target="partner",
)
writes.register(
    Committee, create=committee_create, update=committee_update, delete=committee_delete
)
writes.register(
    Appointment,
    create=appointment_create,
    update=appointment_update,
    delete=appointment_delete,
)

permissions.scoped(Center, organization="partners", center="")
permissions.scoped(CenterPartner, organization="organization", center="center")
permissions.scoped(Committee, organization="center__partners", center="center")
permissions.scoped(
    Appointment, organization="center__partners", center="center", own="person__user"
)
