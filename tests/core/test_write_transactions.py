"""The transaction a write runs in: the service's own, plus one that undoes a write refused after it.

`core.writes.create` and `update` check, after the service wrote, that the record is one the
author may add or change. Only when that check can refuse does the write need a savepoint of
its own around the service's; an import of thousands of rows inside one transaction pays two
round trips for each savepoint it opens.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction

from liaison.accounts.choices import RoleKind
from liaison.core import writes
from liaison.needs.models import TechnicalNeed
from liaison.organizations.choices import OrganizationKind
from liaison.organizations.models import Organization
from tests.accounts.factories import UserFactory
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@contextmanager
def savepoints_open_at_insert(table: str) -> Iterator[list[int]]:
    """The number of savepoints open when each row is inserted into `table`."""
    depth = 0
    found: list[int] = []

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal depth
        statement = sql.lstrip().upper()
        if statement.startswith("SAVEPOINT"):
            depth += 1
        elif statement.startswith(("RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
            # Django releases a savepoint after rolling back to it.
            depth -= statement.startswith("RELEASE")
        elif statement.startswith(f'INSERT INTO "{table.upper()}"'):
            found.append(depth)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield found


def _need_fields(organization: Organization) -> dict[str, Any]:
    return {
        "title": "新需求",
        "description": "A new problem.",
        "organization": organization,
        "submitted_on": datetime.date(2024, 1, 2),
    }


def test_the_create_and_update_services_are_known_to_be_atomic() -> None:
    assert writes.writes_for(Organization).atomic
    assert writes.writes_for(TechnicalNeed).atomic


def test_a_service_without_its_own_transaction_is_not_taken_for_atomic() -> None:
    def plain(**_fields: Any) -> None:
        return None

    assert not writes._is_atomic(plain)
    assert writes._is_atomic(transaction.atomic(plain))


def test_an_author_allowed_every_record_writes_in_the_services_savepoint_alone() -> None:
    staff = UserFactory.create(role=RoleKind.STAFF)
    with transaction.atomic(), savepoints_open_at_insert("organizations_organization") as depths:
        organization = writes.create(
            Organization, by=staff, name_zh="新单位有限公司", kind=OrganizationKind.ENTERPRISE
        )
        writes.update(organization, by=staff, version=organization.version, city="温州市")
    assert depths == [1]
    organization.refresh_from_db()
    assert organization.city == "温州市"


def test_an_author_whose_scope_may_refuse_the_record_writes_in_a_savepoint_of_its_own() -> None:
    own = OrganizationFactory.create()
    enterprise = UserFactory.create(role=RoleKind.ENTERPRISE, organization=own)
    with transaction.atomic(), savepoints_open_at_insert("needs_technicalneed") as depths:
        writes.create(TechnicalNeed, by=enterprise, **_need_fields(own))
    assert depths == [2]


def test_a_record_refused_after_its_service_wrote_it_leaves_nothing_in_the_transaction() -> None:
    own, other = OrganizationFactory.create(), OrganizationFactory.create()
    enterprise = UserFactory.create(role=RoleKind.ENTERPRISE, organization=own)
    with transaction.atomic():
        with pytest.raises(PermissionDenied):
            writes.create(TechnicalNeed, by=enterprise, **_need_fields(other))
        # The transaction goes on (an import reports the row and reads on), without the need.
        assert not TechnicalNeed.objects.filter(organization=other).exists()
        writes.create(TechnicalNeed, by=enterprise, **_need_fields(own))
    assert list(TechnicalNeed.objects.values_list("organization", flat=True)) == [own.pk]
