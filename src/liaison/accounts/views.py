"""The accounts' pages: the audit log, for the administrators."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _

from liaison.core.permissions import user_may
from liaison.core.views import generic

from .filtersets import AuditEventFilterSet
from .models import AuditEvent
from .tables import AuditEventTable


class AuditLogView(generic.ObjectListView):
    """Every change, permission change, sign-in, failed sign-in and lockout; filterable,
    exportable, and absent (404) for anyone whose roles do not show audit events."""

    queryset = AuditEvent.objects.all()
    filterset = AuditEventFilterSet
    table = AuditEventTable

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        if not user_may(request.user, "view", AuditEvent):
            raise Http404
        return super().get(request, **kwargs)

    def base_context(self) -> dict[str, Any]:
        return {**super().base_context(), "verbose_name_plural": _("audit log")}
