"""The audit log: every change, permission change, sign-in, failed sign-in and lockout, with
who, when and from where.

Receivers of the signals Django, django-simple-history and django-axes send write one
`AuditEvent` per event: one INSERT, in a savepoint; a change also reads the version before
it, to say what changed. Nothing is written or read on a page view. `AccountsConfig.ready` imports this
module, which connects them:

- every saved version of a tracked record (`post_create_historical_record`): created,
  changed or deleted, by the history's author, with the fields that changed and their new
  values; a confidential value or a person's contact data is named, never copied. Changes
  to roles, their rules and their assignments are permission events;
- an account opened or deleted, its staff, superuser and active flags, its groups and
  permissions, and the centers of a role assignment (none of which the history keeps):
  permission events;
- sign-in, sign-out, failed sign-in (the name as typed, never the password) and axes'
  lockout.

An event is written in the transaction of the write it records: a write rolled back leaves
no event, which is what the log should say, since nothing happened. Writing an event never
breaks that write: it runs in a savepoint, and a failure is logged and forgotten. The
demo's bulk loader writes without signals and is not audited.

`summary` holds what changed as JSON (`describe` reads it in the reader's language, as
Django's admin log does its change messages): `{"action": "+"|"~"|"-", "fields": [[name,
value], ...], "hidden": [name, ...], "added": {name: [items]}, "removed": {name: [items]},
"failures": n}`. A summary that is not such JSON (written by `record` with a text) is shown
as it is.
"""

from __future__ import annotations

import datetime
import decimal
import ipaddress
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record

from liaison.core import permissions
from liaison.core.display import display_value, join_items
from liaison.core.history import UNTOLD_FIELDS

from .choices import AuditKind
from .models import AuditEvent, Role, RoleAssignment, Rule

logger = logging.getLogger(__name__)

# Changes to these are changes of who may do what.
PERMISSION_MODELS: tuple[type[models.Model], ...] = (Role, Rule, RoleAssignment)
# The flags of a user that open or close the doors.
USER_FLAGS = ("is_active", "is_staff", "is_superuser")
_USER_DEFAULTS = {"is_active": True, "is_staff": False, "is_superuser": False}
# Values kept out of the log whatever the model declares: secrets and their hashes.
SECRET_WORDS = ("password", "token", "secret")
VALUE_LENGTH = 80
MAX_ITEMS = 30

_ACTIONS = {"+": AuditKind.CREATED, "~": AuditKind.CHANGED, "-": AuditKind.DELETED}


# Writing one event --------------------------------------------------------------------------


def record(
    kind: str,
    *,
    user: Any = None,
    username: str = "",
    request: HttpRequest | None = None,
    model: str = "",
    object_id: Any = "",
    object_repr: str = "",
    summary: str = "",
    at: datetime.datetime | None = None,
) -> AuditEvent | None:
    """Write one audit event; never raises (a failure is logged and the caller goes on)."""
    return _guarded(
        lambda: _insert(
            kind,
            user=user,
            username=username,
            request=request,
            model=model,
            object_id=object_id,
            object_repr=object_repr,
            summary=summary,
            at=at,
        )
    )


def _guarded(write: Callable[[], AuditEvent | None]) -> AuditEvent | None:
    # A savepoint: a failed INSERT (or a read the audit makes) must not abort the
    # transaction of the write being recorded, which PostgreSQL would then refuse to finish.
    try:
        with transaction.atomic():
            return write()
    except Exception:
        logger.exception("The audit log could not record an event.")
        return None


def _insert(
    kind: str,
    *,
    user: Any = None,
    username: str = "",
    request: HttpRequest | None = None,
    model: str = "",
    object_id: Any = "",
    object_repr: str = "",
    summary: str = "",
    at: datetime.datetime | None = None,
) -> AuditEvent:
    if user is not None and not (getattr(user, "is_authenticated", False) and user.pk):
        user = None
    if user is not None and not username:
        username = user.get_username()
    ip_address, user_agent = _client(request)
    return AuditEvent.objects.create(
        at=at or timezone.now(),
        kind=kind,
        user=user,
        username=str(username or "")[:150],
        ip_address=ip_address,
        user_agent=user_agent[:300],
        model=model[:100],
        object_id=str(object_id if object_id is not None else "")[:64],
        object_repr=str(object_repr or "")[:300],
        summary=summary,
    )


def _client(request: HttpRequest | None) -> tuple[str | None, str]:
    """The client's address (as axes computes it, proxies considered) and its browser."""
    if request is None:
        return None, ""
    address = getattr(request, "axes_ip_address", None)
    if address is None:
        address = _client_ip(request)
    try:
        address = str(ipaddress.ip_address(str(address))) if address else None
    except ValueError:
        address = None
    meta = getattr(request, "META", {}) or {}
    return address, str(meta.get("HTTP_USER_AGENT", ""))


def _client_ip(request: HttpRequest) -> str | None:
    # Where axes has not looked at the request (any other than a sign-in), the same callable
    # it uses: the connection's address, or the client's as the trusted proxies saw it.
    find = getattr(settings, "AXES_CLIENT_IP_CALLABLE", None)
    if isinstance(find, str):
        find = import_string(find)
    if callable(find):
        return cast("str | None", find(request))
    return cast("str | None", request.META.get("REMOTE_ADDR"))


def _current_request() -> HttpRequest | None:
    """The request being answered, if any (simple-history's middleware holds it)."""
    return getattr(HistoricalRecords.context, "request", None)


def _acting_user(request: HttpRequest | None, instance: Any = None) -> Any:
    """Who made a change the history does not keep: the author a service named for the
    record (`core.models.history_user_for`), else the request's user."""
    author = getattr(instance, "_history_user", None)
    if author is not None:
        return author
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def _json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, ensure_ascii=False, separators=(",", ":")) if summary else ""


# What changed -------------------------------------------------------------------------------


def _secret_fields(model: type[models.Model]) -> set[str]:
    """The fields whose values the log names but never copies."""
    scoping = permissions.scoping_of(model)
    declared = set(scoping.hidden) | set(scoping.contacts) if scoping else set()
    named = {f.name for f in model._meta.concrete_fields if any(w in f.name for w in SECRET_WORDS)}
    return declared | named


def _value(instance: models.Model, field: models.Field[Any, Any]) -> Any:
    """`field` of `instance` as the log keeps it: short, JSON-able, and read without a query."""
    if isinstance(field, models.ForeignKey):
        if field.is_cached(instance):
            related = field.get_cached_value(instance)
            return "" if related is None else _short(str(related))
        pk = getattr(instance, field.attname)
        return "" if pk is None else f"#{pk}"
    value = getattr(instance, field.attname)
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, datetime.date | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_short(str(item)) for item in value[:MAX_ITEMS]]
    if isinstance(value, dict):
        return _short(json.dumps(value, ensure_ascii=False))
    return _short(str(value))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= VALUE_LENGTH else text[: VALUE_LENGTH - 1] + "…"


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _change_summary(
    instance: models.Model, fields: Iterable[models.Field[Any, Any]], action: str
) -> dict[str, Any]:
    secret = _secret_fields(type(instance))
    shown: list[list[Any]] = []
    hidden: list[str] = []
    for field in fields:
        if field.name in secret:
            hidden.append(field.name)
        elif len(shown) < MAX_ITEMS:
            shown.append([field.name, _value(instance, field)])
    summary: dict[str, Any] = {"action": action}
    if shown:
        summary["fields"] = shown
    if hidden:
        summary["hidden"] = hidden
    return summary


def _told_fields(history_instance: Any) -> list[models.Field[Any, Any]]:
    """The fields the history keeps that say something to a reader (not the bookkeeping)."""
    return [
        f
        for f in history_instance.tracked_fields
        if f.name not in UNTOLD_FIELDS and not f.primary_key
    ]


def _changed_fields(history_instance: Any) -> list[models.Field[Any, Any]]:
    """The fields a saved version holds otherwise than the version before it (one query)."""
    history = type(history_instance)._default_manager
    pk_name = history_instance.instance_type._meta.pk.attname
    before = (
        history.filter(
            **{pk_name: getattr(history_instance, pk_name)},
            history_id__lt=history_instance.history_id,
        )
        .order_by("-history_id")
        .first()
    )
    tracked = _told_fields(history_instance)
    if before is None:
        return tracked
    return [
        f for f in tracked if getattr(before, f.attname) != getattr(history_instance, f.attname)
    ]


def _history_saved(
    sender: Any, *, instance: models.Model, history_instance: Any, **kwargs: Any
) -> None:
    action = history_instance.history_type
    if action not in _ACTIONS:
        return

    def write() -> AuditEvent:
        model = type(instance)
        if action == "+":
            fields = [
                f
                for f in _told_fields(history_instance)
                if not _empty(getattr(instance, f.attname, None))
            ]
            summary = _change_summary(instance, fields, action)
        elif action == "~":
            summary = _change_summary(instance, _changed_fields(history_instance), action)
        else:
            summary = {"action": action}
        permission = issubclass(model, PERMISSION_MODELS)
        return _insert(
            AuditKind.PERMISSION if permission else _ACTIONS[action],
            user=kwargs.get("history_user"),
            request=_current_request(),
            model=model._meta.label_lower,
            object_id=instance.pk,
            object_repr=_repr(instance),
            summary=_json(summary),
            at=kwargs.get("history_date"),
        )

    _guarded(write)


def _repr(instance: models.Model) -> str:
    try:
        return str(instance)
    except Exception:  # a name that needs a record already gone
        return ""


# Who may do what, beyond the history ---------------------------------------------------------


def _user_before(sender: Any, *, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """Read a user's flags as stored before a save that may change them (one query)."""
    update_fields = kwargs.get("update_fields")
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(USER_FLAGS):
        # A sign-in's last_login, a rehashed password: nothing that opens a door.
        return

    def remember() -> None:
        instance._audit_flags = (
            type(instance)._base_manager.filter(pk=instance.pk).values(*USER_FLAGS).first()
        )

    _guarded(remember)


def _user_saved(
    sender: Any, *, instance: Any, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """An account opened (with the flags it was given) or its flags changed."""
    if raw:
        return
    before = _USER_DEFAULTS if created else instance.__dict__.pop("_audit_flags", None)
    if before is None:
        return
    changed = [f for f in USER_FLAGS if before.get(f) != getattr(instance, f)]
    if not created and not changed:
        return
    summary: dict[str, Any] = {"action": "+" if created else "~"}
    if changed:
        summary["fields"] = [[name, getattr(instance, name)] for name in changed]
    _user_event(instance, summary)


def _user_deleted(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """An account closed for good."""
    _user_event(instance, {"action": "-"})


def _user_event(user: Any, summary: dict[str, Any]) -> None:
    request = _current_request()
    actor = _acting_user(request, user)
    username = ""
    if actor is not None and actor.pk == user.pk and summary.get("action") == "-":
        # Deleting one's own account: the event cannot point at an account gone at commit.
        actor, username = None, user.get_username()
    record(
        AuditKind.PERMISSION,
        user=actor,
        username=username,
        request=request,
        model=user._meta.label_lower,
        object_id=user.pk,
        object_repr=user.get_username(),
        summary=_json(summary),
    )


def _m2m_field_name(instance: models.Model, through: Any) -> str:
    for field in instance._meta.get_fields():
        if field.many_to_many and getattr(field.remote_field, "through", None) is through:
            return field.name
        if getattr(field, "through", None) is through:  # the other side of the relation
            return str(field.get_accessor_name())  # type: ignore[union-attr]
    return ""


def _m2m_changed(
    sender: Any,
    *,
    instance: models.Model,
    action: str,
    model: type[models.Model],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    if action == "pre_clear":
        # What a clear removes is known only before it: kept for post_clear.
        def remember() -> None:
            field = _m2m_field_name(instance, sender)
            related = getattr(instance, field, None) if field else None
            instance._audit_cleared = (  # type: ignore[attr-defined]
                list(related.values_list("pk", flat=True)) if related is not None else []
            )

        _guarded(remember)
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if action == "post_clear":
        pk_set = set(instance.__dict__.pop("_audit_cleared", []))
    if not pk_set:
        return
    ids = set(pk_set)

    def write() -> AuditEvent:
        field = _m2m_field_name(instance, sender)
        names = sorted(_short(str(r)) for r in model._base_manager.filter(pk__in=ids)[:MAX_ITEMS])
        key = "added" if action == "post_add" else "removed"
        request = _current_request()
        return _insert(
            AuditKind.PERMISSION,
            user=_acting_user(request, instance),
            request=request,
            model=instance._meta.label_lower,
            object_id=instance.pk,
            object_repr=_repr(instance),
            summary=_json({key: {field: names}}),
        )

    _guarded(write)


# Signing in and out ----------------------------------------------------------------------------


def _signed_in(
    sender: Any, *, request: HttpRequest | None = None, user: Any, **kwargs: Any
) -> None:
    record(AuditKind.LOGIN, user=user, request=request)


def _signed_out(
    sender: Any, *, request: HttpRequest | None = None, user: Any = None, **kwargs: Any
) -> None:
    if user is not None:
        record(AuditKind.LOGOUT, user=user, request=request)


def _sign_in_failed(
    sender: Any, *, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The name as typed; the password (which Django has already blanked) is never read.
    field = get_user_model().USERNAME_FIELD
    username = credentials.get(field) or credentials.get("username") or ""
    record(AuditKind.LOGIN_FAILED, username=str(username), request=request)


def _locked_out(
    sender: Any, *, request: HttpRequest | None = None, username: str | None = None, **kwargs: Any
) -> None:
    failures = getattr(request, "axes_failures_since_start", None)
    summary = {"failures": failures} if isinstance(failures, int) else {}
    record(
        AuditKind.LOCKED_OUT, username=str(username or ""), request=request, summary=_json(summary)
    )


def connect() -> None:
    """Connect the receivers (`AccountsConfig.ready`); connecting twice connects once."""
    user_model = get_user_model()
    uid = "liaison.accounts.audit"
    post_create_historical_record.connect(_history_saved, dispatch_uid=f"{uid}.history")
    pre_save.connect(_user_before, sender=user_model, dispatch_uid=f"{uid}.user_before")
    post_save.connect(_user_saved, sender=user_model, dispatch_uid=f"{uid}.user_saved")
    post_delete.connect(_user_deleted, sender=user_model, dispatch_uid=f"{uid}.user_deleted")
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        RoleAssignment.centers.through,
    ):
        m2m_changed.connect(
            _m2m_changed, sender=through, dispatch_uid=f"{uid}.{through._meta.label}"
        )
    user_logged_in.connect(_signed_in, dispatch_uid=f"{uid}.login")
    user_logged_out.connect(_signed_out, dispatch_uid=f"{uid}.logout")
    user_login_failed.connect(_sign_in_failed, dispatch_uid=f"{uid}.login_failed")
    if apps.is_installed("axes"):
        # Imported only then: axes' signals module loads its models.
        from axes.signals import user_locked_out  # type: ignore[import-untyped]

        user_locked_out.connect(_locked_out, dispatch_uid=f"{uid}.locked_out")


# Reading an event -------------------------------------------------------------------------------


def _label(model: type[models.Model] | None, name: str) -> str:
    if model is None:
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(capfirst(getattr(field, "verbose_name", None) or name))


def _shown(model: type[models.Model] | None, name: str, value: Any) -> str:
    field = None
    if model is not None:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
    shown = display_value(field, value) if field is not None else value
    if isinstance(shown, list | tuple):
        shown = join_items(shown)
    return "—" if shown == "" or shown is None else str(shown)


def record_model(label: str) -> type[models.Model] | None:
    """The model an event's record type names, if it is still installed."""
    if not label:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


# What happened to an API token (liaison.api.tokens writes these events).
_TOKEN_ACTIONS: dict[str, Callable[[], str]] = {
    "+": lambda: _("Token made"),
    "revoked": lambda: _("Token revoked"),
}


def describe(event: AuditEvent) -> str:
    """What an event says changed, in the reader's language."""
    try:
        summary = json.loads(event.summary) if event.summary.startswith("{") else None
    except ValueError:
        summary = None
    if not isinstance(summary, dict):
        return event.summary
    model = record_model(event.model)
    parts: list[str] = []
    action = summary.get("action")
    if event.kind == AuditKind.PERMISSION and action in _ACTIONS:
        # The kind says "permission"; the words say what happened to it.
        parts.append(str(_ACTIONS[action].label))
    elif event.kind == AuditKind.TOKEN and action in _TOKEN_ACTIONS:
        parts.append(_TOKEN_ACTIONS[action]())
    for name, value in summary.get("fields", []):
        parts.append(
            _("%(field)s: %(value)s")
            % {"field": _label(model, name), "value": _shown(model, name, value)}
        )
    for name in summary.get("hidden", []):
        parts.append(_("%(field)s (value not kept)") % {"field": _label(model, name)})
    for name, items in summary.get("added", {}).items():
        parts.append(
            _("%(field)s: added %(items)s")
            % {"field": _label(model, name), "items": join_items(items)}
        )
    for name, items in summary.get("removed", {}).items():
        parts.append(
            _("%(field)s: removed %(items)s")
            % {"field": _label(model, name), "items": join_items(items)}
        )
    failures = summary.get("failures")
    if isinstance(failures, int):
        parts.append(
            ngettext("after %(count)d failed sign-in", "after %(count)d failed sign-ins", failures)
            % {"count": failures}
        )
    return pgettext("between the parts of an audit event's description", "; ").join(parts)


permissions.scoped(AuditEvent, domain=False)
connect()
