"""Writes to organizations: creation and edits, validated and recorded with their author."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core.lifecycle import (
    FieldErrors,
    refuse_unmanaged_fields,
    require_version,
    save_changes,
)

from .models import Organization

if TYPE_CHECKING:
    from liaison.accounts.models import User


def _check_parent(
    organization: Organization, parent: Organization | None, errors: FieldErrors
) -> None:
    # A parent chain that comes back to the organization would make "affiliated to" endless.
    seen: set[int] = set()
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
    return save_changes(Organization(**fields), by=by)


@transaction.atomic
def organization_update(
    *, organization: Organization, by: User | None, version: int | None = None, **fields: Any
) -> Organization:
    """Change an organization's fields; refused if someone else saved it since `version`."""
    refuse_unmanaged_fields(Organization, fields)
    require_version(organization, version)
    errors = FieldErrors()
    if "parent" in fields:
        _check_parent(organization, fields["parent"], errors)
    return save_changes(organization, by=by, errors=errors, **fields)
