"""A user's grants, read from their role assignments in two queries: what
`core.permissions` compiles into each queryset's filter."""

from __future__ import annotations

from typing import Any

from liaison.core.permissions import LEVELS, Grant, Grants

from .models import RoleAssignment, Rule


def grants_of(user: Any) -> Grants:
    assignments = list(
        RoleAssignment.objects.filter(user_id=user.pk)
        .select_related("role")
        .prefetch_related("centers")
    )
    if not assignments:
        return Grants()
    rules: dict[int, list[Rule]] = {}
    for rule in Rule.objects.filter(role_id__in={a.role_id for a in assignments}):
        rules.setdefault(rule.role_id, []).append(rule)
    grants = [
        Grant(
            labels=frozenset(str(label).lower() for label in rule.record_types),
            actions=frozenset(rule.actions),
            scope=rule.scope,
            organization_ids=frozenset([a.organization_id] if a.organization_id else []),
            center_ids=frozenset(c.pk for c in a.centers.all()),
        )
        for a in assignments
        for rule in rules.get(a.role_id, [])
    ]
    return Grants(
        rules=tuple(grants),
        clearance=max(LEVELS.get(a.role.clearance, 0) for a in assignments),
        sees_contacts=any(a.role.sees_contacts for a in assignments),
    )
