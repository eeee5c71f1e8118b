"""The report as a PDF, printed by WeasyPrint from its own print template.

A4 pages numbered "page n of N"; the Chinese text is real text set in Noto Sans SC, fetched
from the npm registry by `liaison assets` (`@expo-google-fonts/noto-sans-sc`: one whole
TrueType file per weight, which WeasyPrint embeds as a subset of the characters used) and
named by @font-face from the assets folder; every font chain ends with Chinese fonts the
system may have (WenQuanYi Micro Hei, Noto Sans CJK SC), so a missing download still prints
characters, not boxes. The charts are the report's own SVG, drawn by WeasyPrint as vectors.

WeasyPrint is imported when a PDF is asked for: where its system libraries (Pango) are
missing the rest of Liaison runs and only this says why it cannot print.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .report import Report
from .report_charts import parts_chart

# (weight, path under the assets folder) of the Chinese font's files.
FONT_FILES = (
    (400, "noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"),
    (700, "noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf"),
)


class PdfUnavailableError(RuntimeError):
    """WeasyPrint or the system libraries it draws with are not installed here."""


def font_faces() -> list[dict[str, Any]]:
    """The @font-face rules of the fonts downloaded; none when `liaison assets` has not run."""
    folder = Path(settings.LIAISON_ASSETS_DIR)
    return [
        {"weight": weight, "url": (folder / name).as_uri()}
        for weight, name in FONT_FILES
        if (folder / name).is_file()
    ]


def report_html(report: Report) -> str:
    """The print template filled in: what WeasyPrint lays out."""
    with translation.override(report.language):
        sections = [
            (section, [parts_chart(row) for row in section.charted]) for section in report.sections
        ]
        return render_to_string(
            "reports/report_print.html",
            {
                "report": report,
                "sections": sections,
                "font_faces": font_faces(),
                "language": report.language,
            },
        )


def report_pdf(report: Report) -> bytes:
    """The report as the bytes of an A4 PDF."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except (ImportError, OSError) as error:
        raise PdfUnavailableError(
            _(
                "PDF reports need WeasyPrint and its system libraries (Pango); install them "
                "(pip install weasyprint; apt-get install libpango-1.0-0 libpangoft2-1.0-0): %(error)s"
            )
            % {"error": error}
        ) from error
    html = report_html(report)
    document = HTML(string=html, base_url=str(settings.LIAISON_ASSETS_DIR))
    pdf: bytes = document.write_pdf()
    return pdf
