"""The admin's base for every tracked record: history, refusal of stale edits, lifecycle buttons.

Every admin of a tracked record derives from `TrackedAdmin`, which

- narrows every queryset with `restrict(request.user, …)` and asks `core.permissions` who may
  do what, so the admin and the other pages share one answer;
- refuses a save made on a copy that someone else has saved since (`VersionedForm`), both
  when the form is checked and when the database says so in a race;
- records the signed-in user as the author of every history row it writes;
- shows a record's lifecycle steps (`Transition`) as buttons on its change page, each a small
  form whose submission calls the app's service; the service, not the admin, decides.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .errors import StaleEditError
from .lifecycle import today
from .models import TrackedModel
from .permissions import Action, user_may

if TYPE_CHECKING:
    from django.forms.models import BaseModelFormSet
    from django_stubs_ext import StrOrPromise

RECORD_FIELDS = ("version", "created_at", "updated_at")
# The record's bookkeeping, folded away at the foot of a change page.
RECORD_FIELDSET = (gettext_lazy("Record"), {"fields": RECORD_FIELDS, "classes": ("collapse",)})


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


class _StaleSave(Exception):
    """The database refused a save that the form had let through: someone saved in between."""


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


class PermissionsFromCore:
    """Permissions and querysets answered by `core.permissions`, the one place that decides them."""

    model: type[Model]

    def _may(self, request: HttpRequest, action: Action) -> bool:
        return user_may(request.user, action, self.model)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]  # a mixin before ModelAdmin
        restricted: QuerySet[Any] = queryset.restrict(request.user, "view")
        return restricted

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request, "view") or self._may(request, "change")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._may(request, "add")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request, "change")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request, "delete")


class TrackedAdmin(PermissionsFromCore, SimpleHistoryAdmin):
    """The admin of a tracked record: restricted, versioned, history-keeping, with lifecycle buttons."""

    form = VersionedForm
    readonly_fields: Any = RECORD_FIELDS
    change_form_template = "admin/liaison/change_form.html"
    transition_template = "admin/liaison/transition_form.html"
    transitions: Sequence[Transition] = ()
    list_per_page = 50

    # Permissions and querysets -------------------------------------------------------------

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request, "view")

    # Forms ---------------------------------------------------------------------------------

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Sequence[str]:
        declared = list(super().get_readonly_fields(request, obj))
        # Fields only services set (status, lifecycle dates) are shown, never edited.
        kept = [
            f.name
            for f in self.model._meta.concrete_fields
            if not f.editable and not f.primary_key and f.name not in declared
        ]
        return (*declared, *kept)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        named = {field for _name, options in fieldsets for field in _flatten(options["fields"])}
        if "loaded_version" not in named and fieldsets:
            # Without it the editor's version would not travel with the form, and a stale
            # save could not be told from a fresh one.
            first = fieldsets[0][1]
            first["fields"] = [*first["fields"], "loaded_version"]
        return fieldsets

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        obj._history_user = request.user  # type: ignore[attr-defined]
        try:
            super().save_model(request, obj, form, change)
        except StaleEditError as error:
            raise _StaleSave from error

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseModelFormSet[Any, Any], change: bool
    ) -> None:
        instances = formset.save(commit=False)
        try:
            for obj in formset.deleted_objects:
                obj._history_user = request.user
                obj.delete()
            for instance in instances:
                instance._history_user = request.user
                instance.save()
        except StaleEditError as error:
            raise _StaleSave from error
        formset.save_m2m()

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _StaleSave:
            # Someone saved between the form's check and the write; the transaction undid
            # ours. Checking the form again now finds the moved version and shows the editor
            # who changed what, with their own input still in the form.
            pass
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _StaleSave:
            self.message_user(
                request,
                _(
                    "Someone else saved this record at the same moment; your changes were not applied."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        context["liaison_transitions"] = (
            self.offered_transitions(request, obj) if change and obj is not None else []
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # History: shown, never reverted (a revert would skip the lifecycle services) -------------

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method != "GET":
            raise PermissionDenied
        response: HttpResponse = super().history_form_view(
            request, object_id, version_id, extra_context
        )
        return response

    # Lifecycle buttons ---------------------------------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        urls = [
            path(
                "<path:object_id>/step/<slug:step>/",
                self.admin_site.admin_view(self.transition_view),
                name="{}_{}_transition".format(*info),
            )
        ]
        return urls + super().get_urls()

    def offered_transitions(self, request: HttpRequest, obj: Model) -> list[dict[str, Any]]:
        if not self.has_change_permission(request, obj):
            return []
        info = self.opts.app_label, self.opts.model_name
        return [
            {
                "label": t.label,
                "url": reverse(
                    "admin:{}_{}_transition".format(*info),
                    args=(obj.pk, t.name),
                    current_app=self.admin_site.name,
                ),
            }
            for t in self.transitions
            if t.offered_for(obj)
        ]

    def transition_view(self, request: HttpRequest, object_id: str, step: str) -> HttpResponse:
        transition = next((t for t in self.transitions if t.name == step), None)
        if transition is None:
            raise Http404
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=(obj.pk,),
            current_app=self.admin_site.name,
        )
        if request.method == "POST":
            form = transition.form(request.POST, user=request.user, record=obj)
            if form.is_valid() and self._run_transition(request, obj, transition, form):
                self.message_user(
                    request,
                    str(DONE_MESSAGE) % {"step": transition.label},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
            # The service may have changed the record in memory before it refused.
            obj = self.get_object(request, unquote(object_id))
        else:
            form = transition.form(
                initial={"loaded_version": getattr(obj, "version", None)},
                user=request.user,
                record=obj,
            )
        context = {
            **self.admin_site.each_context(request),
            "title": transition.label,
            "subtitle": str(obj),
            "opts": self.opts,
            "original": obj,
            "transition": transition,
            "form": form,
            "change_url": change_url,
            "has_view_permission": self.has_view_permission(request, obj),
            "offered": transition.offered_for(obj),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.transition_template, context)

    def _run_transition(
        self, request: HttpRequest, obj: Model, transition: Transition, form: TransitionForm
    ) -> bool:
        loaded = form.cleaned_data.get("loaded_version")
        if loaded is not None and getattr(obj, "version", loaded) != loaded:
            form.add_error(None, stale_message(type(obj), obj.pk))
            return False
        try:
            with transaction.atomic():
                transition.run(obj, by=request.user, form=form)
        except ValidationError as error:
            add_service_error(form, error, type(obj))
            return False
        return True


class TrackedInline(PermissionsFromCore, admin.TabularInline):
    """The rows of a record shown on its parent's page, each carrying the version it was loaded at."""

    form = VersionedForm
    extra = 0
    exclude = ("version",)
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # Each row is titled by its record, whose name often is its related records' (a
        # party's organization, an appointment's person): fetch them with the rows.
        related = [f.name for f in self.model._meta.concrete_fields if f.many_to_one]
        return super().get_queryset(request).select_related(*related)


class ReadOnly:
    """Shown, never added, changed or deleted here: the records are kept by services."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(ReadOnly, TrackedInline):
    """Rows kept by services (a stage history): shown on the parent's page, never edited there."""


class ReadOnlyAdmin(ReadOnly, TrackedAdmin):
    """Records kept by services only: listed and shown with their history, never edited here."""


def _flatten(fields: Iterable[Any]) -> list[str]:
    names: list[str] = []
    for field in fields:
        if isinstance(field, list | tuple):
            names.extend(field)
        else:
            names.append(field)
    return names
