"""Base pieces every record shares: timestamps, a version against stale edits, a history."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .errors import StaleEditError
from .permissions import RestrictedQuerySet


class TrackedModel(models.Model):
    """A record with timestamps, an optimistic-lock version and a change history.

    Saving an existing record succeeds only if the stored version is still the one this
    instance was loaded with; the version then moves on by one. A stale copy raises
    `StaleEditError` instead of overwriting someone else's change.
    """

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(inherit=True)
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        manager = type(self)._base_manager
        with transaction.atomic(using=kwargs.get("using")):
            bumped = manager.filter(pk=self.pk, version=self.version).update(
                version=F("version") + 1
            )
            if not bumped:
                current = manager.filter(pk=self.pk).values_list("version", flat=True).first()
                raise StaleEditError(
                    model_name=str(self._meta.verbose_name),
                    pk=self.pk,
                    expected=self.version,
                    current=current,
                )
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
            self.version += 1
            try:
                super().save(*args, **kwargs)
            except BaseException:
                # The transaction undoes the bump; the copy must not claim it either.
                self.version -= 1
                raise


def in_language(zh: str, en: str) -> str:
    """A record's Chinese name or title, or its English one while English is spoken and it has one."""
    if en and (get_language() or "").startswith("en"):
        return en
    return zh


def history_user_for(instance: models.Model, by: AbstractBaseUser | None) -> None:
    """Attribute the next history row of `instance` to `by` (services run outside requests)."""
    if by is not None:
        instance._history_user = by  # type: ignore[attr-defined]
