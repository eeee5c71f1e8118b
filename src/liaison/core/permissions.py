"""The one place that decides which records a user may see or change.

Every page, API view and related panel narrows its queryset with `.restrict(user, action)`,
so that roles can later be added here and nowhere else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Self

from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

Action = Literal["view", "add", "change", "delete"]


def user_may(user: AbstractBaseUser | AnonymousUser | None, action: Action, model: Any) -> bool:
    """Whether `user` may perform `action` on records of `model` at all."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    # For now the office's staff see and change everything; roles come later, here.
    return bool(getattr(user, "is_staff", False))


class RestrictedQuerySet(models.QuerySet[Any]):
    def restrict(
        self, user: AbstractBaseUser | AnonymousUser | None, action: Action = "view"
    ) -> Self:
        """The records of this queryset that `user` may perform `action` on."""
        if user_may(user, action, self.model):
            return self
        return self.none()
