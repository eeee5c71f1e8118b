"""A record's version as an editor holds it: the form that carries it, and what a stale editor is told.

Every tracked record has a `version` that moves on at each save (`core.models.TrackedModel`).
A form loaded at one version and posted after someone else's save is refused with
`stale_message`, which names who changed what meanwhile. The pages' forms, the admin's and
the lifecycle steps' all use these.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import TrackedModel


def last_change_summary(instance: TrackedModel) -> str:
    """Who changed `instance` last, when, and which fields: what a refused editor needs to see."""
    records = list(instance.history.order_by("-history_id")[:2])
    if not records:
        return ""
    newest = records[0]
    who = newest.history_user or _("someone")
    # Stored in UTC; the editor reads the institute's clock.
    when = timezone.localtime(newest.history_date).strftime("%Y-%m-%d %H:%M")
    fields: list[str] = []
    if len(records) == 2:
        delta = newest.diff_against(records[1])
        fields = [
            str(getattr(instance._meta.get_field(c.field), "verbose_name", c.field))
            for c in delta.changes
        ]
    if fields:
        return _("%(who)s saved it at %(when)s and changed: %(fields)s.") % {
            "who": who,
            "when": when,
            "fields": ", ".join(fields),
        }
    return _("%(who)s saved it at %(when)s.") % {"who": who, "when": when}


def stale_message(model: type[Model], pk: object) -> str:
    """What an editor whose copy of a record is out of date is told, with who changed what."""
    message = _(
        "Someone else saved this record after you opened it, so your changes were not applied."
    )
    current = model._base_manager.filter(pk=pk).first()
    if current is None:
        return _("This record was deleted by someone else after you opened it.")
    if isinstance(current, TrackedModel):
        summary = last_change_summary(current)
        if summary:
            message = f"{message} {summary}"
    advice = _("Reload the page to see the saved record, then apply your change again.")
    return f"{message} {advice}"


class VersionedForm(forms.ModelForm):
    """Carries the version the editor loaded, and refuses the save if the record moved on."""

    loaded_version = forms.IntegerField(
        label=gettext_lazy("Loaded version"), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        loaded = cleaned.get("loaded_version")
        if self.instance.pk is not None and loaded is not None:
            model = type(self.instance)
            stored = model._base_manager.filter(pk=self.instance.pk)
            if transaction.get_connection().in_atomic_block:
                # Hold the row until the save, so nobody can slip in between check and write
                # (PostgreSQL; SQLite's write transactions already exclude each other).
                stored = stored.select_for_update()
            current = stored.values_list("version", flat=True).first()
            if current != loaded:
                raise forms.ValidationError(stale_message(model, self.instance.pk), code="stale")
            # The database update also checks it, which closes any gap left between here and there.
            self.instance.version = loaded
        return cleaned
