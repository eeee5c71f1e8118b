"""One import: a file checked, read and written all or nothing, and its report.

The file is checked as the portal's attachments are (`core.uploads.check_upload`: an XLSX is
a zip archive, and one that would unpack to far more than its size is refused unopened),
read into sheets, and imported kind by kind in the registry's order, parents first, in one
transaction over every sheet: any refused row, in any sheet, and nothing is written, while
every refusal is reported (not only the first). A dry run is the same run, rolled back: it
reports what would be created, updated, left alone and refused, and remembers the version of
every record it found, so that the import it leads to refuses a record someone changed since
(`expected`). One import runs at a time: a second one started meanwhile is told so at once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from liaison.core.uploads import MB, check_upload

from . import books
from .registry import kinds
from .resources import CREATED, REFUSED, UNCHANGED, UPDATED, RowOutcome, Run

# An import file may be larger than an attachment: twenty thousand rows are a few megabytes.
MAX_BYTES = 100 * MB
# pg_advisory lock key: "liaison imports".
LOCK_KEY = 0x11A150171


class ImportBusy(Exception):
    """Another import is running."""


@dataclasses.dataclass
class KindReport:
    """What an import did, or would do, with one kind's rows."""

    key: str
    title: str
    sheet: str
    rows: list[dict[str, Any]]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row["action"] == action)

    @property
    def created(self) -> int:
        return self.count(CREATED)

    @property
    def updated(self) -> int:
        return self.count(UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def refused(self) -> int:
        return self.count(REFUSED)


@dataclasses.dataclass
class Report:
    """The outcome of an import or a dry run: per kind, its rows; the file's own refusals."""

    dry_run: bool
    kinds: list[KindReport] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)
    seen: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not any(k.refused for k in self.kinds)

    def row_errors(self) -> list[dict[str, Any]]:
        """Every refused row's errors: sheet, row, column (as the file names it), reason."""
        found = []
        for kind in self.kinds:
            for row in kind.rows:
                for column, message in row["errors"]:
                    found.append(
                        {
                            "sheet": kind.sheet,
                            "row": row["row"],
                            "column": column,
                            "message": message,
                        }
                    )
        return found

    def lines(self) -> list[str]:
        """The report as lines: per kind what was (or would be) done, then every refusal."""
        lines = [
            _(
                "%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s left alone, "
                "%(refused)s refused"
            )
            % {
                "kind": kind.title,
                "created": kind.created,
                "updated": kind.updated,
                "unchanged": kind.unchanged,
                "refused": kind.refused,
            }
            for kind in self.kinds
        ]
        lines.extend(self.errors)
        for error in self.row_errors():
            where = _("%(sheet)s, row %(row)s") % {"sheet": error["sheet"], "row": error["row"]}
            if error["column"]:
                where += f", {error['column']}"
            lines.append(f"  {where}: {error['message']}")
        return lines

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        data = dict(data)
        data["kinds"] = [KindReport(**k) for k in data.get("kinds", [])]
        return cls(**data)


def run_import(
    file: IO[bytes],
    *,
    name: str = "",
    user: Any = None,
    dry_run: bool = False,
    kind: str | None = None,
    expected: dict[str, dict[str, Any]] | None = None,
    progress: Callable[[int], object] | None = None,
    on_total: Callable[[int], object] | None = None,
) -> Report:
    """Import `file` (XLSX or CSV) as `user` (None: the system), or only try it (`dry_run`).

    `expected` are the versions a dry run saw (its report's `seen`): a record changed since is
    refused. `on_total` is told the number of rows once the file is read; `progress` the
    rows done as they are.
    """
    report = Report(dry_run=dry_run)
    try:
        checked = check_upload(file, max_bytes=MAX_BYTES, name=name)
        sheets = books.read(file, content_type=checked.content_type, kind_key=kind, name=name)
    except ValidationError as error:
        report.errors = list(error.messages)
        return report
    except books.FileRefused as refused:
        report.errors = refused.messages
        return report
    if on_total is not None:
        on_total(sum(len(sheet) for sheet in sheets))
    run = Run(user=user, expected=expected, progress=progress)
    try:
        with _one_at_a_time(), transaction.atomic():
            _take_lock()
            report.kinds = _import_sheets(sheets, run)
            report.seen = run.seen
            if dry_run or not report.ok:
                transaction.set_rollback(True)
            else:
                report.written = True
    except ImportBusy:
        report.errors = [
            _("Another import is running; nothing was written. Try again once it has finished.")
        ]
    return report


def _import_sheets(sheets: list[books.Sheet], run: Run) -> list[KindReport]:
    by_key = {sheet.kind.key: sheet for sheet in sheets}
    outcomes: dict[str, dict[int, RowOutcome]] = {}
    done: set[str] = set()
    for found in kinds():
        sheet = by_key.get(found.key)
        if sheet is not None:
            resource = found.make(run=run, row_numbers=sheet.row_numbers)
            result = resource.import_data(
                sheet.dataset, dry_run=False, use_transactions=False, raise_errors=False
            )
            if result.base_errors:
                raise result.base_errors[0].error
            outcomes[found.key] = {o.row: o for o in resource.outcomes}
        done.add(found.key)
        _finish_waiting(run, outcomes, done)
    _finish_waiting(run, outcomes, None)
    reports = []
    for found in kinds():
        sheet = by_key.get(found.key)
        if sheet is None:
            continue
        rows = []
        for outcome in sorted(outcomes[found.key].values(), key=lambda o: o.row):
            rows.append(
                {
                    "row": outcome.row,
                    "action": outcome.action,
                    "record": outcome.record,
                    "errors": [
                        (sheet.headers.get(column, column) if column else "", message)
                        for column, message in outcome.errors
                    ],
                }
            )
        reports.append(KindReport(key=found.key, title=found.title(), sheet=sheet.name, rows=rows))
    return reports


def _finish_waiting(
    run: Run, outcomes: dict[str, dict[int, RowOutcome]], done: set[str] | None
) -> None:
    """Take the lifecycle steps due once the kinds `done` are written (None: every one left)."""
    waiting = []
    due_now = []
    for resource, row, record, steps, values in run.pending:
        life = resource.lifecycle
        assert life is not None
        due = 0
        while due < len(steps) and (done is None or life.due(steps[due]) in done):
            due += 1
        if due:
            due_now.append((resource, row, record, steps, values, due))
        elif steps:
            waiting.append((resource, row, record, steps, values))
    # The records as the sheets since have left them (their versions moved on): read again,
    # a chunk at a time rather than one by one.
    fresh = _reloaded([record for _r, _n, record, *_rest in due_now])
    for resource, row, record, steps, values, due in due_now:
        record = fresh.get((type(record), record.pk), record)
        try:
            resource.finish(record, steps[:due], values)
        except ValidationError as error:
            outcome = outcomes[resource.kind_key][row]
            outcome.action = REFUSED
            outcome.errors = _field_messages(error)
            continue
        if steps[due:]:
            waiting.append((resource, row, record, steps[due:], values))
    run.pending = waiting


def _reloaded(records: list[Any]) -> dict[tuple[type[Any], Any], Any]:
    by_model: dict[type[Any], list[Any]] = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record.pk)
    found: dict[tuple[type[Any], Any], Any] = {}
    for model, pks in by_model.items():
        for start in range(0, len(pks), 500):
            for pk, record in model._base_manager.in_bulk(pks[start : start + 500]).items():
                found[(model, pk)] = record
    return found


def _field_messages(error: ValidationError) -> list[tuple[str, str]]:
    if not hasattr(error, "error_dict"):
        return [("", m) for m in error.messages]
    return [
        ("" if name == "__all__" else name, message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]


# One import at a time ------------------------------------------------------------------------


@contextlib.contextmanager
def _one_at_a_time() -> Iterator[None]:
    """On SQLite, a lock file in the data folder (released by the system if the process dies);
    PostgreSQL's lock is taken in the transaction (`_take_lock`)."""
    if connection.vendor == "postgresql":
        yield
        return
    path = Path(settings.DATA_DIR) / "import.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ImportBusy from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _take_lock() -> None:
    """PostgreSQL: a transaction-level advisory lock, let go at commit, rollback or a lost
    connection (a killed import holds nothing)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        (taken,) = cursor.fetchone()
    if not taken:
        raise ImportBusy
