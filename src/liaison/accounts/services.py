"""Writes to roles, their rules and their assignments: who may do what, changed by the
administrators through the one write path, each change in the history and the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.centers.models import Center
from liaison.core import permissions, writes
from liaison.core.lifecycle import FieldErrors
from liaison.core.writes import create_record, delete_record, update_record
from liaison.organizations.models import Organization

from .choices import RoleKind
from .models import Role, RoleAssignment, Rule, User

ACTIONS = set(permissions.ACTIONS)


def _check_rule(errors: FieldErrors, fields: dict[str, Any]) -> None:
    from django.apps import apps

    labels = fields.get("record_types")
    if labels is not None:
        unknown = []
        for label in labels if isinstance(labels, list) else [labels]:
            if label == "*":
                continue
            try:
                apps.get_model(str(label))
            except (LookupError, ValueError):
                unknown.append(str(label))
        if not isinstance(labels, list) or not labels:
            errors.add("record_types", _("Name one record type or more, or *."), code="empty")
        elif unknown:
            errors.add(
                "record_types",
                _("Unknown record types: %(labels)s.") % {"labels": ", ".join(unknown)},
                code="unknown_model",
            )
    actions = fields.get("actions")
    if actions is not None and (
        not isinstance(actions, list) or not actions or not set(actions) <= ACTIONS
    ):
        errors.add(
            "actions",
            _("Actions are any of: view, add, change, delete."),
            code="unknown_action",
        )


def _check_assignment(errors: FieldErrors, role: Role | None, organization: Any) -> None:
    if role is None:
        return
    if role.kind == RoleKind.ENTERPRISE and organization is None:
        errors.add(
            "organization",
            _("An enterprise user's role names the organization whose records they see."),
            code="organization_required",
        )
    if role.kind != RoleKind.ENTERPRISE and organization is not None:
        errors.add(
            "organization",
            _("Only an enterprise user's role names an organization."),
            code="organization_not_allowed",
        )


@transaction.atomic
def role_create(*, by: User | None, **fields: Any) -> Role:
    return create_record(Role, by=by, **fields)


@transaction.atomic
def role_update(*, role: Role, by: User | None, version: int | None = None, **fields: Any) -> Role:
    return update_record(role, by=by, version=version, **fields)


@transaction.atomic
def role_delete(*, role: Role, by: User | None, version: int | None = None) -> None:
    delete_record(role, by=by, version=version)


@transaction.atomic
def rule_create(*, by: User | None, **fields: Any) -> Rule:
    errors = FieldErrors()
    _check_rule(errors, fields)
    return create_record(Rule, by=by, errors=errors, **fields)


@transaction.atomic
def rule_update(*, rule: Rule, by: User | None, version: int | None = None, **fields: Any) -> Rule:
    errors = FieldErrors()
    _check_rule(errors, fields)
    return update_record(rule, by=by, version=version, errors=errors, **fields)


@transaction.atomic
def rule_delete(*, rule: Rule, by: User | None, version: int | None = None) -> None:
    delete_record(rule, by=by, version=version)


@transaction.atomic
def assignment_create(*, by: User | None, **fields: Any) -> RoleAssignment:
    """Give a user a role, scoped to centers (a center manager) or an organization."""
    errors = FieldErrors()
    _check_assignment(errors, fields.get("role"), fields.get("organization"))
    assignment = create_record(RoleAssignment, by=by, errors=errors, **fields)
    permissions.forget(assignment.user)
    return assignment


@transaction.atomic
def assignment_update(
    *, roleassignment: RoleAssignment, by: User | None, version: int | None = None, **fields: Any
) -> RoleAssignment:
    errors = FieldErrors()
    _check_assignment(
        errors,
        fields.get("role", roleassignment.role),
        fields.get("organization", roleassignment.organization),
    )
    assignment = update_record(roleassignment, by=by, version=version, errors=errors, **fields)
    permissions.forget(assignment.user)
    return assignment


@transaction.atomic
def assignment_delete(
    *, roleassignment: RoleAssignment, by: User | None, version: int | None = None
) -> None:
    delete_record(roleassignment, by=by, version=version)
    permissions.forget(roleassignment.user)


def default_role(kind: str) -> Role:
    """The first role of `kind` (the one the installation started with, unless renamed)."""
    role = Role.objects.filter(kind=kind).order_by("pk").first()
    if role is None:
        raise Role.DoesNotExist(f"No role of kind {kind}: run the migrations.")
    return role


def assign(
    user: User,
    kind: str,
    *,
    by: User | None = None,
    organization: Organization | None = None,
    centers: Iterable[Center] = (),
) -> RoleAssignment:
    """Give `user` the default role of `kind`: what invitations, the demo and tests use."""
    fields: dict[str, Any] = {"user": user, "role": default_role(kind)}
    if organization is not None:
        fields["organization"] = organization
    centers = list(centers)
    if centers:
        fields["centers"] = centers
    return writes.create(RoleAssignment, by=by, **fields)


writes.register(Role, create=role_create, update=role_update, delete=role_delete)
writes.register(Rule, create=rule_create, update=rule_update, delete=rule_delete)
writes.register(
    RoleAssignment, create=assignment_create, update=assignment_update, delete=assignment_delete
)

permissions.scoped(Role, domain=False)
permissions.scoped(Rule, domain=False)
permissions.scoped(RoleAssignment, domain=False, own="user")
permissions.scoped(User, domain=False, own="")
