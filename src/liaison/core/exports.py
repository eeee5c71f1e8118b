"""A list's filtered rows written to CSV or XLSX, directly or as a job whose progress a page shows.

The rows are the table's own columns (`value_…` of each column, so links become text), read
from the database in chunks, so an export of a hundred thousand rows never holds them all.
A small export is sent at once; a large one runs as a background job that writes the file
into the data folder and a status beside it, which the progress page polls.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import decimal
import io
import json
import re
import secrets
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.encoding import force_str
from django_tables2.rows import BoundRow

from .permissions import is_hidden

if TYPE_CHECKING:
    import django_tables2 as tables
    from django.db.models import QuerySet

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
CHUNK = 1000
# A finished export's file is kept this long for its download, then cleared by a later export.
KEEP_FOR = datetime.timedelta(hours=24)


def table_rows(table: tables.Table, *, progress: Any = None) -> Iterator[list[Any]]:
    """The header, then one list of cell values per row of `table`'s (ordered) queryset."""
    columns = [c for c in table.columns.iterall() if not c.column.exclude_from_export]
    yield [force_str(c.header) for c in columns]
    queryset: QuerySet[Any] = table.data.data
    for done, record in enumerate(queryset.iterator(chunk_size=CHUNK), start=1):
        row = BoundRow(record, table=table)
        yield [_cell(row.get_cell_value(c.name)) for c in columns]
        if progress is not None and done % CHUNK == 0:
            progress(done)


# A cell starting with one of these is a formula to Excel and LibreOffice (OWASP's "CSV
# injection"): `=HYPERLINK(…)` typed into a name would run when the export is opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def neutralized(text: str) -> str:
    """`text` made inert as a spreadsheet cell: a leading quote before a formula's first sign.

    A plain signed number ("-5", "+3.5") is left alone: it is a value, not a formula.
    """
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if is_hidden(value):
        # A value the user is not cleared for is left out: the cell says so, in their words.
        return str(value)
    if isinstance(value, int | float | decimal.Decimal | datetime.date):
        return value
    return neutralized(force_str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(rows: Iterable[list[Any]]) -> Iterator[str]:
    """The rows as CSV text, line by line; a BOM first so that Excel reads Chinese as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(row)


def write_csv(rows: Iterable[list[Any]], target: Path) -> None:
    with target.open("w", encoding="utf-8", newline="") as handle:
        for chunk in csv_chunks(rows):
            handle.write(chunk)


def write_xlsx(rows: Iterable[list[Any]], target: Path | io.BytesIO, title: str) -> None:
    from openpyxl import Workbook

    # write_only streams rows to disk instead of building every cell in memory.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "export")
    for row in rows:
        sheet.append(row)
    workbook.save(target)


def xlsx_bytes(rows: Iterable[list[Any]], title: str) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(rows, buffer, title)
    return buffer.getvalue()


# Jobs ----------------------------------------------------------------------------------------


def exports_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclasses.dataclass
class ExportJob:
    """The state of one export job, kept as a small JSON file beside the file it writes."""

    token: str
    user_id: int
    format: str
    filename: str
    total: int
    language: str = "en"
    done: int = 0
    state: str = "queued"  # queued, running, finished, failed
    error: str = ""

    @property
    def status_path(self) -> Path:
        return exports_dir() / f"{self.token}.json"

    @property
    def file_path(self) -> Path:
        return exports_dir() / f"{self.token}.{FORMATS[self.format][1]}"

    @property
    def percent(self) -> int:
        if self.state == "finished":
            return 100
        return min(99, int(100 * self.done / self.total)) if self.total else 0

    def save(self) -> None:
        # Written beside and renamed, so the polling page never reads half a status.
        partial = self.status_path.with_suffix(".part")
        partial.write_text(json.dumps(dataclasses.asdict(self)), encoding="utf-8")
        partial.replace(self.status_path)

    @classmethod
    def new(
        cls, *, user_id: int, format: str, filename: str, total: int, language: str = "en"
    ) -> ExportJob:
        clear_old_exports()
        job = cls(
            token=secrets.token_urlsafe(16),
            user_id=user_id,
            format=format,
            filename=filename,
            total=total,
            language=language,
        )
        job.save()
        return job

    @classmethod
    def load(cls, token: str) -> ExportJob | None:
        if not token.replace("-", "").replace("_", "").isalnum():
            return None
        path = exports_dir() / f"{token}.json"
        try:
            return cls(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None


def clear_old_exports() -> None:
    limit = time.time() - KEEP_FOR.total_seconds()
    for path in exports_dir().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue
