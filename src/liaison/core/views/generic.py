"""Declarative pages for every record, in the manner of NetBox's generic views.

An app's views are classes that name what differs, never a hand-written body:

    class OrganizationListView(generic.ObjectListView):
        queryset = Organization.objects.select_related("parent")
        filterset = OrganizationFilterSet
        table = OrganizationTable

    class OrganizationView(generic.ObjectView):
        queryset = Organization.objects.select_related("parent")
        fieldsets = ((None, ("name_zh", "name_en", …)), (_("Place"), ("province", "city")))
        panels = (RelatedPanel(_("Needs"), NeedTable, lambda o: o.technical_needs.all()),)
        actions = (Transition(…),)   # lifecycle buttons; each calls a service

    class OrganizationEditView(generic.ObjectEditView):
        queryset = Organization.objects.all()
        form = OrganizationForm

and `core.urls.object_urls(...)` routes them. Every queryset is narrowed with
`.restrict(request.user, action)`; every page needs a signed-in user. Creating, editing and
deleting call the model's services registered in `core.writes` (the one write path), whose
refusals are shown under the fields they name.

The other pieces of an app: `filtersets.py` (`core.filtersets.ObjectFilterSet` with
`search_fields`; `RecordFilter` for "rows of this organization"), `tables.py`
(`core.tables.ObjectTable`, `ObjectLinkColumn`, `MoneyColumn`, `ChoicesColumn`), `forms.py`
(`core.forms.ObjectForm` with `class Meta(ObjectForm.Meta)`; `RecordSelect` for a foreign
key among many records), `navigation.py` (`core.navigation.register(MenuItem(...))`), and
tests subclassing `tests.web.pages.ObjectPageChecks` with pins in `tests/web/query_counts.json`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    QueryDict,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View

from liaison.core import writes
from liaison.core.display import field_label, field_value
from liaison.core.errors import StaleEditError
from liaison.core.exports import FORMATS, ExportJob, csv_chunks, table_rows, xlsx_bytes
from liaison.core.filtersets import ObjectFilterSet
from liaison.core.forms import form_fields, new_form_token, submitted_form_token, without_form_token
from liaison.core.history import history_entries, last_change
from liaison.core.models import FormResubmittedError, SubmittedForm, TrackedModel
from liaison.core.permissions import (
    Action,
    hidden_fields,
    may,
    maybe_hidden,
    refuse_unless,
    user_may,
)
from liaison.core.steps import DONE_MESSAGE, Transition, TransitionForm, add_service_error
from liaison.core.tables import ObjectTable, model_url, object_url, simple_table
from liaison.core.uploads import display_name
from liaison.core.versioning import VersionedForm, stale_message

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class BaseObjectView(LoginRequiredMixin, View):
    """What every page of one model shares: its queryset, narrowed for the user and action."""

    queryset: QuerySet[Any]
    action: Action = "view"

    @property
    def model(self) -> type[models.Model]:
        return self.queryset.model

    def restricted(self, action: Action | None = None) -> QuerySet[Any]:
        restricted: QuerySet[Any] = self.queryset.all().restrict(  # type: ignore[attr-defined]
            self.request.user, action or self.action
        )
        return restricted

    def get_object(self, action: Action | None = None) -> Any:
        try:
            return self.restricted(action).get(pk=self.kwargs["pk"])
        except (ObjectDoesNotExist, ValueError, TypeError) as error:
            raise Http404 from error

    def base_context(self) -> dict[str, Any]:
        opts = self.model._meta
        return {
            "model": self.model,
            "verbose_name": opts.verbose_name,
            "verbose_name_plural": opts.verbose_name_plural,
            "list_url": model_url(self.model, "list"),
            "add_url": model_url(self.model, "add")
            if user_may(self.request.user, "add", self.model)
            else None,
        }


# One-time form tokens ---------------------------------------------------------------------------


def spent_form(token: str | None) -> SubmittedForm | None:
    """The saved form that spent `token` already, if any: a resubmission to refuse at once.

    Only a first look, to refuse before anything else is checked; the token is spent for
    good inside the saving transaction (`SubmittedForm.spend`), which also settles a race.
    """
    if token is None:
        return None
    return SubmittedForm.objects.filter(token=token).first()


def resubmitted_context(
    submitted: SubmittedForm, request: HttpRequest, fallback: Any = None
) -> dict[str, Any]:
    """What a page refusing a form sent twice shows: the record it saved the first time."""
    record = submitted.record()
    if record is not None:
        visible = type(record)._default_manager.filter(pk=record.pk)
        if hasattr(visible, "restrict"):
            visible = visible.restrict(request.user, "view")
        record = visible.first()
    url = object_url(record) if record is not None else None
    if url is None and fallback is not None:
        # A record without a page of its own (a party): the record it belongs to.
        record, url = fallback, object_url(fallback)
    return {
        "resubmitted": True,
        "resubmitted_record": record if url else None,
        "resubmitted_url": url,
        "again_url": without_form_token(request),
    }


# Lists -----------------------------------------------------------------------------------------


def _querydict(params: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in params.items():
        query.setlist(key, values)
    return query


def _in_language(chunks: Iterator[str], language: str | None) -> Iterator[str]:
    # A streamed body is written after the request's middleware has returned; the headings
    # and values keep the language of the request that asked for them.
    with translation.override(language):
        yield from chunks


class ObjectListView(BaseObjectView):
    """A filtered, searchable, sortable, paginated table of records, exportable as CSV and XLSX."""

    filterset: type[ObjectFilterSet]
    table: type[ObjectTable]
    template_name = "generic/object_list.html"
    per_page = 50
    max_per_page = 200
    # More rows than this are exported by a background job whose progress the page shows.
    export_direct_limit = 5000
    exporting = False

    @classmethod
    def filtered(cls, user: Any, params: QueryDict) -> tuple[ObjectFilterSet, QuerySet[Any]]:
        queryset = cls.queryset.all().restrict(user, "view")  # type: ignore[attr-defined]
        filterset = cls.filterset(params, queryset=queryset, user=user)
        return filterset, filterset.qs

    @classmethod
    def export_table(cls, *, user: Any, params: dict[str, list[str]]) -> ObjectTable:
        """The table of the rows `user` sees for `params`, ordered as the list is (for jobs too)."""
        query = _querydict(params)
        _filterset, queryset = cls.filtered(user, query)
        table = cls.table(queryset)
        sort = query.get("sort", "")
        if sort and sort.lstrip("-") not in maybe_hidden(user, cls.queryset.model):
            table.order_by = sort
        return table

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        if self.exporting:
            return self.export(request)
        filterset, queryset = self.filtered(request.user, request.GET)
        table = self.table(queryset)
        self.configure(table, request)
        context = {
            **self.base_context(),
            "filterset": filterset,
            "filter_form": filterset.form,
            "table": table,
            "export_url": model_url(self.model, "export"),
            "query": request.GET.urlencode(),
            "search": request.GET.get("q", ""),
        }
        return render(request, self.template_name, context)

    def configure(self, table: ObjectTable, request: HttpRequest) -> None:
        """Sort and page `table` as the request asks, never more than `max_per_page` rows a page."""
        table.request = request
        unsortable = maybe_hidden(request.user, self.model)
        order_by = [
            key
            for key in request.GET.getlist(table.prefixed_order_by_field)
            if key.lstrip("-") not in unsortable
        ]
        if order_by:
            table.order_by = order_by
        try:
            per_page = int(request.GET.get(table.prefixed_per_page_field, self.per_page))
        except ValueError:
            per_page = self.per_page
        per_page = min(max(per_page, 1), self.max_per_page)
        try:
            table.paginate(page=request.GET.get(table.prefixed_page_field, 1), per_page=per_page)
        except PageNotAnInteger:
            table.paginate(page=1, per_page=per_page)
        except EmptyPage:
            table.paginate(page=table.paginator.num_pages, per_page=per_page)

    def export(self, request: HttpRequest) -> HttpResponseBase:
        format = request.GET.get("format", "csv")
        if format not in FORMATS:
            raise Http404
        params = {k: v for k, v in request.GET.lists() if k not in {"format", "page", "per_page"}}
        table = self.export_table(user=request.user, params=params)
        filename = f"{self.model._meta.model_name}-{timezone.localdate():%Y%m%d}"
        total = table.data.data.count()
        if total > self.export_direct_limit:
            return self.export_job(
                request, params=params, format=format, filename=filename, total=total
            )
        content_type, extension = FORMATS[format]
        disposition = f'attachment; filename="{filename}.{extension}"'
        if format == "csv":
            response: HttpResponseBase = StreamingHttpResponse(
                _in_language(csv_chunks(table_rows(table)), translation.get_language()),
                content_type=content_type,
            )
        else:
            response = HttpResponse(
                xlsx_bytes(table_rows(table), str(self.model._meta.verbose_name_plural)),
                content_type=content_type,
            )
        response["Content-Disposition"] = disposition
        return response

    def export_job(
        self,
        request: HttpRequest,
        *,
        params: dict[str, list[str]],
        format: str,
        filename: str,
        total: int,
    ) -> HttpResponse:
        from liaison.core.tasks import export_list

        job = ExportJob.new(
            user_id=int(request.user.pk or 0),
            format=format,
            filename=filename,
            total=total,
            language=translation.get_language() or "en",
        )
        view = f"{type(self).__module__}.{type(self).__qualname__}"
        export_list(token=job.token, view=view, params=params)
        return HttpResponseRedirect(reverse("export_job", args=(job.token,)))


# One record ------------------------------------------------------------------------------------


class FileDownloadView(BaseObjectView):
    """A record's stored file, served through the permission check instead of from a public
    folder: a 404 for a record the user may not see, or one without its file."""

    file_field: str = "file"

    def file_name(self, record: Any, file: Any) -> str:
        """The name to download it as: the one it was uploaded as."""
        return display_name(file.name)

    def get(self, request: HttpRequest, **kwargs: Any) -> FileResponse:
        record = self.get_object()
        file = getattr(record, self.file_field)
        if not file:
            raise Http404
        try:
            handle = file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return FileResponse(handle, as_attachment=True, filename=self.file_name(record, file))


@dataclasses.dataclass(frozen=True)
class RelatedPanel:
    """A table of the records related to the one shown, e.g. an organization's needs.

    `queryset(obj)` gives them, shown with `columns` (or an app's own `table`); the panel narrows them for the user, shows the first `limit`
    and links to the full list filtered by `list_filter=<obj.pk>` when that is given. With
    `add_label`, it offers a user who may add such records the related model's add page, with
    the record shown filled in (`?<list_filter>=<obj.pk>`): a patent from its achievement.
    """

    title: StrOrPromise
    queryset: Callable[[Any], QuerySet[Any]]
    columns: tuple[str, ...] = ()
    table: type[ObjectTable] | None = None
    limit: int = 10
    list_filter: str | None = None
    exclude: tuple[str, ...] = ()
    add_label: StrOrPromise | None = None

    def render_context(self, obj: Any, user: Any) -> dict[str, Any]:
        queryset = self.queryset(obj).restrict(user, "view")  # type: ignore[attr-defined]
        model = queryset.model
        table_class = self.table or simple_table(model, self.columns)
        related = [name for name in (self.columns or ()) if model._meta.get_field(name).many_to_one]
        if related:
            queryset = queryset.select_related(*related)
        # One row more than shown says whether there are more, without a COUNT.
        rows = list(queryset[: self.limit + 1])
        more = len(rows) > self.limit
        rows = rows[: self.limit]
        table = table_class(rows, orderable=False, exclude=self.exclude)
        list_url = None
        if self.list_filter:
            url = model_url(queryset.model, "list")
            if url:
                list_url = f"{url}?{self.list_filter}={obj.pk}"
        add_url = None
        if self.add_label and self.list_filter and user_may(user, "add", model):
            url = model_url(model, "add")
            if url:
                add_url = f"{url}?{self.list_filter}={obj.pk}"
        return {
            "title": self.title,
            "table": table,
            "count": len(rows),
            "more": more,
            "list_url": list_url,
            "add_url": add_url,
            "add_label": self.add_label,
        }


class ObjectView(BaseObjectView):
    """A record: its fields, related records, history, and the lifecycle steps open to it now."""

    template_name = "generic/object.html"
    # ((heading or None, (field names…)), …); empty: every editable field in one panel.
    fieldsets: Sequence[tuple[StrOrPromise | None, Sequence[str]]] = ()
    panels: Sequence[RelatedPanel] = ()
    actions: Sequence[Transition] = ()
    history_limit = 15

    def get_fieldsets(self) -> Sequence[tuple[StrOrPromise | None, Sequence[str]]]:
        if self.fieldsets:
            return self.fieldsets
        names = [
            f.name for f in self.model._meta.concrete_fields if f.editable and not f.primary_key
        ]
        return ((None, names),)

    def action_url(self, obj: Any, transition: Transition) -> str:
        opts = self.model._meta
        return reverse(f"{opts.app_label}:{opts.model_name}_action", args=(obj.pk, transition.name))

    def extra_context(self, obj: Any) -> dict[str, Any]:
        """Override to add what a page shows beyond the generic panels."""
        return {}

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        fieldsets = [
            (
                heading,
                [(field_label(self.model, name), field_value(obj, name)) for name in names],
            )
            for heading, names in self.get_fieldsets()
        ]
        may_change = may(request.user, "change", obj)
        context = {
            **self.base_context(),
            "object": obj,
            "fieldsets": fieldsets,
            "panels": [panel.render_context(obj, request.user) for panel in self.panels],
            "history": history_entries(obj, limit=self.history_limit)
            if isinstance(obj, TrackedModel)
            else [],
            "actions": [
                {"label": t.label, "url": self.action_url(obj, t)}
                for t in self.actions
                if may_change and t.offered_for(obj)
            ],
            "edit_url": object_url(obj, "edit") if may_change else None,
            "delete_url": object_url(obj, "delete") if may(request.user, "delete", obj) else None,
            **self.extra_context(obj),
        }
        return render(request, self.template_name, context)


class ObjectEditView(BaseObjectView):
    """Create (no `pk`) or edit a record through its services, refusing stale copies.

    The form (a `VersionedForm`) carries the version the editor loaded. The view passes the
    form's cleaned fields to the model's create or update service (`core.writes`), which
    validates, applies the rules and refuses a stale version.
    """

    form: type[VersionedForm]
    template_name = "generic/object_edit.html"
    action: Action = "change"

    def get_instance(self) -> Any:
        if "pk" in self.kwargs:
            return self.get_object("change")
        if not user_may(self.request.user, "add", self.model):
            raise PermissionDenied
        return self.model()

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_instance()
        if obj.pk is None:
            # Back to a new record's form that was saved: say so instead of offering it again.
            spent = spent_form(submitted_form_token(request))
            if spent is not None:
                return self.render_resubmitted(spent, obj, status=200)
        return self.render_form(
            self.form(instance=obj, user=request.user, initial=self.initial(obj)), obj
        )

    def initial(self, obj: Any) -> dict[str, Any]:
        """What a new record's form starts with beyond the record's own values (the
        many-to-many ones an unsaved record cannot hold: a patent's inventors from its
        achievement's)."""
        return {}

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_instance()
        adding = obj.pk is None
        # A new record's form saves once; an edit is guarded by its loaded version instead.
        token = submitted_form_token(request) if adding else None
        spent = spent_form(token)
        if spent is not None:
            return self.render_resubmitted(spent, obj)
        form = self.form(data=request.POST, files=request.FILES, instance=obj, user=request.user)
        if form.is_valid():
            try:
                with transaction.atomic():
                    submitted = SubmittedForm.spend(token) if token else None
                    saved = self.save(form, adding=adding)
                    if submitted is not None:
                        submitted.note_record(saved)
            except FormResubmittedError as error:
                return self.render_resubmitted(error.submitted, obj)
            except StaleEditError:
                form.add_error(
                    None, ValidationError(stale_message(self.model, obj.pk), code="stale")
                )
            except PermissionDenied as error:
                # The record as saved would be outside what the user may change (another
                # organization's, another center's): refused, nothing written, form kept.
                form.add_error(None, ValidationError(str(error), code="permission"))
            except ValidationError as error:
                add_service_error(cast(forms.Form, form), error, self.model)
            else:
                messages.success(
                    request,
                    (_("Created “%(object)s”.") if adding else _("Saved “%(object)s”."))
                    % {"object": saved},
                )
                return HttpResponseRedirect(object_url(saved) or request.get_full_path())
        return self.render_form(form, obj, status=400)

    def render_resubmitted(
        self, submitted: SubmittedForm, obj: Any, status: int = 409
    ) -> HttpResponse:
        context = {
            **self.base_context(),
            "object": None,
            "cancel_url": model_url(self.model, "list"),
            **resubmitted_context(submitted, self.request),
        }
        return render(self.request, self.template_name, context, status=status)

    def fields_of(self, form: VersionedForm) -> dict[str, Any]:
        """The record's fields the form asked for: what the service is called with."""
        return form_fields(form, self.model)

    def save(self, form: VersionedForm, *, adding: bool) -> Any:
        fields = self.fields_of(form)
        if adding:
            return writes.create(self.model, by=self.request.user, **fields)
        # The service gets the record as stored and the changes, not the copy the form changed.
        stored = self.model._base_manager.get(pk=form.instance.pk)
        return writes.update(
            stored, by=self.request.user, version=form.cleaned_data.get("loaded_version"), **fields
        )

    def render_form(self, form: VersionedForm, obj: Any, status: int = 200) -> HttpResponse:
        stale = form.has_error(NON_FIELD_ERRORS, "stale")
        current = None
        if stale and obj.pk is not None:
            current = self.model._base_manager.filter(pk=obj.pk).first()
        context = {
            **self.base_context(),
            "object": obj if obj.pk is not None else None,
            "form": form,
            "stale": stale,
            "stale_change": last_change(current, hidden=hidden_fields(self.request.user, current))
            if isinstance(current, TrackedModel)
            else None,
            "cancel_url": (
                object_url(obj) if obj.pk is not None else model_url(self.model, "list")
            ),
            # Issued with a new record's form; kept while the form comes back with errors.
            "form_token": (
                (submitted_form_token(self.request) or new_form_token()) if obj.pk is None else None
            ),
        }
        return render(self.request, self.template_name, context, status=status)


class ObjectDeleteView(BaseObjectView):
    """Delete a record after a confirmation, through its delete service, which may refuse."""

    template_name = "generic/object_confirm_delete.html"
    action: Action = "delete"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        context = {**self.base_context(), "object": obj, "refusals": self.refusals()}
        return render(request, self.template_name, context)

    def refusals(self) -> list[str]:
        """Why the delete service would refuse, said before anyone confirms.

        Learned by asking the service itself in a transaction that is undone at once, so the
        page and the service can never disagree; the deletion's side effects (its history
        rows, the jobs queued at commit) go with the transaction.
        """
        try:
            with transaction.atomic():
                writes.delete(self.get_object(), by=self.request.user)
                transaction.set_rollback(True)
        except ValidationError as error:
            return list(error.messages)
        except PermissionDenied as error:
            return [str(error)]
        return []

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        name = str(obj)
        try:
            with transaction.atomic():
                writes.delete(obj, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(object_url(obj) or "/")
        messages.success(request, _("Deleted “%(object)s”.") % {"object": name})
        return HttpResponseRedirect(model_url(self.model, "list") or "/")


class ObjectActionView(BaseObjectView):
    """One lifecycle step of a record: a small form of the service's arguments, then the service.

    Routed by `object_urls` from the detail view's `actions`, so a step is declared once.
    """

    template_name = "generic/object_action.html"
    actions: Sequence[Transition] = ()
    action: Action = "change"

    def get_transition(self) -> Transition:
        transition = next((t for t in self.actions if t.name == self.kwargs["step"]), None)
        if transition is None:
            raise Http404
        return transition

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        transition = self.get_transition()
        obj = self.get_object()
        spent = spent_form(submitted_form_token(request))
        if spent is not None:
            return self.render_resubmitted(obj, transition, spent, status=200)
        form = transition.form(
            initial={"loaded_version": getattr(obj, "version", None)},
            user=request.user,
            record=obj,
        )
        return self.render_form(obj, transition, form)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        transition = self.get_transition()
        obj = self.get_object()
        # Steps that add a record (a milestone, a party) leave the version as it was, so the
        # form's one-time token is what refuses it sent twice.
        token = submitted_form_token(request)
        spent = spent_form(token)
        if spent is not None:
            return self.render_resubmitted(obj, transition, spent)
        form = transition.form(request.POST, user=request.user, record=obj)
        if form.is_valid():
            loaded = form.cleaned_data.get("loaded_version")
            if loaded is not None and getattr(obj, "version", loaded) != loaded:
                form.add_error(
                    None, ValidationError(stale_message(self.model, obj.pk), code="stale")
                )
            else:
                try:
                    with transaction.atomic():
                        submitted = SubmittedForm.spend(token) if token else None
                        result = transition.run(obj, by=request.user, form=form)
                        if isinstance(result, models.Model) and type(result) is not type(obj):
                            # A step that adds a record (a party, an affiliation) adds it
                            # only where the user may add such records.
                            refuse_unless(request.user, "add", result)
                        if submitted is not None:
                            submitted.note_record(result)
                except FormResubmittedError as error:
                    return self.render_resubmitted(obj, transition, error.submitted)
                except PermissionDenied as error:
                    form.add_error(None, ValidationError(str(error), code="permission"))
                except ValidationError as error:
                    add_service_error(form, error, self.model)
                    # The service may have changed the copy in memory before it refused.
                    obj = self.get_object()
                else:
                    messages.success(request, str(DONE_MESSAGE) % {"step": transition.label})
                    return HttpResponseRedirect(object_url(obj) or "/")
        return self.render_form(obj, transition, form, status=400)

    def render_form(
        self, obj: Any, transition: Transition, form: TransitionForm, status: int = 200
    ) -> HttpResponse:
        context = {
            **self.base_context(),
            "object": obj,
            "transition": transition,
            "form": form,
            "offered": transition.offered_for(obj),
            "cancel_url": object_url(obj),
            "form_token": submitted_form_token(self.request) or new_form_token(),
        }
        return render(self.request, self.template_name, context, status=status)

    def render_resubmitted(
        self, obj: Any, transition: Transition, submitted: SubmittedForm, status: int = 409
    ) -> HttpResponse:
        context = {
            **self.base_context(),
            "object": obj,
            "transition": transition,
            "cancel_url": object_url(obj),
            **resubmitted_context(submitted, self.request, fallback=obj),
        }
        return render(self.request, self.template_name, context, status=status)
