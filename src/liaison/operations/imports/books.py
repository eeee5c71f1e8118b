"""Import files read into sheets, and workbooks written in the import's format (templates, exports).

A workbook (XLSX) holds one sheet per kind, named by the kind's key or its English or Chinese
name (`organizations`, `Organizations`, `单位`); a sheet named Instructions (说明) is for
people and is skipped. A CSV file holds one kind, told by `kind` or recognized by its
headers. The first row holds the headers, in English or Chinese; rows are numbered as the
spreadsheet shows them, and blank rows are skipped.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

import tablib
from django.utils import translation
from django.utils.translation import gettext as _

from .registry import Kind, by_sheet_name, kind, kinds
from .resources import KindResource

# The languages of headers, templates and reports.
LANGUAGES = ("en", "zh-hans")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@")


class FileRefused(Exception):
    """The file cannot be imported as it is: why, in one message or several."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclasses.dataclass
class Sheet:
    """One kind's rows from a file: headers as the file wrote them, the columns they name."""

    name: str
    kind: Kind
    headers: dict[str, str]  # column → header as in the file
    dataset: tablib.Dataset
    row_numbers: list[int]

    def __len__(self) -> int:
        return len(self.row_numbers)


# The sheet of instructions for people, named as the file's headers are: in the file's language.
INSTRUCTIONS = {"en": "Instructions", "zh-hans": "说明"}


def instruction_names() -> set[str]:
    return {name.lower() for name in INSTRUCTIONS.values()}


def read(
    file: IO[bytes], *, content_type: str, kind_key: str | None = None, name: str = ""
) -> list[Sheet]:
    """The sheets of an XLSX workbook or the one of a CSV file; `FileRefused` says what is wrong."""
    if content_type == XLSX:
        return _read_workbook(file, kind_key)
    if content_type in ("text/csv", "text/plain"):
        return [_read_csv(file, kind_key, name)]
    raise FileRefused([_("An import reads XLSX workbooks and CSV files.")])


def _read_workbook(file: IO[bytes], kind_key: str | None) -> list[Sheet]:
    from openpyxl import load_workbook

    file.seek(0)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise FileRefused(
            [_("The workbook cannot be read: %(error)s") % {"error": error}]
        ) from error
    sheets: list[Sheet] = []
    problems: list[str] = []
    skipped = instruction_names()
    try:
        for worksheet in workbook.worksheets:
            title = worksheet.title
            if title.strip().lower() in skipped:
                continue
            found = (
                kind(kind_key)
                if kind_key and len(workbook.worksheets) == 1
                else by_sheet_name(title)
            )
            if found is None:
                problems.append(
                    _(
                        "The sheet “%(sheet)s” is not named after a kind of record: name it %(names)s."
                    )
                    % {"sheet": title, "names": ", ".join(k.key for k in kinds())}
                )
                continue
            if kind_key and found.key != kind_key:
                continue
            rows = (
                (number, list(cells))
                for number, cells in enumerate(worksheet.iter_rows(values_only=True), 1)
            )
            try:
                sheets.append(_sheet(title, found, rows))
            except FileRefused as refused:
                problems.extend(refused.messages)
    finally:
        workbook.close()
    if problems:
        raise FileRefused(problems)
    if not sheets:
        raise FileRefused([_("The workbook holds no sheet of records to import.")])
    return sheets


def _read_csv(file: IO[bytes], kind_key: str | None, name: str) -> Sheet:
    file.seek(0)
    text = file.read().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    numbered = list(enumerate(rows, 1))
    header = next((cells for _n, cells in numbered if any(c.strip() for c in cells)), [])
    found = kind(kind_key) if kind_key else _kind_by_headers(header)
    return _sheet(name or found.key, found, iter(numbered))


def _kind_by_headers(header: list[str]) -> Kind:
    named = {h.strip().lower() for h in header if h and h.strip()}
    fits = []
    for candidate in kinds():
        aliases = candidate.make().aliases()
        if named and named <= set(aliases):
            fits.append((len(set(aliases.values())), candidate))
    if len(fits) != 1:
        raise FileRefused(
            [
                _(
                    "Which kind of record this CSV file holds cannot be told from its headers: say it with --kind."
                )
            ]
        )
    return fits[0][1]


def _sheet(title: str, found: Kind, rows: Iterable[tuple[int, list[Any]]]) -> Sheet:
    resource = found.make()
    aliases = resource.aliases()
    header: list[Any] | None = None
    columns: list[str | None] = []
    headers: dict[str, str] = {}
    dataset = tablib.Dataset()
    numbers: list[int] = []
    problems: list[str] = []
    for number, cells in rows:
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        if header is None:
            header = cells
            for cell in cells:
                text = "" if cell is None else str(cell).strip()
                column = aliases.get(text.lower()) if text else None
                if text and column is None:
                    problems.append(
                        _(
                            "The column “%(column)s” of “%(sheet)s” is not one of %(kind)s: %(known)s."
                        )
                        % {
                            "column": text,
                            "sheet": title,
                            "kind": found.title(),
                            "known": ", ".join(
                                resource.header(c, translation.get_language() or "en")
                                for c in resource.column_keys()
                            ),
                        }
                    )
                elif column in headers:
                    problems.append(
                        _("The column “%(column)s” of “%(sheet)s” is there twice.")
                        % {"column": text, "sheet": title}
                    )
                if column is not None:
                    headers[column] = text
                columns.append(column)
            missing = [c for c in resource.required_columns() if c not in headers]
            if missing:
                problems.append(
                    _("“%(sheet)s” lacks the columns that name its records: %(columns)s.")
                    % {
                        "sheet": title,
                        "columns": ", ".join(
                            resource.header(c, translation.get_language() or "en") for c in missing
                        ),
                    }
                )
            dataset.headers = [c for c in columns if c is not None]
            continue
        values = [
            cells[i] if i < len(cells) else None for i, c in enumerate(columns) if c is not None
        ]
        dataset.append(values)
        numbers.append(number)
    if header is None:
        problems.append(_("“%(sheet)s” has no header row.") % {"sheet": title})
    if problems:
        raise FileRefused(problems)
    return Sheet(name=title, kind=found, headers=headers, dataset=dataset, row_numbers=numbers)


# Writing workbooks -------------------------------------------------------------------------


def _cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # Text, never a formula: a name typed as =HYPERLINK(…) stays a name, and reads back as typed.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, Decimal):
        return value
    return value


def write_workbook(
    target: IO[bytes],
    *,
    language: str,
    selected: list[Kind],
    user: Any = None,
    with_rows: bool = False,
    progress: Any = None,
) -> None:
    """A workbook of `selected` kinds, headers in `language`: empty (a template) or with
    every record `user` may see (an export)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    with translation.override(language):
        _write_instructions(workbook, selected, language)
        for chosen in selected:
            resource: KindResource = chosen.make()
            sheet = workbook.create_sheet(title=chosen.title()[:31])
            sheet.append([resource.header(c, language) for c in resource.column_keys()])
            if with_rows:
                for row in resource.export_rows(user):
                    sheet.append([_cell(sheet, value) for value in row])
                    if progress is not None:
                        progress(1)
    workbook.save(target)


def _write_instructions(workbook: Any, selected: list[Kind], language: str) -> None:
    sheet = workbook.create_sheet(
        title=INSTRUCTIONS["zh-hans" if language.startswith("zh") else "en"]
    )
    lines = [
        _(
            "One sheet per kind of record, named as below; the first row holds the headers, in English or Chinese."
        ),
        _(
            "Dates as 2024-03-05; yes or no (是 / 否); several words in one cell separated by semicolons."
        ),
        _(
            "Records are named by their keys: an organization by its credit code (or its Chinese name "
            "when it has none), a person as “name (organization)”, an agreement by its number."
        ),
        _(
            "A row whose key names a record changes it; an unchanged row is left alone. A status is "
            "reached through its steps with the row's dates."
        ),
        _(
            "An import writes everything or nothing: a file with any refused row writes nothing. Try it with a dry run first."
        ),
        "",
    ]
    for line in lines:
        sheet.append([str(line)])
    sheet.append([str(_("Sheet")), str(_("Kind of record")), str(_("Columns that name a record"))])
    for chosen in selected:
        resource = chosen.make()
        sheet.append(
            [
                chosen.title()[:31],
                chosen.key,
                ", ".join(resource.header(c, language) for c in resource.required_columns()),
            ]
        )
