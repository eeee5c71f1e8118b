"""Import files made in the tests, run through the import, and what its report says."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

from liaison.operations.imports.registry import kind
from liaison.operations.imports.runs import Report, run_import

Sheets = dict[str, list[list[Any]]]


def workbook(sheets: Sheets) -> io.BytesIO:
    """A workbook with a sheet per kind key, each a header row and its rows."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def run(sheets: Sheets, user: Any, *, dry_run: bool = False) -> Report:
    return run_import(workbook(sheets), name="import.xlsx", user=user, dry_run=dry_run)


def counts(report: Report) -> dict[str, tuple[int, int, int, int]]:
    """Per kind: created, updated, left alone, refused."""
    return {k.key: (k.created, k.updated, k.unchanged, k.refused) for k in report.kinds}


def errors(report: Report) -> list[tuple[str, int, str, str]]:
    """Every refusal: sheet, row, column (as the file heads it), reason."""
    return [(e["sheet"], e["row"], e["column"], e["message"]) for e in report.row_errors()]


def header(key: str, column: str, language: str = "en") -> str:
    """The header the templates give `column` of kind `key`."""
    return kind(key).make().header(column, language)
