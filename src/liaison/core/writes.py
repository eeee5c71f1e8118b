"""The one write path: every change to a record, from any face, goes through its service.

Each app registers, for every model a person changes, its `create`, `update` and `delete`
services (in its `services.py`, imported when the app is ready):

    writes.register(
        Agreement, create=agreement_create, update=agreement_update, delete=agreement_delete
    )

The generic pages (`core.views.generic`), the admin (`core.admin.TrackedAdmin`) and the
command line find them here with `create`, `update` and `delete`, so no face saves a domain
model itself and a rule written in a service holds on every face. The services are
keyword-only and atomic, take the author as `by`, refuse a stale `version` and raise
translatable field errors; `create_record`, `update_record` and `delete_record` are what most
of them are built on. Deleting is a rule too: a record with a legal life is ended through its
lifecycle, and its delete service says so.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from . import permissions
from .display import join_items
from .lifecycle import FieldErrors, refuse_unmanaged_fields, require_version, save_changes
from .models import TrackedModel, history_user_for

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django_stubs_ext import StrOrPromise

M = TypeVar("M", bound=models.Model)


@dataclasses.dataclass(frozen=True)
class Writes:
    """The write services of one model. `target` is the keyword naming the record in
    `update` and `delete` (the model's name: `agreement=…`)."""

    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    target: str
    # Whether `create` and `update` are atomic themselves (`@transaction.atomic`).
    atomic: bool = False


_REGISTRY: dict[type[models.Model], Writes] = {}


def register(
    model: type[models.Model],
    *,
    create: Callable[..., Any],
    update: Callable[..., Any],
    delete: Callable[..., Any],
    target: str | None = None,
) -> None:
    """Name the services that create, update and delete records of `model`."""
    _REGISTRY[model] = Writes(
        create=create,
        update=update,
        delete=delete,
        target=target or model._meta.model_name or "",
        atomic=_is_atomic(create) and _is_atomic(update),
    )


def _is_atomic(service: Callable[..., Any]) -> bool:
    """Whether `service` is decorated with `transaction.atomic` (whose wrapper holds the
    `Atomic` it enters on each call). Not found: taken as not atomic, the safe answer."""
    cells = getattr(service, "__closure__", None) or ()
    return any(isinstance(cell.cell_contents, transaction.Atomic) for cell in cells)


def writes_for(model: type[models.Model]) -> Writes:
    try:
        return _REGISTRY[model]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model._meta.label} has no write services: register them in its app's services.py"
        ) from None


def registered() -> dict[type[models.Model], Writes]:
    """Every model with write services, and them."""
    return dict(_REGISTRY)


# Each face's write is checked against the author's permissions (`core.permissions`): before
# it, that the author may change or delete the record; after it, inside the transaction, that
# the record written is still one the author may add or change (an enterprise user cannot
# file a need for another organization, a center manager cannot move an agreement out of
# their centers). A refused write raises `PermissionDenied` and leaves nothing written.
# `by=None` is the system itself (the demo, a command).


def create(model: type[M], *, by: Any, **fields: Any) -> M:
    """A new record of `model` with `fields`, made by its create service."""
    if by is not None and not permissions.user_may(by, "add", model):
        raise PermissionDenied
    services = writes_for(model)
    with _checked_after(services, by, "add", model):
        record: M = services.create(by=by, **fields)
        permissions.refuse_unless(by, "add", record)
    return record


def update(record: M, *, by: Any, version: int | None, **fields: Any) -> M:
    """`record` changed to `fields` by its update service, refused if `version` is stale."""
    services = writes_for(type(record))
    with _checked_after(services, by, "change", type(record)):
        permissions.refuse_unless(by, "change", record)
        _refuse_withheld(record, by, fields)
        saved: M = services.update(**{services.target: record}, by=by, version=version, **fields)
        permissions.refuse_unless(by, "change", saved)
    return saved


def _checked_after(
    services: Writes, by: Any, action: permissions.Action, model: type[models.Model]
) -> contextlib.AbstractContextManager[Any]:
    """The transaction a write runs in, so that a refusal after it undoes it.

    When nothing written can be refused after the write (the system itself, or an author
    allowed every record of the model) and the service is atomic, the service's own
    transaction is all there is to undo: one savepoint, not two, which an import of
    thousands of rows inside one transaction feels (each savepoint is two round trips).
    """
    if services.atomic and (by is None or permissions.compile_filter(by, action, model) is None):
        return contextlib.nullcontext()
    return transaction.atomic()


def _refuse_withheld(record: models.Model, by: Any, fields: dict[str, Any]) -> None:
    """A value the author may not see they may not change, nor what classifies it (the pages'
    and the admin's forms leave such fields out; a program may send them)."""
    if by is None:
        return
    withheld = permissions.withheld(by, record) & set(fields)
    if withheld:
        message = _("You are not cleared to see this value, so you may not change it.")
        raise ValidationError(
            {name: ValidationError(message, code="withheld") for name in sorted(withheld)}
        )


def delete(record: models.Model, *, by: Any, version: int | None = None) -> None:
    """`record` deleted by its delete service, which may refuse."""
    services = writes_for(type(record))
    permissions.refuse_unless(by, "delete", record)
    services.delete(**{services.target: record}, by=by, version=version)


# What most services are built on ------------------------------------------------------------


def create_record(
    model: type[M],
    *,
    by: AbstractBaseUser | None,
    errors: FieldErrors | None = None,
    **fields: Any,
) -> M:
    """Validate and save a new `model` with `fields` (only fields a person may set)."""
    refuse_unmanaged_fields(model, fields)
    many = _split_many_to_many(model, fields)
    record = save_changes(model(), by=by, errors=errors, **fields)
    _set_many_to_many(record, many)
    return record


def update_record(
    record: M,
    *,
    by: AbstractBaseUser | None,
    version: int | None,
    errors: FieldErrors | None = None,
    **fields: Any,
) -> M:
    """Validate and save `fields` on `record`, refused if `version` is not the stored one."""
    refuse_unmanaged_fields(type(record), fields)
    if isinstance(record, TrackedModel):
        require_version(record, version)
    many = _split_many_to_many(type(record), fields)
    saved = save_changes(record, by=by, errors=errors, **fields)
    _set_many_to_many(saved, many)
    return saved


def delete_record(
    record: models.Model,
    *,
    by: AbstractBaseUser | None,
    version: int | None = None,
    refusal: StrOrPromise | None = None,
) -> None:
    """Delete `record` (its history keeps a row saying who deleted it), unless `refusal` says why not.

    A record others still refer to is refused too, naming a few of them.
    """
    if refusal:
        raise ValidationError(refusal, code="not_deletable")
    if isinstance(record, TrackedModel):
        require_version(record, version)
    name = str(record)
    history_user_for(record, by)
    try:
        with transaction.atomic():
            record.delete()
    except ProtectedError as error:
        raise ValidationError(
            _still_referred(name, list(error.protected_objects)[:5]), code="protected"
        ) from error


def referred_to_by(record: models.Model) -> str | None:
    """Why `record` should not be deleted while records that would lose it refer to it, if any do.

    PROTECT refuses by itself (`delete_record`); a SET_NULL relation would quietly empty the
    reference instead (a service record that loses its agreement, a center its founding
    ceremony). A delete service passes this as its `refusal` where such a loss matters.
    """
    found: list[models.Model] = []
    for relation in record._meta.related_objects:
        if getattr(relation, "on_delete", None) is not models.SET_NULL:
            continue
        model = cast(type[models.Model], relation.related_model)
        found.extend(model._base_manager.filter(**{relation.field.name: record})[: 5 - len(found)])
        if len(found) >= 5:
            break
    return _still_referred(str(record), found) if found else None


def _still_referred(name: str, records: list[models.Model]) -> str:
    return _("“%(object)s” cannot be deleted while other records refer to it: %(records)s.") % {
        "object": name,
        "records": join_items(str(o) for o in records),
    }


def _split_many_to_many(model: type[models.Model], fields: dict[str, Any]) -> dict[str, Any]:
    """Take out of `fields` the many-to-many ones: they are set once the record is saved."""
    many = {f.name for f in model._meta.many_to_many}
    return {name: fields.pop(name) for name in list(fields) if name in many}


def _set_many_to_many(record: models.Model, values: dict[str, Any]) -> None:
    for name, value in values.items():
        getattr(record, name).set(value)
