from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from liaison.centers.models import Center
from liaison.core.choices import Confidentiality
from liaison.core.models import TrackedModel
from liaison.core.permissions import RestrictedQuerySet
from liaison.organizations.models import Organization

from .choices import AuditKind, RoleKind, Scope


class UserManager(DjangoUserManager.from_queryset(RestrictedQuerySet)):  # type: ignore[misc]
    """Django's user manager, whose querysets `restrict` like every record's."""


class User(AbstractUser):
    """A person who signs in: office staff, center managers, experts, enterprise users."""

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Role(TrackedModel):
    """What a kind of person may do: rules over models and actions, each with a scope.

    Roles are data an administrator edits; `core.permissions` compiles the rules of a user's
    assignments into one SQL filter per queryset.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=32,
        choices=RoleKind.choices,
        help_text=_("What an assignment of the role names: centers, an organization or nothing."),
    )
    description = models.TextField(_("description"), blank=True)
    clearance = models.CharField(
        _("clearance"),
        max_length=16,
        choices=Confidentiality.choices,
        default=Confidentiality.INTERNAL,
        help_text=_(
            "The highest confidentiality whose values (contract values, amounts, a need's text) "
            "the role sees; above it they are shown as hidden."
        ),
    )
    sees_contacts = models.BooleanField(
        _("sees people's contact data"), default=False, help_text=_("Email and phone of people.")
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["name"]

    def __str__(self) -> str:
        # The default roles' names are translated; an administrator's own are shown as written.
        return gettext(self.name)


class Rule(TrackedModel):
    """One permission of a role: `actions` on `record_types`, within `scope`."""

    role = models.ForeignKey(
        Role, verbose_name=_("role"), on_delete=models.CASCADE, related_name="rules"
    )
    record_types = models.JSONField(
        _("record types"),
        default=list,
        help_text=_('Model labels such as "needs.technicalneed", or "*" for every model.'),
    )
    actions = models.JSONField(
        _("actions"), default=list, help_text=_("Any of view, add, change and delete.")
    )
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, default=Scope.ALL)

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["role", "pk"]

    def __str__(self) -> str:
        return f"{', '.join(self.actions)} · {', '.join(self.record_types)} · {self.get_scope_display()}"


class RoleAssignment(TrackedModel):
    """A role given to a user, scoped to centers (center manager) or an organization (enterprise)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.ForeignKey(
        Role, verbose_name=_("role"), on_delete=models.PROTECT, related_name="assignments"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    centers = models.ManyToManyField(
        Center, verbose_name=_("centers"), blank=True, related_name="role_assignments"
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization"],
                name="role_assignment_unique",
                violation_error_message=_("The user has this role already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role}"


def invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(TrackedModel):
    """A link that lets an organization's contact set a password once, before it expires."""

    email = models.EmailField(_("email"))
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    role = models.ForeignKey(
        Role, verbose_name=_("role"), on_delete=models.PROTECT, related_name="invitations"
    )
    # Only a hash of the token is kept: a copy of the database opens no account.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
        editable=False,
    )
    expires_at = models.DateTimeField(_("expires"), editable=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        editable=False,
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} · {self.organization}"


class AuditEvent(models.Model):
    """One line of the audit log: a change, a sign-in, a failed one, a lockout, a permission."""

    at = models.DateTimeField(_("when"), db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=AuditKind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    # The name as typed (a failed sign-in may name no user) or as it was then.
    username = models.CharField(_("username"), max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    model = models.CharField(_("record type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    object_repr = models.CharField(_("record name"), max_length=300, blank=True)
    summary = models.TextField(_("what"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"], name="audit_record_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} · {self.get_kind_display()} · {self.username}"
