"""Who may call the API at all: a signed-in, active user. A read-only token reads only.

What a caller may see and change is then decided per record by the user's roles
(`core.permissions`), by the endpoints, as on the pages.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from .models import ApiToken, TokenScope


class SignedIn(BasePermission):
    """The caller is signed in (a token or a session) and active; a read-only token is
    refused unsafe methods."""

    message: Any = _("Sign in, or send a token, to use the API.")
    code: str | None = "not_authenticated"

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            # No authenticated user: DRF answers 401 (not_authenticated) itself.
            return False
        token = request.auth
        if (
            isinstance(token, ApiToken)
            and token.scope != TokenScope.WRITE
            and request.method not in SAFE_METHODS
        ):
            self.message = _("This token is read-only.")
            self.code = "read_only_token"
            return False
        return True
