"""A user's grants, read from their role assignments in two queries (three for a center
manager, whose centers are read too): what `core.permissions` compiles into each queryset's
filter."""

from __future__ import annotations

from typing import Any

from liaison.core.permissions import LEVELS, Grant, Grants

from .choices import RoleKind
from .models import RoleAssignment, Rule


def grants_of(user: Any) -> Grants:
    assignments = list(RoleAssignment.objects.filter(user_id=user.pk).select_related("role"))
    if not assignments:
        return Grants()
    centers: dict[int, set[int]] = {}
    if any(a.role.kind == RoleKind.CENTER_MANAGER for a in assignments):
        through = RoleAssignment.centers.through.objects.filter(
            roleassignment_id__in=[a.pk for a in assignments]
        )
        for assignment_id, center_id in through.values_list("roleassignment_id", "center_id"):
            centers.setdefault(assignment_id, set()).add(center_id)
    rules: dict[int, list[Rule]] = {}
    for rule in Rule.objects.filter(role_id__in={a.role_id for a in assignments}):
        rules.setdefault(rule.role_id, []).append(rule)
    grants = [
        Grant(
            labels=frozenset(str(label).lower() for label in rule.record_types),
            actions=frozenset(rule.actions),
            scope=rule.scope,
            organization_ids=frozenset([a.organization_id] if a.organization_id else []),
            center_ids=frozenset(centers.get(a.pk, ())),
        )
        for a in assignments
        for rule in rules.get(a.role_id, [])
    ]
    return Grants(
        rules=tuple(grants),
        clearance=max(LEVELS.get(a.role.clearance, 0) for a in assignments),
        sees_contacts=any(a.role.sees_contacts for a in assignments),
    )
