"""API tokens: made, revoked, checked and used.

A person makes tokens for themselves; an administrator (whose roles change users' accounts)
makes them for another account too, a service account say. A token's key is shown once and
only its hash is kept. Making and revoking a token are in the audit log, and so is every
request a token makes.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.accounts import audit
from liaison.accounts.choices import AuditKind
from liaison.accounts.models import User
from liaison.core.lifecycle import FieldErrors
from liaison.core.permissions import user_may

from .models import PREFIX_LENGTH, ApiToken, TokenScope

KEY_PREFIX = "lia_"
DEFAULT_DAYS = 90
# last_used_at moves at most this often: one UPDATE a minute per token, not one a request.
USE_RESOLUTION = datetime.timedelta(minutes=1)
MODEL_LABEL = "api.apitoken"


def max_days() -> int:
    return int(getattr(settings, "LIAISON_API_TOKEN_MAX_DAYS", 365))


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def is_administrator(user: Any) -> bool:
    """Whether `user` administers accounts: a superuser, or roles that change users (the
    Administrator role); they make and revoke tokens of any account."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user_may(user, "change", User)
    )


def _expiry(
    errors: FieldErrors, days: int | None, expires_on: datetime.date | None
) -> datetime.datetime | None:
    now = timezone.now()
    longest = max_days()
    if expires_on is not None:
        today = timezone.localdate(now)
        if expires_on <= today:
            errors.add("expires_on", _("A token expires after today."), code="expiry_past")
            return None
        if expires_on > today + datetime.timedelta(days=longest):
            errors.add(
                "expires_on",
                _("A token is valid for %(max)s days at most.") % {"max": longest},
                code="expiry_too_far",
            )
            return None
        # Valid through the day named: it ends at that day's midnight, local time.
        midnight = datetime.datetime.combine(
            expires_on + datetime.timedelta(days=1), datetime.time.min
        )
        return timezone.make_aware(midnight)
    if days is None:
        days = DEFAULT_DAYS
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= longest:
        errors.add(
            "days",
            _("A token is valid for 1 to %(max)s days.") % {"max": longest},
            code="days_range",
        )
        return None
    return now + datetime.timedelta(days=days)


def _event(token: ApiToken, *, by: User | None, action: str, request: Any = None) -> None:
    summary: dict[str, Any] = {"action": action}
    if action == "+":
        summary["fields"] = [
            ["user", token.user.get_username()],
            ["scope", token.scope],
            ["expires_at", timezone.localtime(token.expires_at).isoformat(timespec="minutes")],
        ]
    audit.record(
        AuditKind.TOKEN,
        user=by,
        request=request,
        model=MODEL_LABEL,
        object_id=token.pk,
        object_repr=str(token),
        summary=json.dumps(summary, ensure_ascii=False, separators=(",", ":")),
    )


def token_check(
    *,
    user: User,
    by: User,
    name: str,
    scope: str = TokenScope.READ,
    days: int | None = None,
    expires_on: datetime.date | None = None,
) -> datetime.datetime:
    """Whether `by` may make this token (PermissionDenied, ValidationError if not); its expiry."""
    if user.pk != getattr(by, "pk", None) and not is_administrator(by):
        raise PermissionDenied(_("Only an administrator makes a token for another account."))
    errors = FieldErrors()
    if not user.is_active:
        errors.add("user", _("An inactive account gets no token."), code="inactive_user")
    name = (name or "").strip()
    if not name:
        errors.add("name", _("Name what the token is for."), code="name_required")
    elif len(name) > 100:
        errors.add("name", _("A token's name has 100 characters at most."), code="name_too_long")
    if scope not in TokenScope.values:
        errors.add("scope", _("Choose read only, or read and write."), code="unknown_scope")
    expires_at = _expiry(errors, days, expires_on)
    errors.raise_any()
    assert expires_at is not None
    return expires_at


@transaction.atomic
def token_create(
    *,
    user: User,
    by: User,
    name: str,
    scope: str = TokenScope.READ,
    days: int | None = None,
    expires_on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> tuple[ApiToken, str]:
    """Make a token for `user`; the token and its key, which is shown once and never kept."""
    expires_at = token_check(
        user=user, by=by, name=name, scope=scope, days=days, expires_on=expires_on
    )
    key = new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=key[:PREFIX_LENGTH],
        key_hash=key_hash(key),
        scope=scope,
        created_by=by,
        expires_at=expires_at,
    )
    _event(token, by=by, action="+", request=request)
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User, request: HttpRequest | None = None) -> ApiToken:
    """End a token now, for its owner or an administrator; every request with it is refused."""
    if token.user_id != getattr(by, "pk", None) and not is_administrator(by):
        raise PermissionDenied(_("Only the token's owner or an administrator revokes it."))
    # Read again under a lock: two revocations at once revoke once.
    current = ApiToken.objects.select_for_update().get(pk=token.pk)
    if current.revoked_at is not None:
        raise ValidationError(
            _("This token was revoked already, on %(when)s.")
            % {"when": timezone.localtime(current.revoked_at).strftime("%Y-%m-%d %H:%M")},
            code="already_revoked",
        )
    token.revoked_at = timezone.now()
    token.revoked_by = by
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=token.revoked_at, revoked_by=by)
    _event(token, by=by, action="revoked", request=request)
    return token


def token_for_key(raw: str) -> ApiToken | None:
    """The token whose key is `raw`, whatever its state, with its user (one query)."""
    if not raw or not raw.startswith(KEY_PREFIX) or len(raw) > 200:
        return None
    digest = key_hash(raw)
    # The lookup is by a hash of the key: how long it takes says nothing about the key.
    token = ApiToken.objects.select_related("user").filter(key_hash=digest).first()
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        return None
    return token


def authenticate_key(raw: str) -> ApiToken | None:
    """The token of `raw` if it may be used now: known, not expired, not revoked, and its
    account active; else None."""
    token = token_for_key(raw)
    if token is None or not token.is_active or not token.user.is_active:
        return None
    return token


def record_use(request: Any, response: Any) -> None:
    """After an answer to a token's request: one audit event (who, which token, what, the
    status, from where), and the token's last use moved, at most once a minute. At most two
    queries; nothing for a request that was not a token's."""
    token = getattr(request, "auth", None)
    if not isinstance(token, ApiToken):
        return
    django_request = getattr(request, "_request", request)
    if getattr(django_request, "_liaison_token_use_recorded", False):
        return
    django_request._liaison_token_use_recorded = True
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= USE_RESOLUTION:
        # Conditional, so that concurrent requests of a token write once between them.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - USE_RESOLUTION)
        ).update(last_used_at=now)
        token.last_used_at = now
    status = getattr(response, "status_code", "")
    audit.record(
        AuditKind.API,
        user=token.user,
        request=django_request,
        model=MODEL_LABEL,
        object_id=token.pk,
        object_repr=str(token),
        summary=f"{django_request.method} {django_request.get_full_path()[:500]} {status}",
        at=now,
    )
