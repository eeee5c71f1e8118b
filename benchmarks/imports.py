"""Import throughput in rows per second, against Django's plain `bulk_create` of the same rows
in the same run, on PostgreSQL.

    .venv/bin/python benchmarks/imports.py [--organizations 5000] [--people 5000]
        [--agreements 2500] [--repeat 3] [--database-url URL] [--profile]

In a database of its own (created and migrated the first time; its tables emptied before
every run), one workbook is made with three sheets' worth of rows of each kind — organizations
(with valid credit codes), people (each named by their organization, so each brings its first
affiliation), agreements signed on a date (so each is walked through the signing service)
and two parties per agreement — and then, `--repeat` times each:

1. `run_import` of the workbook as a member of the office's staff (check_upload, reading the XLSX, finding every
   row's key, every row through `core.writes` and the services with their validation,
   permission checks, history rows and lifecycle step, one transaction);
2. the baseline: the same records built as model instances from the same values and written
   with `bulk_create` (1,000 a batch) in one transaction: no validation, no history, no
   services — what the database alone takes.

It prints the median seconds and rows per second of each, and the ratio of the import's
throughput to bulk_create's (the issue's goal: at least 50 % with every rule checked). Rows
are the file's rows (organizations + people + agreements + parties); the import writes more
than the baseline for them (a history row per write, the affiliations). It also prints the
queries of the last import per row, by kind (savepoints, the model validation's constraint
checks, inserts by table, other reads and updates). `--profile` prints the functions the last
import spent most time in.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import datetime
import io
import pstats
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import ensure_database, setup_django


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organizations", type=int, default=5000)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--agreements", type=int, default=2500, help="each with two parties")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/liaison_bench_imports"
    )
    parser.add_argument("--profile", action="store_true")
    return parser.parse_args()


def credit_code(n: int) -> str:
    from liaison.core.validators import CREDIT_CODE_ALPHABET, credit_code_check_character

    body = "91330300" + "".join(CREDIT_CODE_ALPHABET[(n // 31**i) % 31] for i in range(9))
    return body + credit_code_check_character(body)


SIGNED_ON = datetime.date(2024, 3, 5)


def sheets(args: argparse.Namespace) -> dict[str, list[list[Any]]]:
    """The rows of each kind, as a person fills the templates."""
    organizations = [["Chinese name", "Unified social credit code", "Kind", "City"]]
    for n in range(args.organizations):
        organizations.append([f"基准测试企业{n}有限公司", credit_code(n), "Enterprise", "温州市"])
    people = [["Chinese name", "Organization (credit code or Chinese name)", "Kind", "Title"]]
    for n in range(args.people):
        people.append([f"研究员{n}", credit_code(n % args.organizations), "Researcher", "研究员"])
    agreements = [["Number", "Chinese title", "Kind", "Status", "Signed on", "Value"]]
    parties = [["Agreement (number)", "Organization (credit code or Chinese name)", "Role"]]
    for n in range(args.agreements):
        number = f"BENCH-{n:06d}"
        agreements.append(
            [
                number,
                f"技术开发合同{n}",
                "Technology development contract",
                "Signed",
                SIGNED_ON,
                100000 + n,
            ]
        )
        parties.append([number, credit_code(n % args.organizations), "Client"])
        parties.append([number, credit_code((n + 1) % args.organizations), "Contractor"])
    return {
        "organizations": organizations,
        "people": people,
        "agreements": agreements,
        "agreement-parties": parties,
    }


def workbook(data: dict[str, list[list[Any]]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, rows in data.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def models() -> list[Any]:
    from liaison.agreements.models import Agreement, AgreementParty
    from liaison.organizations.models import Organization
    from liaison.people.models import Affiliation, Person

    return [AgreementParty, Agreement, Affiliation, Person, Organization]


def empty_tables() -> None:
    from django.db import connection

    tables = []
    for model in models():
        tables += [model._meta.db_table, model.history.model._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")


def office_user() -> Any:
    """A member of the office's staff: the import runs under their roles, checked per row."""
    from django.contrib.auth import get_user_model

    from liaison.accounts import services
    from liaison.accounts.choices import RoleKind
    from liaison.accounts.models import RoleAssignment
    from liaison.core import permissions

    user, _created = get_user_model()._default_manager.get_or_create(username="bench-importer")
    # Emptying the organizations' table cascades to role assignments: given again each run.
    if not RoleAssignment.objects.filter(user=user).exists():
        services.assign(user, RoleKind.STAFF)
    permissions.forget(user)
    return user


_INSERT = re.compile(r'^INSERT INTO "(\w+)"')


def query_kind(sql: str) -> str:
    """What a query is, for the tally: a savepoint, a constraint check, an insert into a table…"""
    statement = sql.lstrip()
    if statement.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
        return "savepoint (taken or released)"
    if '"_check"' in statement:
        # Django's validate_constraints asks the database about each check constraint and
        # each conditional unique constraint.
        return "constraint check (model validation)"
    inserted = _INSERT.match(statement)
    if inserted:
        table = inserted.group(1)
        if table == "accounts_auditevent":
            return "insert: audit event"
        return "insert: history row" if "_historical" in table else "insert: record"
    if statement.startswith("UPDATE"):
        return "update"
    if statement.startswith("SELECT"):
        return "select"
    return statement.split(" ", 1)[0].lower()


def imported(
    content: bytes,
    user: Any,
    profile: cProfile.Profile | None,
    queries: collections.Counter[str],
) -> float:
    from django.db import connection

    from liaison.operations.imports.runs import run_import

    def tally(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries[query_kind(sql)] += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    if profile is not None:
        profile.enable()
    with connection.execute_wrapper(tally):
        report = run_import(io.BytesIO(content), name="benchmark.xlsx", user=user)
    if profile is not None:
        profile.disable()
    seconds = time.perf_counter() - started
    assert report.ok, (report.errors, report.row_errors()[:5])
    assert report.written
    return seconds


def bulk_created(data: dict[str, list[list[Any]]]) -> float:
    """The same records with bulk_create: the values the import reads, as model instances."""
    from django.db import transaction

    from liaison.agreements.choices import AgreementKind, AgreementStatus, PartyRole
    from liaison.agreements.models import Agreement, AgreementParty
    from liaison.organizations.choices import OrganizationKind
    from liaison.organizations.models import Organization
    from liaison.people.choices import PersonKind
    from liaison.people.models import Affiliation, Person

    started = time.perf_counter()
    with transaction.atomic():
        organizations = Organization.objects.bulk_create(
            [
                Organization(
                    name_zh=name, credit_code=code, kind=OrganizationKind.ENTERPRISE, city=city
                )
                for name, code, _kind, city in data["organizations"][1:]
            ],
            batch_size=1000,
        )
        by_code = {o.credit_code: o for o in organizations}
        people = Person.objects.bulk_create(
            [
                Person(name_zh=name, kind=PersonKind.RESEARCHER, title=title)
                for name, _code, _kind, title in data["people"][1:]
            ],
            batch_size=1000,
        )
        Affiliation.objects.bulk_create(
            [
                Affiliation(person=person, organization=by_code[row[1]], is_primary=True)
                for person, row in zip(people, data["people"][1:], strict=True)
            ],
            batch_size=1000,
        )
        agreements = Agreement.objects.bulk_create(
            [
                Agreement(
                    number=number,
                    title_zh=title,
                    kind=AgreementKind.TECH_DEVELOPMENT,
                    status=AgreementStatus.SIGNED,
                    signed_on=signed_on,
                    value=value,
                )
                for number, title, _kind, _status, signed_on, value in data["agreements"][1:]
            ],
            batch_size=1000,
        )
        by_number = {a.number: a for a in agreements}
        roles = {"Client": PartyRole.CLIENT, "Contractor": PartyRole.CONTRACTOR}
        AgreementParty.objects.bulk_create(
            [
                AgreementParty(
                    agreement=by_number[number], organization=by_code[code], role=roles[role]
                )
                for number, code, role in data["agreement-parties"][1:]
            ],
            batch_size=1000,
        )
    return time.perf_counter() - started


def main() -> None:
    args = parse_args()
    ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    assert connection.vendor == "postgresql", "this benchmark measures PostgreSQL"
    call_command("migrate", verbosity=0)
    user = office_user()
    data = sheets(args)
    rows = sum(len(r) - 1 for r in data.values())
    content = workbook(data)
    print(
        f"{rows} rows: {args.organizations} organizations, {args.people} people, "
        f"{args.agreements} agreements (signed) with {2 * args.agreements} parties; "
        f"workbook {len(content) / 1024:.0f} KiB; median of {args.repeat} runs each"
    )
    import_seconds: list[float] = []
    bulk_seconds: list[float] = []
    profile = cProfile.Profile() if args.profile else None
    queries: collections.Counter[str] = collections.Counter()
    for run in range(args.repeat):
        empty_tables()
        user = office_user()
        queries.clear()
        last = run == args.repeat - 1
        import_seconds.append(imported(content, user, profile if last else None, queries))
        empty_tables()
        bulk_seconds.append(bulk_created(data))
        print(
            f"  run {run + 1}: import {import_seconds[-1]:.1f} s, bulk_create {bulk_seconds[-1]:.2f} s",
            flush=True,
        )
    empty_tables()
    imports_s, bulk_s = statistics.median(import_seconds), statistics.median(bulk_seconds)
    print(f"import (services, every rule): {imports_s:8.2f} s  {rows / imports_s:10.0f} rows/s")
    print(f"bulk_create (no rule):         {bulk_s:8.2f} s  {rows / bulk_s:10.0f} rows/s")
    print(f"import / bulk_create throughput: {100 * bulk_s / imports_s:.1f} % (goal ≥ 50 %)")
    total = sum(queries.values())
    print(f"queries of the last import: {total} = {total / rows:.1f} a row")
    for kind, count in queries.most_common():
        print(f"  {count / rows:6.2f} a row  {kind}")
    if profile is not None:
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
