"""/api/v1/changes/?since=N: what was created, changed and deleted since a caller last asked.

Another system (the finance system, the province's platform) keeps up with the office without
polling every list: it reads the feed from `since=0`, keeps the `next` number it is given and
asks again from it. The feed is read off the audit log, whose every change has an increasing
number; a change is in it for a caller who may see its record now (a deletion for one who may
see every record of that type, since the record is gone). Field names, never values: the
caller reads the record itself, through its permissions.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from liaison.accounts.audit import record_model
from liaison.accounts.choices import AuditKind
from liaison.accounts.models import AuditEvent
from liaison.core.permissions import compile_filter

from .authentication import RecordsTokenUse
from .endpoints import endpoint_for
from .errors import ErrorSerializer, invalid
from .serializers import SUMMARY, api_url

KINDS = (AuditKind.CREATED, AuditKind.CHANGED, AuditKind.DELETED)
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Events looked at per request at most, seen or not: a caller who sees few records still
# gets an answer at once, and goes on from `next`.
MAX_SCANNED = 5000


class ChangeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(help_text="The change's number: ask from it with since=.")
    at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=[k.value for k in KINDS])
    type = serializers.CharField(help_text="The endpoint of the record, e.g. agreements.")
    record = SUMMARY
    by = serializers.CharField(allow_blank=True)
    fields = serializers.ListField(child=serializers.CharField())  # type: ignore[assignment]


class ChangesSerializer(serializers.Serializer[Any]):
    changes = ChangeSerializer(many=True)
    next = serializers.IntegerField(help_text="Ask again with since= this number.")
    more = serializers.BooleanField(help_text="Whether changes after `next` are already known.")


def _number(request: Request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit() or (maximum is not None and not 1 <= int(raw) <= maximum):
        message = (
            _("A whole number from 1 to %(maximum)s.") % {"maximum": maximum}
            if maximum is not None
            else _("A whole number, 0 or more.")
        )
        raise invalid({name: [message]})
    return int(raw)


def _fields(event: AuditEvent) -> list[str]:
    try:
        summary = json.loads(event.summary or "{}")
    except ValueError:
        return []
    named = [item[0] for item in summary.get("fields", []) if item]
    return [*named, *summary.get("hidden", [])]


def _seen(user: Any, events: list[AuditEvent]) -> set[int]:
    """The events among `events` whose record `user` may see (one query per record type)."""
    by_model: dict[str, list[AuditEvent]] = defaultdict(list)
    for event in events:
        by_model[event.model].append(event)
    seen: set[int] = set()
    for label, group in by_model.items():
        model = record_model(label)
        if model is None or endpoint_for(model) is None:
            continue
        deleted = [e for e in group if e.kind == AuditKind.DELETED]
        if deleted and compile_filter(user, "view", model) is None:
            seen.update(e.pk for e in deleted)
        living = {e.object_id for e in group if e.kind != AuditKind.DELETED}
        ids = [int(i) for i in living if i.isdigit()]
        if not ids:
            continue
        visible = {
            str(pk)
            for pk in model._default_manager.restrict(user, "view")  # type: ignore[attr-defined]
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        }
        seen.update(e.pk for e in group if e.kind != AuditKind.DELETED and e.object_id in visible)
    return seen


class ChangesView(RecordsTokenUse, APIView):
    """The records created, changed and deleted after change number `since`, oldest first."""

    @extend_schema(
        parameters=[
            OpenApiParameter("since", int, description="The last change number already read."),
            OpenApiParameter("limit", int, description=f"At most this many (≤ {MAX_LIMIT})."),
        ],
        responses={200: ChangesSerializer, 400: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        since = _number(request, "since", 0)
        limit = _number(request, "limit", DEFAULT_LIMIT, MAX_LIMIT)
        candidates = list(
            AuditEvent.objects.filter(kind__in=KINDS, id__gt=since)
            .exclude(model="")
            .order_by("id")[:MAX_SCANNED]
        )
        seen = _seen(request.user, candidates)
        changes: list[dict[str, Any]] = []
        last = since
        for event in candidates:
            if len(changes) == limit:
                break
            last = event.pk
            if event.pk not in seen:
                continue
            model = record_model(event.model)
            endpoint = endpoint_for(model) if model is not None else None
            if model is None or endpoint is None:
                continue
            gone = event.kind == AuditKind.DELETED
            changes.append(
                {
                    "id": event.pk,
                    "at": event.at,
                    "kind": event.kind,
                    "type": endpoint.slug,
                    "record": {
                        "id": int(event.object_id),
                        "display": event.object_repr,
                        "url": None if gone else api_url(model, event.object_id),
                    },
                    "by": event.username,
                    "fields": _fields(event),
                }
            )
        more = (bool(candidates) and last != candidates[-1].pk) or len(candidates) == MAX_SCANNED
        answer = {"changes": changes, "next": last, "more": more}
        return Response(ChangesSerializer(answer).data)
