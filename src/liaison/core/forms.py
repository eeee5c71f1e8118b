"""The base of every create/edit form: carries the loaded version, dates as the browser's calendar.

Also the one-time token that every creation form and lifecycle step is issued with, so that
submitting the same form twice (Back, then Save) saves once.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext

from . import permissions
from .steps import DateInput
from .uploads import check_upload, display_name, max_upload_bytes
from .versioning import VersionedForm


def _form_field(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    if isinstance(field, models.TextField):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        kwargs.setdefault("widget", DateInput)
    return field.formfield(**kwargs)


# The hidden field a form's one-time token travels in (see `core.models.SubmittedForm`).
FORM_TOKEN = "form_token"
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_form_token() -> str:
    """A token for one form as it is handed out: unguessable, spent when the form saves."""
    return secrets.token_urlsafe(32)


def submitted_form_token(request: HttpRequest) -> str | None:
    """The token the form carries, or None for a form sent without one.

    A posted form carries it in a hidden field. The form's page also puts it in its address
    (a script replaces the history entry), so that Back to a page the browser fetches anew
    brings back this form's token rather than a fresh one. A form posted without a token (a
    script, a form rendered before tokens existed) is saved as before, unprotected; a
    malformed token counts as none.
    """
    token = request.POST.get(FORM_TOKEN) or request.GET.get(FORM_TOKEN) or ""
    return token if _TOKEN_SHAPE.fullmatch(token) else None


def without_form_token(request: HttpRequest) -> str:
    """The request's address without its form token: where a fresh form is opened."""
    query = request.GET.copy()
    query.pop(FORM_TOKEN, None)
    return f"{request.path}?{query.urlencode()}" if query else request.path


class ObjectForm(VersionedForm):
    """Subclass per model: `class Meta(ObjectForm.Meta): model = …; fields = (…)`.

    Dates get the browser's date picker, URLs assume https, JSON lists (aliases, tags) are
    typed one item per line, and the version the editor loaded travels in a hidden field so
    a stale save is refused (see `VersionedForm`).
    """

    list_fields: tuple[str, ...] = ()

    class Meta:
        formfield_callback = _form_field

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The labels of the fields left out because the user may not see their values.
        self.withheld: list[str] = []
        if user is not None and self.instance.pk is not None:
            self.withhold(permissions.hidden_fields(user, self.instance))
        for field in self.fields.values():
            # Offer, and accept, only the records the user may see.
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                field.queryset = queryset.restrict(user, "view")  # type: ignore[attr-defined]
        for name in self.list_fields:
            if name not in self.fields:
                continue
            field = self.fields[name]
            self.fields[name] = ListField(
                label=field.label, required=field.required, help_text=field.help_text
            )

    def withhold(self, hidden: set[str]) -> None:
        """Leave out the fields whose values the user may not see, and what classifies them.

        The edit page reads its record unmasked (to change it), so a hidden value would
        otherwise be shown in its field, and a field left out is neither shown nor saved: the
        stored value stays. A user who may not see a value may not declassify it either, so
        the record's own confidentiality that hides it is left out with it.
        """
        if not hidden:
            return
        withheld = hidden | permissions.classifying(type(self.instance), hidden)
        for name in list(self.fields):
            if name in withheld:
                field = self.fields.pop(name)
                if name in hidden:
                    self.withheld.append(str(field.label or name))


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


# Searchable record choices ------------------------------------------------------------------

# Model label → the fields a lookup searches; filled as forms declare their `RecordSelect`s.
LOOKUP_FIELDS: dict[str, tuple[str, ...]] = {}


class RecordSelect(forms.Select):
    """A choice among many records (an organization among tens of thousands) without listing them.

    The select holds only the chosen record; a search box beside it asks the lookup page for
    the records matching what is typed (htmx) and puts them in the select. `search_fields`
    are searched as `ObjectFilterSet.search_fields` are (`…__json` for JSON lists).
    """

    template_name = "generic/widgets/record_select.html"

    def __init__(
        self,
        model: type[models.Model],
        search_fields: tuple[str, ...],
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.model = model
        # One lookup page per model serves every form: it searches all the fields they name.
        label = model._meta.label_lower
        LOOKUP_FIELDS[label] = tuple(dict.fromkeys((*LOOKUP_FIELDS.get(label, ()), *search_fields)))

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> Any:
        chosen = [v for v in value if v not in ("", None)]
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if queryset is not None:
            empty = getattr(iterator.field, "empty_label", None)  # type: ignore[attr-defined]
            records = list(queryset.filter(pk__in=chosen)) if chosen else []
            self.choices = [
                *([("", empty)] if empty is not None else []),
                *((record.pk, str(record)) for record in records),
            ]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = iterator

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        context["lookup_url"] = reverse("lookup", args=(self.model._meta.label_lower,))
        context["model_name"] = self.model._meta.verbose_name
        return context


def form_fields(form: Any, model: type[Model]) -> dict[str, Any]:
    """The record's fields a form asked for, as cleaned: what its service is called with."""
    names = {f.name for f in model._meta.concrete_fields if f.editable} | {
        f.name for f in model._meta.many_to_many
    }
    return {k: v for k, v in form.cleaned_data.items() if k in names and k in form.fields}


# Files sent with one form: enough for a problem's drawings and data, not a whole archive.
MAX_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one field, each judged by its content (`core.uploads`)."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_FILES:
            raise ValidationError(
                gettext("Send at most %(count)s files at once.") % {"count": MAX_FILES},
                code="too_many_files",
            )
        errors: list[ValidationError] = []
        limit = max_upload_bytes()
        for file in files:
            super().clean(file, initial)
            try:
                check_upload(file, max_bytes=limit, name=file.name)
            except ValidationError as error:
                errors.extend(
                    ValidationError(
                        gettext("%(name)s: %(problem)s")
                        % {"name": display_name(file.name), "problem": message},
                        code=error.code,
                    )
                    for message in error.messages
                )
        if errors:
            raise ValidationError(errors)
        return files
