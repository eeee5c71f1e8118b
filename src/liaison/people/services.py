"""Writes to people and their affiliations over time."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core.lifecycle import FieldErrors, refuse_unmanaged_fields, save_changes
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


@transaction.atomic
def person_create(*, by: User | None, **fields: Any) -> Person:
    """Record a new researcher, expert or contact."""
    refuse_unmanaged_fields(Person, fields)
    return save_changes(Person(**fields), by=by)


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
        # One primary affiliation at a time: it is the one listings and matching show. A
        # refused add rolls these demotions back with the transaction.
        for other in person.affiliations.filter(is_primary=True):
            save_changes(other, by=by, is_primary=False)
    return save_changes(
        Affiliation(
            person=person,
            organization=organization,
            position=position,
            starts_on=starts_on,
            ends_on=ends_on,
            is_primary=is_primary,
        ),
        by=by,
        errors=errors,
    )


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
