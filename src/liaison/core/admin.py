"""The admin's base for every tracked record: history, and refusal of stale edits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from .models import TrackedModel


def last_change_summary(instance: TrackedModel) -> str:
    """Who changed `instance` last, when, and which fields: what a refused editor needs to see."""
    records = list(instance.history.order_by("-history_id")[:2])
    if not records:
        return ""
    newest = records[0]
    who = newest.history_user or _("someone")
    when = newest.history_date.strftime("%Y-%m-%d %H:%M")
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


class VersionedForm(forms.ModelForm):
    """Carries the version the editor loaded, and refuses the save if the record moved on."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        loaded = cleaned.get("loaded_version")
        if self.instance.pk is not None and loaded is not None:
            current = type(self.instance)._base_manager.filter(pk=self.instance.pk).first()
            if current is None or current.version != loaded:
                message = _(
                    "Someone else saved this record after you opened it, so your changes were not "
                    "applied."
                )
                if current is not None:
                    message = f"{message} {last_change_summary(current)}"
                raise forms.ValidationError(message, code="stale")
            # The database update also checks it, which closes the gap between here and there.
            self.instance.version = loaded
        return cleaned


class TrackedAdmin(SimpleHistoryAdmin):
    form = VersionedForm
    readonly_fields: Any = ("version", "created_at", "updated_at")

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        obj._history_user = request.user  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)


class TrackedInline(admin.TabularInline):
    extra = 0
    exclude = ("version",)
