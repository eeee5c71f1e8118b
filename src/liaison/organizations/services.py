"""Writes to organizations: creation and edits, validated and recorded with their author."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core.lifecycle import (
    FieldErrors,
    refuse_unmanaged_fields,
    require_version,
    validate,
)
from liaison.core.models import history_user_for

from .models import Organization

if TYPE_CHECKING:
    from liaison.accounts.models import User


def _check_parent(organization: Organization, errors: FieldErrors) -> None:
    # A parent chain that comes back to the organization would make "affiliated to" endless.
    seen: set[int] = set()
    parent = organization.parent
    while parent is not None:
        if parent.pk is not None and parent.pk == organization.pk:
            errors.add(
                "parent",
                _("An organization cannot be its own parent, directly or through others."),
                code="parent_cycle",
            )
            return
        if parent.pk in seen:
            return
        seen.add(parent.pk)
        parent = parent.parent


@transaction.atomic
def organization_create(*, by: User | None, **fields: Any) -> Organization:
    """Record a new organization, its credit code checked and unique."""
    refuse_unmanaged_fields(Organization, fields)
    organization = Organization(**fields)
    validate(organization)
    history_user_for(organization, by)
    organization.save()
    return organization


@transaction.atomic
def organization_update(
    *, organization: Organization, by: User | None, version: int | None = None, **fields: Any
) -> Organization:
    """Change an organization's fields; refused if someone else saved it since `version`."""
    refuse_unmanaged_fields(Organization, fields)
    require_version(organization, version)
    for name, value in fields.items():
        setattr(organization, name, value)
    errors = FieldErrors()
    _check_parent(organization, errors)
    validate(organization, errors)
    history_user_for(organization, by)
    organization.save()
    return organization
