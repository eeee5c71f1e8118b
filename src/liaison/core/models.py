"""Base pieces every record shares: timestamps, a version against stale edits, a history.

Also the one-time tokens of the forms that create records (`SubmittedForm`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
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


class FormResubmittedError(Exception):
    """A form whose token was already spent was submitted again (Back, then Save)."""

    def __init__(self, submitted: SubmittedForm) -> None:
        super().__init__(f"form token already spent at {submitted.submitted_at}")
        self.submitted = submitted


class SubmittedForm(models.Model):
    """A form that was saved, by the one-time token it was issued with.

    The token is spent in the transaction that saves the form's record, through the unique
    key: a second submission of the same form (Back, then Save again; or two at once) finds
    it spent and saves nothing. A refused save rolls the spending back with it, so the
    corrected form can still be saved. The row keeps which record the form saved, for the
    link shown to whoever submits it again.
    """

    KEEP_FOR = datetime.timedelta(days=30)

    token = models.CharField(_("token"), max_length=64, unique=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    record_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    record_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")

    def __str__(self) -> str:
        return f"{self.token[:8]}… {self.submitted_at:%Y-%m-%d %H:%M}"

    @classmethod
    def spend(cls, token: str) -> SubmittedForm:
        """Spend `token` in the caller's transaction; `FormResubmittedError` if it was spent.

        Two submissions at once: the second one's insert waits for the first's transaction
        (PostgreSQL's unique index; SQLite's single writer) and then fails, or succeeds if
        the first rolled back.
        """
        # A form is sent again within minutes, not months: older tokens only fill the table.
        cls.objects.filter(submitted_at__lt=timezone.now() - cls.KEEP_FOR).delete()
        try:
            # A savepoint: the failed insert must not abort the caller's transaction.
            with transaction.atomic():
                return cls.objects.create(token=token)
        except IntegrityError:
            spent = cls.objects.filter(token=token).first()
            if spent is None:  # pragma: no cover - an integrity error of another kind
                raise
            raise FormResubmittedError(spent) from None

    def note_record(self, record: Any) -> None:
        """Remember `record` as what the form saved."""
        if isinstance(record, models.Model) and isinstance(record.pk, int):
            self.record_type = ContentType.objects.get_for_model(record)
            self.record_id = record.pk
            self.save(update_fields=["record_type", "record_id"])

    def record(self) -> models.Model | None:
        """The record the form saved, if it still exists."""
        if self.record_type is None or self.record_id is None:
            return None
        model = self.record_type.model_class()
        if model is None:
            return None
        return model._base_manager.filter(pk=self.record_id).first()
