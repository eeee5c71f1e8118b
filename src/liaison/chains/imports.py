"""Reading a placement import file (CSV or XLSX) into rows for `services.placements_import`.

The first row names the columns: segment, record_type, key, and optionally chain (the chain's
code, when several chains have a segment of that code). Column names are matched without
case and spaces; Chinese headings are accepted too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

HEADINGS = {
    "chain": "chain",
    "产业链": "chain",
    "segment": "segment",
    "环节": "segment",
    "record_type": "record_type",
    "type": "record_type",
    "类型": "record_type",
    "key": "key",
    "记录": "key",
    "标识": "key",
}
REQUIRED = ("segment", "record_type", "key")


class ImportFileError(ValueError):
    """The file cannot be read as a placement import (not its rows: the file itself)."""


def _columns(header: list[str]) -> list[str]:
    names = [HEADINGS.get(str(h or "").strip().lower().replace(" ", "_"), "") for h in header]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise ImportFileError(
            _(
                "The first row names no column %(columns)s (expected: chain, segment, record_type, key)."
            )
            % {"columns": ", ".join(missing)}
        )
    return names


def _rows(table: Iterator[list[str]]) -> list[dict[str, str]]:
    try:
        header = next(table)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    names = _columns(header)
    return [
        {
            name: str(value if value is not None else "").strip()
            for name, value in zip(names, row, strict=False)
            if name
        }
        for row in table
    ]


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV (UTF-8, with or without BOM) or XLSX file, by column name."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(path, read_only=True, data_only=True).active
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ImportFileError(
                _("Not a readable XLSX file: %(error)s") % {"error": error}
            ) from error
        if sheet is None:
            raise ImportFileError(_("The file is empty."))
        values = (
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        )
        return _rows(values)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(_("A CSV file is read as UTF-8; this one is not.")) from error
    return _rows(iter(csv.reader(io.StringIO(text))))
