"""Lifecycle steps: a record's legal moves offered as buttons, each a small form and a service.

A `Transition` names the service that takes the step, the form asking for its arguments and
the statuses it is offered from (read from the model's table of moves, `core.moves`). The
pages' `ObjectActionView` and the admin's lifecycle buttons both run them; the service, not
the face, decides whether the step is legal, and `add_service_error` shows its refusal on
the form.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .lifecycle import today

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class TransitionForm(forms.Form):
    """The form behind a lifecycle button: its fields are the service's keyword arguments."""

    loaded_version = forms.IntegerField(
        label=gettext_lazy("Loaded version"), widget=forms.HiddenInput, required=False
    )

    def __init__(self, *args: Any, user: Any = None, record: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The record the step is taken on, so a form can offer what fits it (its committees).
        self.record = record
        for field in self.fields.values():
            if field.label:
                field.label = capfirst(field.label)
            # Offer only the records the user may see, as every other list does.
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                field.queryset = queryset.restrict(user, "view")  # type: ignore[attr-defined]

    def service_arguments(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "loaded_version"}


class DateInput(forms.DateInput):
    """A date field the browser offers a calendar for, without the admin's scripts."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label: StrOrPromise, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    """A date for a lifecycle step, today unless the user says otherwise."""
    return forms.DateField(
        label=label, required=required, widget=DateInput, initial=today, **kwargs
    )


def reason_field(label: StrOrPromise, *, required: bool = True) -> forms.CharField:
    """Why a step was taken, in the user's words; the service says whether it is needed."""
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": 3}), strip=True
    )


DONE_MESSAGE = gettext_lazy("Done: %(step)s.")


@dataclasses.dataclass(frozen=True)
class Transition:
    """A lifecycle step shown as a button on a record's change page and done by a service.

    `service` is the service function; it is called with the record as `target`, the
    signed-in user as `by`, the form's fields and the fixed `arguments`. The button is offered
    while the record's status is one of `offered_from` (and `offered_when` says yes); which
    moves are legal is the service's to decide, and its refusal is shown on the form.
    """

    name: str
    label: StrOrPromise
    service: Callable[..., Any]
    target: str
    form: type[TransitionForm] = TransitionForm
    arguments: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    offered_from: Collection[str] | None = None
    offered_when: Callable[[Any], bool] | None = None

    def offered_for(self, obj: Model) -> bool:
        if self.offered_from is not None and getattr(obj, "status", None) not in self.offered_from:
            return False
        return self.offered_when is None or bool(self.offered_when(obj))

    def run(self, obj: Model, *, by: Any, form: TransitionForm) -> Any:
        return self.service(
            **{self.target: obj}, by=by, **self.arguments, **form.service_arguments()
        )


def add_service_error(
    form: forms.Form, error: ValidationError, model: type[Model] | None = None
) -> None:
    """Show a service's refusal on `form`: under the field it names, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        elif field == NON_FIELD_ERRORS:
            form.add_error(None, errors)
        else:
            # A field of the record that the form does not ask for: name it in the message.
            label = field
            if model is not None:
                try:
                    label = str(
                        capfirst(getattr(model._meta.get_field(field), "verbose_name", field))
                    )
                except FieldDoesNotExist:
                    label = field
            for message in ValidationError(errors).messages:
                form.add_error(
                    None, _("%(field)s: %(message)s") % {"field": label, "message": message}
                )
