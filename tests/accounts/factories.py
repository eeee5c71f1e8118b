"""Users with roles: `UserFactory.create(role=RoleKind.STAFF)`, a center manager of some
centers, an enterprise user of an organization."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import factory

from liaison.accounts import services
from liaison.accounts.choices import RoleKind
from liaison.accounts.models import Role, User
from liaison.accounts.roles import install_default_roles
from liaison.centers.models import Center
from liaison.organizations.models import Organization

PASSWORD = "role-pass-123"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)

    @classmethod
    def create(
        cls,
        *,
        role: str | None = RoleKind.STAFF,
        organization: Organization | None = None,
        centers: Iterable[Center] = (),
        **fields: Any,
    ) -> User:
        """A user with the default role of kind `role` (office staff unless told; None: none)."""
        if not Role.objects.exists():
            # A test on a live server empties every table, the default roles too.
            install_default_roles()
        if role in {RoleKind.STAFF, RoleKind.ADMINISTRATOR, RoleKind.CENTER_MANAGER}:
            fields.setdefault("is_staff", True)
        user: User = super().create(**fields)
        if role is not None:
            services.assign(user, role, organization=organization, centers=centers)
        return user
