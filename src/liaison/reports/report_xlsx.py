"""The report as an XLSX workbook: a sheet per section's table and a sheet of definitions.

Numbers are written as numbers (amounts in yuan with a money format, counts as integers), so
that the office can add them up; the headers are in the report's language.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from liaison.core.exports import neutralized

from .phrasing import Measure
from .report import Report, ReportRow

YUAN_FORMAT = '#,##0.00 "CNY"'
COUNT_FORMAT = "#,##0"
DAYS_FORMAT = "0.0"
PERCENT_FORMAT = "0.0%"
# Excel refuses a sheet name with these, or longer than 31 characters.
FORBIDDEN_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _number_format(measure: Measure) -> str:
    return {Measure.YUAN: YUAN_FORMAT, Measure.DAYS: DAYS_FORMAT}.get(measure, COUNT_FORMAT)


def _cell(value: Any) -> Any:
    """A value as a cell holds it: a whole amount as an int, else a float; counts as ints."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _sheet_name(title: str, used: set[str]) -> str:
    name = title.translate(FORBIDDEN_IN_SHEET_NAMES)[:31] or "Sheet"
    stem, number = name, 2
    while name in used:
        suffix = f" ({number})"
        name, number = stem[: 31 - len(suffix)] + suffix, number + 1
    used.add(name)
    return name


def _row_cells(label: str, value: Any, previous: Any, *, level: int) -> list[Any]:
    change = None if previous is None else Decimal(value) - Decimal(previous)
    ratio = None
    if change is not None and previous:
        ratio = float(change / Decimal(previous))
    return [neutralized(label), level, _cell(value), _cell(previous), _cell(change), ratio]


def _write_rows(sheet: Any, row: ReportRow) -> None:
    number_format = _number_format(row.measure)
    lines = [_row_cells(row.label, row.value, row.previous, level=0)]
    lines += [_row_cells(part.label, part.amount, part.previous, level=1) for part in row.parts]
    for cells in lines:
        sheet.append(cells)
        current = sheet.max_row
        for column in (3, 4, 5):
            sheet.cell(row=current, column=column).number_format = number_format
        sheet.cell(row=current, column=6).number_format = PERCENT_FORMAT
        if cells[1]:
            sheet.cell(row=current, column=1).alignment = _indent()
        else:
            sheet.cell(row=current, column=1).font = _bold()


def _bold() -> Any:
    from openpyxl.styles import Font

    return Font(bold=True)


def _indent() -> Any:
    from openpyxl.styles import Alignment

    return Alignment(indent=2)


def report_workbook(report: Report) -> Any:
    """The report as an openpyxl workbook."""
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    used: set[str] = set()
    with translation.override(report.language):
        headers = [
            _("Metric"),
            _("Level (0: the metric, 1: a part of it)"),
            _("This period"),
            _("Previous period"),
            pgettext("compared with the previous period", "Change"),
            pgettext("compared with the previous period", "Change (%)"),
        ]
        for section in report.sections:
            sheet = workbook.create_sheet(_sheet_name(section.title, used))
            sheet.append([neutralized(report.title)])
            sheet["A1"].font = _bold()
            sheet.append([])
            sheet.append(headers)
            for cell in sheet[3]:
                cell.font = _bold()
            for row in section.rows:
                _write_rows(sheet, row)
            sheet.column_dimensions["A"].width = 48
            for letter in "BCDEF":
                sheet.column_dimensions[letter].width = 18
            sheet.freeze_panes = "A4"
        if report.paragraphs:
            sheet = workbook.create_sheet(_sheet_name(_("Press paragraph"), used), 0)
            sheet.append([_("Language"), _("Paragraph")])
            for cell in sheet[1]:
                cell.font = _bold()
            for lang, text in report.paragraphs:
                sheet.append([lang, neutralized(text)])
            sheet.column_dimensions["B"].width = 120
        definitions = workbook.create_sheet(_sheet_name(_("Definitions"), used))
        definitions.append(
            [_("Key"), _("Version"), _("Name"), _("Definition"), _("Unit"), _("Additive")]
        )
        for cell in definitions[1]:
            cell.font = _bold()
        for definition in report.definitions:
            definitions.append(
                [
                    definition.key,
                    definition.version,
                    neutralized(definition.label),
                    neutralized(definition.definition),
                    definition.unit,
                    definition.additive,
                ]
            )
        definitions.column_dimensions["A"].width = 36
        definitions.column_dimensions["C"].width = 40
        definitions.column_dimensions["D"].width = 100
    workbook.remove(first)
    return workbook


def report_xlsx(report: Report) -> bytes:
    """The report as the bytes of an XLSX workbook."""
    buffer = io.BytesIO()
    report_workbook(report).save(buffer)
    return buffer.getvalue()
