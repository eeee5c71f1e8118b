"""The admin's base for every tracked record: history, refusal of stale edits, lifecycle buttons.

Every admin of a tracked record derives from `TrackedAdmin`, which

- narrows every queryset with `restrict(request.user, …)` and asks `core.permissions` who may
  do what, so the admin and the other pages share one answer;
- refuses a save made on a copy that someone else has saved since (`VersionedForm`), both
  when the form is checked and when the database says so in a race;
- saves, and deletes, through the model's services (`core.writes`), never itself, and shows
  a service's refusal on the form as posted; inlines are read-only panels whose rows are
  added on their own pages, through their own services;
- records the signed-in user as the author of every history row it writes;
- shows a record's lifecycle steps (`Transition`) as buttons on its change page, each a small
  form whose submission calls the app's service; the service, not the admin, decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import (
    PermissionDenied,
    ValidationError,
)
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms.models import _get_foreign_key
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from . import writes
from .errors import StaleEditError
from .forms import form_fields
from .permissions import Action, hidden_fields, may, user_may
from .steps import DONE_MESSAGE, Transition, TransitionForm, add_service_error
from .versioning import VersionedForm, stale_message

if TYPE_CHECKING:
    from django.forms.models import BaseModelFormSet

RECORD_FIELDS = ("version", "created_at", "updated_at")
# The record's bookkeeping, folded away at the foot of a change page.
RECORD_FIELDSET = (gettext_lazy("Record"), {"fields": RECORD_FIELDS, "classes": ("collapse",)})


class _StaleSave(Exception):
    """The database refused a save that the form had let through: someone saved in between."""


class _Refused(Exception):
    """A service refused the save or delete the admin asked for; `error` says why."""

    def __init__(self, error: ValidationError) -> None:
        super().__init__(error)
        self.error = error


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
        if obj is not None:
            return may(request.user, "change", obj)
        return self._may(request, "change")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None:
            return may(request.user, "delete", obj)
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
        hidden = hidden_fields(request.user, obj) if obj is not None else set()
        if hidden:
            # Values the user is not cleared for are neither shown nor saved over.
            for _name, options in fieldsets:
                options["fields"] = [f for f in _flatten(options["fields"]) if f not in hidden]
        named = {field for _name, options in fieldsets for field in _flatten(options["fields"])}
        if "loaded_version" not in named and fieldsets:
            # Without it the editor's version would not travel with the form, and a stale
            # save could not be told from a fresh one.
            first = fieldsets[0][1]
            first["fields"] = [*first["fields"], "loaded_version"]
        return fieldsets

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        refusal: ValidationError | None = getattr(request, "_liaison_refusal", None)
        if refusal is None:
            return form
        error = refusal

        class Refused(form):  # type: ignore[valid-type,misc]
            """The form as posted, carrying the service's refusal under the fields it names."""

            def clean(self) -> Any:
                cleaned = super().clean()
                add_service_error(self, error, self._meta.model)
                return cleaned

        return Refused

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        """Save through the model's service (`core.writes`), never directly."""
        fields = form_fields(form, self.model)
        try:
            if change:
                # The service gets the record as stored and the changes, not a copy the form
                # has already changed.
                stored = self.model._base_manager.get(pk=obj.pk)
                saved = writes.update(
                    stored,
                    by=request.user,
                    version=form.cleaned_data.get("loaded_version"),
                    **fields,
                )
            else:
                saved = writes.create(self.model, by=request.user, **fields)
        except StaleEditError as error:
            raise _StaleSave from error
        except ValidationError as error:
            raise _Refused(error) from error
        except PermissionDenied as error:
            # Saved, the record would be outside what the user may change: refused, shown
            # on the form like a service's refusal.
            raise _Refused(ValidationError(str(error), code="permission")) from error
        # The admin goes on with `obj` (its messages, its redirect): make it the saved record.
        obj.pk = saved.pk
        obj.__dict__.update(
            {f.attname: getattr(saved, f.attname) for f in self.model._meta.concrete_fields}
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Many-to-many fields went to the service with the others; inlines are read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseModelFormSet[Any, Any], change: bool
    ) -> None:
        if formset.has_changed():
            # Inlines are read-only panels (`TrackedInline`); their records are added, changed
            # and deleted on their own pages, through their own services.
            raise PermissionDenied
        # What the admin's change message reads of a saved formset: nothing was.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        try:
            writes.delete(obj, by=request.user)
        except ValidationError as error:
            raise _Refused(error) from error

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        """Each record deleted by its service; all or none, and every refusal said."""
        refusals: list[str] = []
        with transaction.atomic():
            for obj in queryset:
                try:
                    with transaction.atomic():
                        writes.delete(obj, by=request.user)
                except ValidationError as error:
                    refusals.extend(error.messages)
            if refusals:
                transaction.set_rollback(True)
        if refusals:
            raise _Refused(ValidationError(refusals))

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except _Refused as refused:
            for message in refused.error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(admin_url(self.model, "change", unquote(object_id)))

    def response_action(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        try:
            return super().response_action(request, queryset)
        except _Refused as refused:
            for message in refused.error.messages:
                self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

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
        except _Refused as refused:
            # The service refused; the transaction undid everything. The form is shown again
            # as posted, with the service's errors under the fields they name.
            request._liaison_refusal = refused.error  # type: ignore[attr-defined]
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
        context["liaison_inline_adds"] = (
            [
                link
                for inline in self.get_inline_instances(request, obj)
                if isinstance(inline, TrackedInline)
                and (link := inline.add_link(request, obj)) is not None
            ]
            if change and obj is not None
            else []
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


class ReadOnly:
    """Shown, never added, changed or deleted here: the records are kept by services."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TrackedInline(ReadOnly, PermissionsFromCore, admin.TabularInline):
    """The rows of a record shown on its parent's page, read-only, each linked to its own page.

    A row is added, changed and deleted on its own admin page, through its own services, so
    its rules hold (a party cannot join a signed agreement, a candidate needs a triaged need).
    The parent's page offers "Add …" for it, with the parent filled in, while `addable`.
    """

    extra = 0
    exclude = ("version",)
    show_change_link = True
    can_delete = False
    addable = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # Each row is titled by its record, whose name often is its related records' (a
        # party's organization, an appointment's person): fetch them with the rows.
        related = [f.name for f in self.model._meta.concrete_fields if f.many_to_one]
        return super().get_queryset(request).select_related(*related)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request, "view")

    def add_link(self, request: HttpRequest, parent: Model) -> dict[str, Any] | None:
        """The "Add …" link of the parent's page: this row's admin add page, the parent filled in."""
        if not self.addable or not self._may(request, "add"):
            return None
        if not self.admin_site.is_registered(self.model):
            return None
        fk = _get_foreign_key(type(parent), self.model, fk_name=self.fk_name)
        assert fk is not None
        label = _("Add %(name)s") % {"name": self.model._meta.verbose_name}
        return {"label": label, "url": f"{admin_url(self.model, 'add')}?{fk.name}={parent.pk}"}


class ReadOnlyInline(TrackedInline):
    """Rows kept by services (a stage history): shown on the parent's page, never added there."""

    addable = False


class ReadOnlyAdmin(ReadOnly, TrackedAdmin):
    """Records kept by services only: listed and shown with their history, never edited here."""


def admin_url(model: type[Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _flatten(fields: Iterable[Any]) -> list[str]:
    names: list[str] = []
    for field in fields:
        if isinstance(field, list | tuple):
            names.extend(field)
        else:
            names.append(field)
    return names
