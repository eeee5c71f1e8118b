"""Writes to organizations: creation and edits, validated and recorded with their author."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from liaison.core.lifecycle import (
    refuse_unmanaged_fields,
    require_version,
    save_changes,
)

from .models import Organization

if TYPE_CHECKING:
    from liaison.accounts.models import User


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
    return save_changes(organization, by=by, **fields)
