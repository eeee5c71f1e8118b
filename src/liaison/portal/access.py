"""Who the portal is for: the people an organization's enterprise role was given to."""

from __future__ import annotations

from typing import Any

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import RoleAssignment
from liaison.organizations.models import Organization


def _assignments(user: Any) -> list[tuple[str, int | None]]:
    """(role kind, organization id) of each of `user`'s roles, read once per user object."""
    if user is None or not user.is_authenticated:
        return []
    cached: list[tuple[str, int | None]] | None = getattr(user, "_liaison_portal_roles", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user_id=user.pk).values_list(
                "role__kind", "organization_id"
            )
        )
        user._liaison_portal_roles = cached
    return cached


def portal_organization_ids(user: Any) -> list[int]:
    """The organizations whose enterprise user `user` is."""
    return sorted(
        {org for kind, org in _assignments(user) if kind == RoleKind.ENTERPRISE and org is not None}
    )


def portal_organizations(user: Any) -> list[Organization]:
    ids = portal_organization_ids(user)
    return list(Organization.objects.filter(pk__in=ids).order_by("name_zh")) if ids else []


def portal_is_home(user: Any) -> bool:
    """Whether `user`'s home is the portal rather than the office's dashboard: an
    organization's contact with no role in the office's work."""
    if user is None or not user.is_authenticated or getattr(user, "is_superuser", False):
        return False
    kinds = {kind for kind, _org in _assignments(user)}
    return bool(portal_organization_ids(user)) and kinds == {RoleKind.ENTERPRISE}
