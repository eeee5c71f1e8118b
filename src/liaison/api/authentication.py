"""Who calls the API: a program with a token (`Authorization: Bearer <key>`, or `Token
<key>`), or the browser with its session, whose unsafe requests carry the CSRF token.

A token's request is its user's: the user's roles decide what it sees and changes, exactly
as on the pages (`core.permissions`); a read-only token is also refused every write
(`access.SignedIn`).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .models import ApiToken, TokenState
from .tokens import record_use, token_for_key

SCHEMES = ("bearer", "token")


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>`: the key's token, refused with the reason if it cannot
    be used; another scheme, or none, is left to the next authentication."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in SCHEMES:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as: Authorization: Bearer <key>."), code="malformed_token"
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(
                _("Send the token as: Authorization: Bearer <key>."), code="malformed_token"
            ) from None
        token = token_for_key(raw)
        if token is None:
            # Says no more than "not a key": whether it ever was one is not told.
            raise exceptions.AuthenticationFailed(
                _("This token is not valid."), code="invalid_token"
            )
        state = token.state
        if state == TokenState.REVOKED:
            raise exceptions.AuthenticationFailed(
                _("This token was revoked."), code="revoked_token"
            )
        if state == TokenState.EXPIRED:
            raise exceptions.AuthenticationFailed(
                _("This token has expired; make a new one."), code="expired_token"
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(
                _("The account of this token is disabled."), code="inactive_user"
            )
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Named in every 401's WWW-Authenticate; without it DRF would answer 403.
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser's session, as Django signed it in; unsafe requests need the CSRF token."""


class RecordsTokenUse:
    """A DRF view mixin: after each answer to a token's request, `tokens.record_use` (the
    audit event and the token's last use). Recording twice for one request records once."""

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        record_use(request, response)
        return response
