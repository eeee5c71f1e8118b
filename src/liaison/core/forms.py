"""The base of every create/edit form: carries the loaded version, dates as the browser's calendar."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from .admin import DateInput, VersionedForm


def _form_field(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        kwargs.setdefault("widget", DateInput)
    return field.formfield(**kwargs)


class ObjectForm(VersionedForm):
    """Subclass per model: `class Meta(ObjectForm.Meta): model = …; fields = (…)`.

    Dates get the browser's date picker, URLs assume https, JSON lists (aliases, tags) are
    typed one item per line, and the version the editor loaded travels in a hidden field so
    a stale save is refused (see `VersionedForm`).
    """

    list_fields: tuple[str, ...] = ()

    class Meta:
        formfield_callback = _form_field

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.list_fields:
            field = self.fields[name]
            self.fields[name] = ListField(
                label=field.label, required=field.required, help_text=field.help_text
            )


class ListField(forms.CharField):
    """A list of short texts, typed one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list | tuple):
            return [str(v).strip() for v in value if str(v).strip()]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]
