"""The administrators' pages of accounts: users and the roles they hold, roles and their rules.

Only users whose roles cover the accounts' records (the Administrator role) reach them; every
change goes through the services of accounts.services and is in the history and the audit log.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import (
    RECORD_FIELDSET,
    PermissionsFromCore,
    ReadOnlyAdmin,
    TrackedAdmin,
    TrackedInline,
)

from . import audit_admin  # noqa: F401  (the audit log, read-only)
from .models import Invitation, Role, RoleAssignment, Rule, User


class RuleInline(TrackedInline):
    model = Rule
    fields = ("record_types", "actions", "scope")


class AssignmentInline(TrackedInline):
    model = RoleAssignment
    fk_name = "user"
    fields = ("role", "organization")


@admin.register(Role)
class RoleAdmin(TrackedAdmin):
    list_display = ("name", "kind", "clearance", "sees_contacts")
    list_filter = ("kind", "clearance")
    search_fields = ("name", "description")
    inlines = (RuleInline,)
    fieldsets = (
        (None, {"fields": ("name", "kind", "description")}),
        (_("What it sees"), {"fields": ("clearance", "sees_contacts")}),
        RECORD_FIELDSET,
    )


@admin.register(Rule)
class RuleAdmin(TrackedAdmin):
    list_display = ("role", "scope", "__str__")
    list_filter = ("role", "scope")
    autocomplete_fields = ("role",)
    fieldsets = ((None, {"fields": ("role", "record_types", "actions", "scope")}), RECORD_FIELDSET)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(TrackedAdmin):
    list_display = ("user", "role", "organization")
    list_filter = ("role",)
    search_fields = ("user__username", "organization__name_zh", "organization__name_en")
    list_select_related = ("user", "role", "organization")
    autocomplete_fields = ("user", "role", "organization", "centers")
    fieldsets = (
        (None, {"fields": ("user", "role")}),
        (_("Scope"), {"fields": ("organization", "centers")}),
        RECORD_FIELDSET,
    )


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    """Invitations are made, and revoked, from their organization's page, which shows a new
    one's link once; here they are only listed."""

    list_display = ("email", "organization", "role", "expires_at", "accepted_at")
    list_filter = ("role", "accepted_at")
    search_fields = ("email", "organization__name_zh", "organization__name_en")
    list_select_related = ("organization", "role")


@admin.register(User)
class UserAdmin(PermissionsFromCore, DjangoUserAdmin):
    """Django's own user admin (passwords, activity), opened only to account administrators."""

    inlines = (AssignmentInline,)

    def has_module_permission(self, request: object) -> bool:
        return self._may(request, "view")  # type: ignore[arg-type]
