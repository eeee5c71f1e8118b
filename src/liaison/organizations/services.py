"""Writes to organizations: creation, edits and deletion, validated and recorded with their author."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.core import permissions, writes
from liaison.core.writes import create_record, delete_record, update_record

from .models import Organization

if TYPE_CHECKING:
    from liaison.accounts.models import User


@transaction.atomic
def organization_create(*, by: User | None, **fields: Any) -> Organization:
    """Record a new organization, its credit code checked and unique."""
    return create_record(Organization, by=by, **fields)


@transaction.atomic
def organization_update(
    *, organization: Organization, by: User | None, version: int | None = None, **fields: Any
) -> Organization:
    """Change an organization's fields; refused if someone else saved it since `version`."""
    return update_record(organization, by=by, version=version, **fields)


@transaction.atomic
def organization_delete(
    *, organization: Organization, by: User | None, version: int | None = None
) -> None:
    """Delete an organization entered by mistake; refused while any record refers to it."""
    delete_record(
        organization,
        by=by,
        version=version,
        refusal=_("The institute itself cannot be deleted: Liaison's figures are the institute's.")
        if organization.is_institute
        else None,
    )


writes.register(
    Organization, create=organization_create, update=organization_update, delete=organization_delete
)

permissions.scoped(Organization, organization="", center="center_partnerships__center")
