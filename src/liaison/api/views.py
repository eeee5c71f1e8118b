"""The API's views: one generic viewset, made per endpoint, over the records' services.

Reads narrow every queryset with `.restrict(user, action)` as the pages do (a record outside
the caller's scope is a 404, one they see but may not change a 403); writes call
`core.writes` and the lifecycle steps' services, which check the same permissions again and
apply every rule. A record's version is its ETag; a write must send it back in `If-Match`,
and a stale one is refused with 412, the current version and who changed what.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from liaison.core import writes
from liaison.core.errors import StaleEditError
from liaison.core.history import last_change
from liaison.core.models import TrackedModel
from liaison.core.permissions import (
    hidden_fields,
    maybe_hidden,
    refuse_unless,
    user_may,
)
from liaison.core.steps import Transition
from liaison.core.versioning import stale_message

from .authentication import RecordsTokenUse
from .endpoints import NEVER_SHOWN, Endpoint, endpoints
from .errors import NON_FIELD, ApiError, PreconditionRequired, invalid
from .serializers import input_serializer, record_serializer, step_serializer

_IF_MATCH = re.compile(r'\s*(?:W/)?"?v?(\d{1,10})"?\s*')


def etag(record: Any) -> str:
    return f'"v{record.version}"'


def loaded_version(request: Request) -> int:
    """The version the caller last read, from `If-Match`: required for every change."""
    header = request.headers.get("If-Match", "")
    if not header.strip() or header.strip() == "*":
        raise PreconditionRequired()
    found = _IF_MATCH.fullmatch(header)
    if found is None:
        raise invalid({"If-Match": [_('Send the record\'s ETag as it was given, e.g. "v3".')]})
    return int(found[1])


def stale(record: Any, user: Any) -> ApiError:
    """412: the record moved on since the caller read it; what it is now and who moved it."""
    current = type(record)._base_manager.filter(pk=record.pk).first()
    if current is None:
        return ApiError(
            _("This record was deleted by someone else after you read it."),
            status_code=status.HTTP_404_NOT_FOUND,
            code="not_found",
        )
    entry = last_change(current, hidden=hidden_fields(user, current))
    change = None
    if entry is not None:
        change = {
            "by": str(entry.who) if entry.who else None,
            "at": entry.when.isoformat(),
            "version": entry.version,
            "fields": [c.field for c in entry.changes],
        }
    return ApiError(
        stale_message(type(record), record.pk),
        status_code=status.HTTP_412_PRECONDITION_FAILED,
        code="stale",
        extra={"current_version": current.version, "last_change": change},
    )


def form_data(data: Any) -> Any:
    """A JSON body as a form reads it: lists as repeated values, yes/no as a ticked box."""
    if isinstance(data, QueryDict):
        return data
    if not isinstance(data, dict):
        raise invalid({NON_FIELD: [_("Send a JSON object of the step's fields.")]})
    query = QueryDict(mutable=True)
    for name, value in data.items():
        if value is None or value is False:
            continue
        values = value if isinstance(value, list) else [value]
        query.setlist(name, ["on" if v is True else str(v) for v in values])
    return query


# Lists: the pages' filters, sorting, and cursors that stay fast on a million rows ---------------


class RecordFilterBackend(DjangoFilterBackend):
    """The list page's filterset (its search `q` too), offering only what the caller may see."""

    def get_filterset_class(self, view: Any, queryset: Any = None) -> Any:
        return view.endpoint.filterset

    def get_filterset_kwargs(self, request: Any, queryset: Any, view: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["user"] = request.user
        return kwargs


_SORTABLE = (
    models.CharField,
    models.IntegerField,
    models.DecimalField,
    models.DateField,
    models.AutoField,
    models.BigAutoField,
)


class RecordOrdering(OrderingFilter):
    """`?ordering=-signed_on`: any non-empty field the caller is cleared to see in every row.

    A field that may be empty is not offered: a cursor cannot move past rows without a value.
    """

    def get_valid_fields(
        self, queryset: Any, view: Any, context: Mapping[str, Any] = MappingProxyType({})
    ) -> list[tuple[str, str]]:
        model = view.endpoint.model
        request = context.get("request") or getattr(view, "request", None)
        hidden = maybe_hidden(getattr(request, "user", None), model) if request else set()
        return [
            (f.name, str(f.verbose_name))
            for f in model._meta.concrete_fields
            if isinstance(f, _SORTABLE)
            and not f.null
            and not f.choices
            and f.name not in hidden
            and f.name not in NEVER_SHOWN
        ]

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> list[str]:
        asked = request.query_params.get(self.ordering_param)
        if not asked:
            return ["-id"]
        valid = {
            name for name, _label in self.get_valid_fields(queryset, view, {"request": request})
        }
        fields = [term.strip() for term in asked.split(",") if term.strip()]
        unknown = [f for f in fields if f.lstrip("-") not in valid]
        if unknown or len(fields) != 1:
            raise invalid(
                {
                    self.ordering_param: [
                        _("Sort by one of: %(fields)s (a leading “-” for descending).")
                        % {"fields": ", ".join(sorted(valid))}
                    ]
                }
            )
        return fields


class RecordCursor(CursorPagination):
    page_size = 50
    page_size_query_param = "per_page"
    max_page_size = 200
    ordering = "-id"


# The viewset --------------------------------------------------------------------------------------


class RecordViewSet(RecordsTokenUse, viewsets.GenericViewSet[Any]):
    """List, read, create, change, delete and step one record type (see the module's docstring)."""

    endpoint: Endpoint
    # Any id reaches the view, which answers a malformed one with the API's 404, not the
    # router's HTML page (the router's default refuses a "." in it).
    lookup_value_regex = "[^/]+"
    filter_backends = [RecordFilterBackend, RecordOrdering]
    pagination_class = RecordCursor

    def get_queryset(self) -> Any:
        queryset: Any = self.endpoint.queryset.all()
        return queryset.restrict(self.request.user, "view")

    def get_serializer_class(self) -> Any:
        if self.action in {"create", "update", "partial_update"}:
            return input_serializer(self.endpoint)
        return record_serializer(self.endpoint)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "user": self.request.user}

    # Reading -----------------------------------------------------------------------------

    def list(self, request: Request) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        serializer = record_serializer(self.endpoint)(
            page, many=True, context=self.get_serializer_context()
        )
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.answer(self.visible(pk))

    def visible(self, pk: Any) -> Any:
        try:
            return self.get_queryset().get(pk=int(pk))
        except (ObjectDoesNotExist, ValueError, TypeError):
            raise exceptions.NotFound(_("Not found.")) from None

    def answer(self, record: Any, status_code: int = status.HTTP_200_OK) -> Response:
        data = record_serializer(self.endpoint)(record, context=self.get_serializer_context()).data
        response = Response(data, status=status_code)
        if isinstance(record, TrackedModel):
            response["ETag"] = etag(record)
        return response

    def reread(self, record: Any, status_code: int = status.HTTP_200_OK) -> Response:
        """The record as the caller now sees it (masked), after a write."""
        found = self.get_queryset().filter(pk=record.pk).first()
        if found is None:
            # Written, but no longer the caller's to see (moved out of their scope).
            return Response(status=status.HTTP_204_NO_CONTENT)
        return self.answer(found, status_code)

    # Writing -----------------------------------------------------------------------------

    def stored(self, pk: Any, permission: str) -> Any:
        """The record as stored, for a change: 404 if the caller cannot see it, 403 if they
        see it but may not `permission` it."""
        self.visible(pk)
        model = self.endpoint.model
        manager: Any = model._default_manager
        if not manager.restrict(self.request.user, permission).filter(pk=pk).exists():
            raise exceptions.PermissionDenied()
        return model._base_manager.get(pk=pk)

    def checked_version(self, record: Any) -> int:
        version = loaded_version(self.request)
        if record.version != version:
            raise stale(record, self.request.user)
        return version

    def create(self, request: Request) -> Response:
        model = self.endpoint.model
        if not user_may(request.user, "add", model):
            raise exceptions.PermissionDenied()
        serializer = input_serializer(self.endpoint)(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        record = writes.create(model, by=request.user, **dict(serializer.validated_data))
        response = self.reread(record, status.HTTP_201_CREATED)
        response["Location"] = request.build_absolute_uri(
            reverse(f"api:{self.endpoint.slug}-detail", args=(record.pk,))
        )
        return response

    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        record = self.stored(pk, "change")
        version = self.checked_version(record)
        serializer = input_serializer(self.endpoint)(
            instance=record,
            data=request.data,
            partial=partial,
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        try:
            saved = writes.update(record, by=request.user, version=version, **fields)
        except StaleEditError:
            raise stale(record, request.user) from None
        return self.reread(saved)

    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    def destroy(self, request: Request, pk: str) -> Response:
        record = self.stored(pk, "delete")
        version = self.checked_version(record)
        try:
            with transaction.atomic():
                writes.delete(record, by=request.user, version=version)
        except StaleEditError:
            raise stale(record, request.user) from None
        return Response(status=status.HTTP_204_NO_CONTENT)

    def take_step(self, request: Request, pk: str, step: Transition) -> Response:
        record = self.stored(pk, "change")
        self.checked_version(record)
        form = step.form(
            form_data(request.data), request.FILES or None, user=request.user, record=record
        )
        if not form.is_valid():
            raise invalid(
                {
                    (NON_FIELD if name == "__all__" else name): [str(m) for m in messages]
                    for name, messages in form.errors.items()
                }
            )
        try:
            with transaction.atomic():
                result = step.run(record, by=request.user, form=form)
                if isinstance(result, models.Model) and type(result) is not type(record):
                    # A step that adds a record (a party, an affiliation) adds it only where
                    # the caller may add such records.
                    refuse_unless(request.user, "add", result)
        except StaleEditError:
            raise stale(record, request.user) from None
        except PermissionDenied as error:
            raise exceptions.PermissionDenied(str(error) or None) from None
        return self.reread(record)


# Made per endpoint ---------------------------------------------------------------------------


def _step_view(endpoint: Endpoint, step: Transition) -> Any:
    request = step_serializer(f"{endpoint.component}{_camel(step.name)}Step", step.form)

    def take(self: RecordViewSet, request: Request, pk: str) -> Response:
        return self.take_step(request, pk, step)

    take.__name__ = f"step_{step.name.replace('-', '_')}"
    take.__doc__ = str(step.label)
    routed = action(
        detail=True, methods=["post"], url_path=f"steps/{step.name}", url_name=f"step-{step.name}"
    )(take)
    # Outside the action, as drf-spectacular reads an extra action's schema.
    return extend_schema(
        operation_id=f"{endpoint.slug}_{step.name}".replace("-", "_"),
        summary=str(step.label),
        description=_step_description(step),
        request=request,
        responses={200: record_serializer(endpoint)},
    )(routed)


def _step_description(step: Transition) -> str:
    offered = ", ".join(sorted(step.offered_from)) if step.offered_from is not None else ""
    text = (
        f"Lifecycle step “{step.label}”, taken by its service, which decides whether it is legal."
    )
    return f"{text} Offered from the statuses: {offered}." if offered else text


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[-_]", name))


def viewset_for(endpoint: Endpoint) -> type[RecordViewSet]:
    attributes: dict[str, Any] = {"endpoint": endpoint, "queryset": endpoint.queryset}
    for step in endpoint.steps:
        method = _step_view(endpoint, step)
        attributes[method.__name__] = method
    output = record_serializer(endpoint)
    written = input_serializer(endpoint)
    viewset = type(f"{endpoint.component}ViewSet", (RecordViewSet,), attributes)
    name = str(endpoint.model._meta.verbose_name)
    plural = str(endpoint.model._meta.verbose_name_plural)
    a_name = f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"
    return extend_schema_view(
        list=extend_schema(summary=f"List {plural}", responses={200: output(many=True)}),
        retrieve=extend_schema(summary=f"Read one {name}", responses={200: output}),
        create=extend_schema(summary=f"Create {a_name}", request=written, responses={201: output}),
        update=extend_schema(summary=f"Replace {a_name}", request=written, responses={200: output}),
        partial_update=extend_schema(
            summary=f"Change some fields of {a_name}", request=written, responses={200: output}
        ),
        destroy=extend_schema(
            summary=f"Delete {a_name}", responses={204: OpenApiResponse(description="Deleted.")}
        ),
    )(viewset)


class ApiRoot(RecordsTokenUse, APIView):
    """Every endpoint of the API."""

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        return Response(
            {
                endpoint.slug: request.build_absolute_uri(reverse(f"api:{endpoint.slug}-list"))
                for endpoint in endpoints()
            }
        )


class NoSuchEndpoint(APIView):
    """Any other address under /api/: the API's 404, in its shape, for whoever asks."""

    permission_classes: list[Any] = []

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound(_("There is no such address in the API."))
