"""Writes to people and their affiliations over time."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core import permissions, writes
from liaison.core.lifecycle import FieldErrors, save_changes
from liaison.core.writes import create_record, delete_record, update_record
from liaison.organizations.models import Organization

from .models import Affiliation, Person

if TYPE_CHECKING:
    from liaison.accounts.models import User


def _check_term(
    errors: FieldErrors, starts_on: datetime.date | None, ends_on: datetime.date | None
) -> None:
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        errors.add(
            "ends_on",
            _("An affiliation cannot end before it starts (%(starts_on)s)."),
            code="ends_before_start",
            params={"starts_on": starts_on.isoformat()},
        )


def _demote_other_primaries(person: Person, *, keep: Affiliation | None, by: User | None) -> None:
    """One primary affiliation at a time: it is the one listings and matching show.

    A refused write rolls these demotions back with its transaction.
    """
    others = person.affiliations.filter(is_primary=True)
    if keep is not None and keep.pk is not None:
        others = others.exclude(pk=keep.pk)
    for other in others:
        save_changes(other, by=by, is_primary=False)


# People ----------------------------------------------------------------------------------------


@transaction.atomic
def person_create(*, by: User | None, **fields: Any) -> Person:
    """Record a new researcher, expert or contact."""
    return create_record(Person, by=by, **fields)


@transaction.atomic
def person_update(
    *, person: Person, by: User | None, version: int | None = None, **fields: Any
) -> Person:
    """Change a person's fields; refused if someone else saved the record since `version`."""
    return update_record(person, by=by, version=version, **fields)


@transaction.atomic
def person_delete(*, person: Person, by: User | None, version: int | None = None) -> None:
    """Delete a person entered by mistake (with their affiliations); refused while appointed.

    Appointments protect the person; needs and services that named them as contact keep
    the record without the name, as their own models say.
    """
    delete_record(person, by=by, version=version)


# Affiliations ----------------------------------------------------------------------------------


@transaction.atomic
def affiliation_add(
    *,
    person: Person,
    organization: Organization,
    position: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    is_primary: bool = False,
    by: User | None,
) -> Affiliation:
    """Record a person's position at an organization; a new primary one demotes the others."""
    errors = FieldErrors()
    _check_term(errors, starts_on, ends_on)
    if is_primary:
        _demote_other_primaries(person, keep=None, by=by)
    return create_record(
        Affiliation,
        by=by,
        errors=errors,
        person=person,
        organization=organization,
        position=position,
        starts_on=starts_on,
        ends_on=ends_on,
        is_primary=is_primary,
    )


# The create service of the one write path (`core.writes`): the admin's add page calls it.
affiliation_create = affiliation_add


@transaction.atomic
def affiliation_update(
    *, affiliation: Affiliation, by: User | None, version: int | None = None, **fields: Any
) -> Affiliation:
    """Correct an affiliation; the term checked as when it was added, a new primary one alone."""
    errors = FieldErrors()
    starts_on = fields.get("starts_on", affiliation.starts_on)
    ends_on = fields.get("ends_on", affiliation.ends_on)
    _check_term(errors, starts_on, ends_on)
    person = fields.get("person", affiliation.person)
    if fields.get("is_primary", affiliation.is_primary) and not errors:
        _demote_other_primaries(person, keep=affiliation, by=by)
    return update_record(affiliation, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def affiliation_end(
    *, affiliation: Affiliation, ends_on: datetime.date, by: User | None
) -> Affiliation:
    """Close an affiliation on `ends_on`."""
    errors = FieldErrors()
    if affiliation.ends_on is not None:
        errors.add(
            "ends_on",
            _("This affiliation already ended on %(ends_on)s."),
            code="already_ended",
            params={"ends_on": affiliation.ends_on.isoformat()},
        )
    _check_term(errors, affiliation.starts_on, ends_on)
    return save_changes(affiliation, by=by, errors=errors, ends_on=ends_on)


@transaction.atomic
def affiliation_delete(
    *, affiliation: Affiliation, by: User | None, version: int | None = None
) -> None:
    """Delete an affiliation that was never true; a position the person left is ended instead.

    Deleting is for a mistake (the wrong organization, a duplicate): the history keeps the
    deleted row and its author. Where a person worked is kept by ending the affiliation,
    which the affiliation's page offers.
    """
    delete_record(affiliation, by=by, version=version)


writes.register(Person, create=person_create, update=person_update, delete=person_delete)
writes.register(
    Affiliation,
    create=affiliation_create,
    update=affiliation_update,
    delete=affiliation_delete,
)

permissions.scoped(
    Person,
    organization="affiliations__organization",
    center="appointments__center",
    own="user",
    contacts=("email", "phone"),
)
permissions.scoped(
    Affiliation,
    organization="organization",
    center="person__appointments__center",
    own="person__user",
)
