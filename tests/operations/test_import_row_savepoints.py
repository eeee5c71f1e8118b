"""Each row of an import is written in one savepoint of its own, and its services' blocks in none.

A refused row is undone whole at once, so the rows below it find nothing of it; a row
written keeps every history and audit row the services give; a failure the write path
catches inside a row (the audit's guarded write) fails the row instead of leaving it half
written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.transaction import TransactionManagementError

from liaison.accounts.models import AuditEvent, User
from liaison.operations.imports.resources import row_savepoint
from liaison.organizations.models import Organization
from liaison.patents.models import Patent
from tests.accounts.factories import UserFactory
from tests.operations.import_files import counts, errors, run
from tests.operations.test_import_kinds_patents import PATENT_COLUMNS, patents_file
from tests.organizations.factories import valid_credit_code
from tests.patents.factories import cn_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> User:
    return UserFactory.create()


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements run inside the block."""
    found: list[str] = []

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        found.append(sql.lstrip())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield found


def organizations_sheet(count: int) -> list[list[Any]]:
    return [["name_zh", "credit_code", "kind"]] + [
        [f"保存点测试企业{n}有限公司", valid_credit_code(900 + n), "Enterprise"]
        for n in range(count)
    ]


def test_a_row_takes_one_savepoint_whatever_its_services_open(office: User) -> None:
    taken: dict[int, int] = {}
    for rows in (1, 3):
        with statements() as sql:
            report = run({"organizations": organizations_sheet(rows)}, office, dry_run=True)
        assert counts(report) == {"organizations": (rows, 0, 0, 0)}
        taken[rows] = len([s for s in sql if s.startswith("SAVEPOINT")])

    assert taken[3] - taken[1] == 2


def test_the_rows_written_keep_their_histories_and_audit_events(office: User) -> None:
    report = run({"organizations": organizations_sheet(2)}, office)

    assert report.ok, errors(report)
    for organization in Organization.objects.filter(name_zh__startswith="保存点测试企业"):
        assert [h.history_type for h in organization.history.all()] == ["+"]
        assert AuditEvent.objects.filter(
            model="organizations.organization", object_id=str(organization.pk), user=office
        ).exists()


def test_a_refused_row_leaves_nothing_the_rows_below_find(office: User) -> None:
    sheets, _number = patents_file()
    written = dict(zip(PATENT_COLUMNS, sheets["patents"][1], strict=True))
    number = cn_number(2018)
    # Written, then refused as its grant is taken: granted without examination requested.
    refused = {
        **written,
        "application_number": number,
        "filed_on": "2018-01-10",
        "status": "Granted",
        "published_on": "",
        "examination_requested_on": "",
        "granted_on": "2020-01-10",
        "ended_on": "",
    }
    # The same patent again, only filed: new, since the refused row left nothing.
    filed = {**refused, "status": "Pending", "granted_on": ""}
    sheets["patents"] += [[row[c] for c in PATENT_COLUMNS] for row in (refused, filed)]

    report = run(sheets, office, dry_run=True)

    rows = {row["row"]: row for row in report.kinds[0].rows}
    assert rows[4]["action"] == "refused"
    assert [column for column, _m in rows[4]["errors"]] == ["status"]
    assert rows[5]["action"] == "created", rows[5]
    assert not Patent.objects.exists()


def _write_with_a_failure_caught_inside(name: str) -> None:
    with row_savepoint():
        Organization.objects.create(name_zh=name, kind="enterprise")
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT no_such_column FROM organizations_organization")
        except DatabaseError:
            pass  # caught, as the audit's guarded write catches its failures


def _write_and_refuse(name: str) -> None:
    with row_savepoint():
        Organization.objects.create(name_zh=name, kind="enterprise")
        with transaction.atomic():
            raise Refused


class Refused(Exception):
    pass


def test_a_failure_caught_inside_a_row_fails_the_row_instead_of_hiding() -> None:
    with transaction.atomic():
        with pytest.raises(TransactionManagementError):
            _write_with_a_failure_caught_inside("写到一半的企业")
        assert not Organization.objects.filter(name_zh="写到一半的企业").exists()


def test_a_failure_reaching_the_row_undoes_it_and_the_transaction_goes_on() -> None:
    with transaction.atomic():
        with pytest.raises(Refused):
            _write_and_refuse("被退回的企业")
        assert not Organization.objects.filter(name_zh="被退回的企业").exists()
        Organization.objects.create(name_zh="之后的企业", kind="enterprise")
    assert Organization.objects.filter(name_zh="之后的企业").exists()
