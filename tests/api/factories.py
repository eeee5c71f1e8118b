"""API tokens for tests: `make_token(user)` makes one through the service and gives its key."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from liaison.accounts.models import User
from liaison.api.models import ApiToken, TokenScope
from liaison.api.tokens import token_create


def make_token(user: User, scope: str = TokenScope.WRITE, **fields: Any) -> str:
    """A token of `user`, made by themselves; its key (the one time it is known)."""
    fields.setdefault("name", "test script")
    _token, key = token_create(user=user, by=user, scope=scope, **fields)
    return key


def token_of(key: str) -> ApiToken:
    from liaison.api.tokens import key_hash

    return ApiToken.objects.get(key_hash=key_hash(key))


def expire(key: str) -> None:
    """Make the token of `key` an expired one (no service makes a token expire early)."""
    ApiToken.objects.filter(pk=token_of(key).pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )


def bearer(key: str, scheme: str = "Bearer") -> dict[str, Any]:
    """The headers of a request that sends `key`, for Django's test client."""
    return {"HTTP_AUTHORIZATION": f"{scheme} {key}"}
