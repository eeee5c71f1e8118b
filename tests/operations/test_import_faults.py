"""Imports under faults: two people importing at once, and an import killed in the middle."""

from __future__ import annotations

import io
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from liaison.core import writes
from liaison.operations.imports.runs import Report, run_import
from liaison.organizations.choices import OrganizationKind
from liaison.organizations.models import Organization
from tests.operations.test_imports import ORGANIZATIONS, institute_file, workbook
from tests.organizations.factories import valid_credit_code

POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two connections writing at once: Django's SQLite test database is in memory, "
    "where one writer locks whole tables",
)


def organizations_file(count: int, *, start: int = 0) -> io.BytesIO:
    rows: list[list[Any]] = [["Chinese name", "Unified social credit code", "Kind"]]
    rows += [
        [f"并发测试企业{n}", valid_credit_code(5000 + n), "Enterprise"]
        for n in range(start, start + count)
    ]
    return workbook({"organizations": rows})


@pytest.mark.django_db(transaction=True)
@POSTGRESQL_ONLY
def test_a_second_import_while_one_runs_is_told_so_and_nothing_is_lost() -> None:
    first_halfway, second_done = threading.Event(), threading.Event()
    reports: dict[str, Report] = {}

    def progress(rows: int) -> None:
        # The first import stops halfway, holding its rows, until the second one has tried.
        if not first_halfway.is_set():
            first_halfway.set()
            assert second_done.wait(timeout=60)

    def first() -> None:
        try:
            reports["first"] = run_import(institute_file(), name="a.xlsx", progress=progress)
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert first_halfway.wait(timeout=60)
        changed = [row[:] for row in ORGANIZATIONS]
        changed[1][3] = "杭州市"
        reports["second"] = run_import(institute_file(organizations=changed), name="b.xlsx")
    finally:
        second_done.set()
        thread.join()

    assert reports["second"].errors == [
        "Another import is running; nothing was written. Try again once it has finished."
    ]
    assert reports["first"].written
    assert Organization.objects.count() == 3
    assert Organization.objects.get(name_zh="甲科技有限公司").city == "温州市"


@pytest.mark.django_db(transaction=True)
@POSTGRESQL_ONLY
def test_a_key_taken_meanwhile_by_another_writer_is_a_conflict_not_a_failure() -> None:
    """Someone adds an organization with a credit code the import is creating: the import
    waits on the unique key, then refuses the row with a conflict and writes nothing."""
    code = valid_credit_code(4242)
    page_wrote, page_commit = threading.Event(), threading.Event()

    def page() -> None:
        try:
            with transaction.atomic():
                writes.create(
                    Organization,
                    by=None,
                    name_zh="页面新建的公司",
                    credit_code=code,
                    kind=OrganizationKind.ENTERPRISE,
                )
                page_wrote.set()
                assert page_commit.wait(timeout=60)
        finally:
            connection.close()

    def waiting_on_a_lock() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            return bool(cursor.fetchone()[0])

    def release_when_the_import_waits() -> None:
        # Polls the server's lock table (not the clock) until the import's insert waits.
        try:
            while not waiting_on_a_lock():
                if page_commit.wait(timeout=0.05):
                    return
            page_commit.set()
        finally:
            connection.close()

    writer = threading.Thread(target=page)
    writer.start()
    assert page_wrote.wait(timeout=60)
    watcher = threading.Thread(target=release_when_the_import_waits)
    watcher.start()
    try:
        file = workbook(
            {
                "organizations": [
                    ["Chinese name", "Unified social credit code", "Kind"],
                    ["导入的公司", code, "Enterprise"],
                ]
            }
        )
        report = run_import(file, name="o.xlsx")
    finally:
        page_commit.set()
        watcher.join()
        writer.join()

    assert [e["row"] for e in report.row_errors()] == [2]
    assert "Someone else changed this record" in report.row_errors()[0]["message"]
    assert list(Organization.objects.values_list("name_zh", flat=True)) == ["页面新建的公司"]


# An import killed in the middle ------------------------------------------------------------

ROWS = 1500


def liaison(data: Path, *args: str, **kwargs: Any) -> subprocess.Popen[bytes]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment["LIAISON_DATA_DIR"] = str(data)
    command = [sys.executable, "-c", "from liaison.cli import main; main()", *args]
    return subprocess.Popen(command, env=environment, **kwargs)


def organizations_in(data: Path) -> int:
    with sqlite3.connect(data / "liaison.sqlite3") as database:
        return int(
            database.execute("SELECT count(*) FROM organizations_organization").fetchone()[0]
        )


def test_an_import_killed_in_the_middle_leaves_nothing_and_runs_again(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert liaison(data, "migrate", "-v0").wait() == 0
    file = tmp_path / "organizations.xlsx"
    file.write_bytes(organizations_file(ROWS).getvalue())

    running = liaison(data, "import", str(file), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert running.stderr is not None
    seen = b""
    # The progress bar on stderr says how many rows are written; kill it a third of the way.
    while True:
        chunk = os.read(running.stderr.fileno(), 4096)
        assert chunk, seen.decode(errors="replace")
        seen += chunk
        done = [int(n) for n in re.findall(rb"(\d+)/%d" % ROWS, seen)]
        if done and max(done) >= ROWS // 3:
            break
    running.send_signal(signal.SIGKILL)
    running.wait()

    assert organizations_in(data) == 0
    again = liaison(data, "import", str(file), "--no-progress", stdout=subprocess.PIPE)
    assert again.wait() == 0
    assert organizations_in(data) == ROWS
