"""The audit log in the administration: read-only, for those whose roles show audit events.

Events are written only by the audit's receivers (`accounts.audit`); nobody adds, changes or
deletes one, here or anywhere.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from liaison.core.permissions import user_may

from .audit import describe
from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "username", "ip_address", "model", "object_repr", "what")
    list_filter = ("kind", "at")
    search_fields = ("username", "object_repr", "object_id", "summary")
    date_hierarchy = "at"
    list_per_page = 50
    fields = (
        "at",
        "kind",
        "user",
        "username",
        "ip_address",
        "user_agent",
        "model",
        "object_id",
        "object_repr",
        "what",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        restricted: QuerySet[AuditEvent] = AuditEvent.objects.restrict(request.user, "view")
        return restricted.select_related("user")

    @admin.display(description=_("what"))
    def what(self, event: AuditEvent) -> str:
        return describe(event)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return user_may(request.user, "view", AuditEvent)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return user_may(request.user, "view", AuditEvent)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
