"""`liaison report`: the institute's (or a center's) report for a period, as HTML, PDF or XLSX.

Every row counts (the office's own report, as `liaison figures`); a progress bar on the
error stream, metric by metric, once the report takes more than a second; a refusal (a bad
date, an unknown center, a file that cannot be written) in one line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from liaison.core.database import require_migrated_database
from liaison.reports.annual import AnnualReportRequestError, annual_report, read_annual_request
from liaison.reports.report import Report, report_for
from liaison.reports.report_output import (
    FORMATS,
    ReportRequestError,
    read_request,
    render_report,
)

# The bar shows only once a report has taken this long: a quick one prints nothing.
PROGRESS_AFTER_SECONDS = 1.0


def writable(path: Path) -> str | None:
    """Why `path` cannot be written, or None."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        return _("%(path)s is a folder, not a file.") % {"path": path}
    if not folder.is_dir():
        return _("The folder %(folder)s does not exist.") % {"folder": folder}
    target = path if path.exists() else folder
    if not os.access(target, os.W_OK):
        return _("%(path)s cannot be written here (permission denied).") % {"path": path}
    return None


class Command(BaseCommand):
    help = _("Write the report for a period, the institute's or a center's, as HTML, PDF or XLSX.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from",
            dest="start",
            metavar="YYYY-MM-DD",
            default="",
            help=_("The period's first day (default: since the beginning)."),
        )
        parser.add_argument(
            "--to",
            dest="end",
            metavar="YYYY-MM-DD",
            default="",
            help=_("The period's last day, inclusive (default: today)."),
        )
        parser.add_argument(
            "--center",
            metavar="ID",
            default="",
            help=_("A center's number (default: the institute)."),
        )
        parser.add_argument(
            "--format", choices=FORMATS, default="pdf", help=_("The file's format (default: pdf).")
        )
        parser.add_argument(
            "--lang",
            choices=["en", "zh-hans"],
            default="zh-hans",
            help=_("The language of the report's text (default: zh-hans)."),
        )
        parser.add_argument(
            "--annual",
            metavar="YEAR",
            default="",
            help=_(
                "Write the annual transformation report (Art. 21) of this year instead of the "
                "report for a period."
            ),
        )
        parser.add_argument(
            "--out", metavar="FILE", required=True, help=_("The file to write the report into.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        refusal = writable(out)
        if refusal is not None:
            raise CommandError(refusal)
        require_migrated_database()
        params = {
            "from": options["start"],
            "to": options["end"],
            "center": options["center"],
            "lang": options["lang"],
        }
        annual = None
        try:
            if options["annual"]:
                annual = read_annual_request({**params, "annual": options["annual"]})
            else:
                asked = read_request(params)
        except (ReportRequestError, AnnualReportRequestError) as error:
            raise CommandError(str(error)) from None
        bar = tqdm(
            total=None,
            unit=_("metrics"),
            file=sys.stderr,
            delay=PROGRESS_AFTER_SECONDS,
            disable=options.get("verbosity", 1) == 0,
        )

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        with bar:
            report: Report
            if annual is not None:
                year, center, language = annual
                report = annual_report(
                    year=year, center=center, language=language, progress=progress
                )
            else:
                report = report_for(
                    period=asked.period,
                    center=asked.center,
                    language=asked.language,
                    progress=progress,
                )
            content = render_report(report, options["format"])
        try:
            out.write_bytes(content)
        except OSError as error:
            raise CommandError(
                _("%(path)s cannot be written: %(error)s") % {"path": out, "error": error.strerror}
            ) from None
        if options.get("verbosity", 1) > 0:
            self.stderr.write(
                _("Wrote %(path)s (%(size)s bytes).") % {"path": out, "size": f"{len(content):,}"}
            )
