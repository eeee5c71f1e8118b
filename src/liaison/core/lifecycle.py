"""What every lifecycle service shares: legal status moves, field errors, and validation."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import StaleEditError
from .models import TrackedModel, history_user_for

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django_stubs_ext import StrOrPromise

M = TypeVar("M", bound=models.Model)


def status_label(instance: models.Model, value: str, field: str = "status") -> str:
    """The translated label of `value` among the choices of `instance`'s `field`."""
    labels = dict(instance._meta.get_field(field).flatchoices)  # type: ignore[union-attr]
    return str(labels.get(value, value))


def refuse_unmanaged_fields(model: type[models.Model], fields: Iterable[str]) -> None:
    """Refuse, as a programming error, fields that only services or the database may set.

    Status, lifecycle dates and the version are not editable; a caller passing them would
    skip the rules that guard them.
    """
    for name in fields:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist as error:
            raise TypeError(f"{model.__name__} has no field {name!r}") from error
        if not getattr(field, "editable", False) or getattr(field, "auto_created", False):
            raise TypeError(
                f"{model.__name__}.{name} is set by the services or the database, not by callers"
            )


class FieldErrors:
    """Errors gathered field by field, so that a form shows every one of them at once."""

    def __init__(self) -> None:
        self._errors: dict[str, list[ValidationError]] = {}

    def add(
        self,
        field: str | None,
        message: StrOrPromise,
        *,
        code: str,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        key = field or NON_FIELD_ERRORS
        self._errors.setdefault(key, []).append(
            ValidationError(message, code=code, params=dict(params) if params else None)
        )

    def has(self, field: str) -> bool:
        return field in self._errors

    def __bool__(self) -> bool:
        return bool(self._errors)

    def merge(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for key, errors in error.error_dict.items():
                self._errors.setdefault(key, []).extend(errors)
        else:
            self._errors.setdefault(NON_FIELD_ERRORS, []).extend(error.error_list)

    def raise_any(self) -> None:
        if self._errors:
            raise ValidationError(dict(self._errors))


def validate(instance: models.Model, errors: FieldErrors | None = None) -> None:
    """Run the model's own validation and raise it together with the service's `errors`.

    Fields that already carry a service error are not validated again, so each field shows
    the most specific message once.
    """
    errors = errors or FieldErrors()
    exclude = {f.name for f in instance._meta.fields if errors.has(f.name)}
    try:
        instance.full_clean(exclude=exclude or None)
    except ValidationError as error:
        errors.merge(error)
    errors.raise_any()


@contextmanager
def restored_on_error(*instances: models.Model) -> Iterator[None]:
    """Put the fields of `instances` back as they were if the block fails.

    The transaction undoes the database side of a refused change; this undoes the side a
    caller still holds in memory, so a page re-shown after a refusal shows the stored record.
    """
    saved = [
        (
            instance,
            {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields},
        )
        for instance in instances
    ]
    try:
        yield
    except BaseException:
        for instance, values in saved:
            for attname, value in values.items():
                setattr(instance, attname, value)
        raise


def require_version(instance: TrackedModel, version: int | None) -> None:
    """Refuse up front an edit made on `version` when the stored record has moved on.

    The save checks it again inside its update, which closes the gap between here and there;
    checking first tells a stale editor so before any message about their field values.
    """
    if version is None:
        return
    current = type(instance)._base_manager.filter(pk=instance.pk).values_list("version", flat=True)
    stored = current.first()
    if stored != version:
        raise StaleEditError(
            model_name=str(instance._meta.verbose_name),
            pk=instance.pk,
            expected=version,
            current=stored,
        )
    instance.version = version


def save_changes(
    instance: M,
    *,
    by: AbstractBaseUser | None,
    errors: FieldErrors | None = None,
    **changes: Any,
) -> M:
    """Set `changes` on `instance`, validate, and save it with `by` as the history's author.

    A refusal raises every error at once (the service's own `errors` and the model's) and
    leaves `instance` as it was.
    """
    with restored_on_error(instance):
        for name, value in changes.items():
            setattr(instance, name, value)
        validate(instance, errors)
        history_user_for(instance, by)
        instance.save()
    return instance


def today() -> datetime.date:
    """Today in the institute's time zone."""
    return timezone.localdate()


def check_not_in_future(errors: FieldErrors, field: str, value: datetime.date | None) -> None:
    """Record a field error when `value` lies after today: services record what happened."""
    if value is not None and value > today():
        errors.add(
            field,
            _("%(date)s is after today; record it once it has happened."),
            code="future_date",
            params={"date": value.isoformat()},
        )
