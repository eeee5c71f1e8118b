"""A report asked for by its parameters, and written out as HTML, PDF or XLSX.

What the page, its background job and `liaison report` share: the parameters (`from`, `to`,
`center`, `lang`, or a saved report's `saved`) read into a period, a center and a language,
refused in one sentence when they are not; and the report rendered in a format.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.centers.models import Center

from .metrics import SYSTEM
from .models import SavedReport
from .periods import Period, PeriodError
from .report import Progress, Report, report_for, saved_report

FORMATS = ("html", "pdf", "xlsx")


class ReportRequestError(ValueError):
    """Parameters that do not name a report; the message says why, in the reader's language."""


def report_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@dataclass(frozen=True)
class ReportRequest:
    period: Period
    center: Center | None
    language: str

    def params(self) -> dict[str, Any]:
        return {
            "from": self.period.start.isoformat() if self.period.start else "",
            "to": self.period.end.isoformat(),
            "center": self.center.pk if self.center is not None else "",
            "lang": self.language,
        }


def _visible(queryset: Any, user: Any) -> Any:
    return queryset if user is SYSTEM else queryset.restrict(user, "view")


def read_request(
    params: dict[str, Any], *, user: Any = SYSTEM, today: datetime.date | None = None
) -> ReportRequest:
    """The report `params` ask for; `ReportRequestError` says what is wrong with them."""
    today = today or timezone.localdate()
    try:
        period = Period.between(
            str(params.get("from") or "") or None, str(params.get("to") or "") or None, today=today
        )
    except PeriodError as error:
        raise ReportRequestError(str(error)) from error
    center = None
    center_id = str(params.get("center") or "").strip()
    if center_id:
        found = (
            _visible(Center.objects.all(), user).filter(pk=int(center_id)).first()
            if center_id.isdigit()
            else None
        )
        if found is None:
            raise ReportRequestError(
                _("There is no center number %(center)s.") % {"center": center_id}
            )
        center = found
    language = str(params.get("lang") or settings.LANGUAGE_CODE)
    if language not in report_languages():
        raise ReportRequestError(
            _("“%(lang)s” is not a language of the reports: one of %(languages)s.")
            % {"lang": language, "languages": ", ".join(report_languages())}
        )
    return ReportRequest(period=period, center=center, language=language)


def report_of(
    params: dict[str, Any], *, user: Any = SYSTEM, progress: Progress | None = None
) -> Report:
    """The report `params` name: a saved one, an annual one, or one computed for `user` now."""
    if params.get("annual"):
        from .annual import AnnualReportRequestError, annual_of

        try:
            return annual_of(params, user=user, progress=progress)
        except AnnualReportRequestError as error:
            raise ReportRequestError(str(error)) from error
    if params.get("saved"):
        saved = _visible(SavedReport.objects.all(), user).filter(pk=params["saved"]).first()
        if saved is None:
            raise ReportRequestError(_("That saved report does not exist."))
        return saved_report(saved)
    asked = read_request(params, user=user)
    return report_for(
        period=asked.period,
        center=asked.center,
        language=asked.language,
        user=user,
        progress=progress,
    )


def render_report(report: Report, format: str) -> bytes:
    """`report` as the bytes of a file in `format` (html, pdf or xlsx)."""
    if format == "pdf":
        from .report_pdf import report_pdf

        return report_pdf(report)
    if format == "xlsx":
        from .report_xlsx import report_xlsx

        return report_xlsx(report)
    if format == "html":
        from .report_pdf import report_html

        return report_html(report).encode("utf-8")
    raise ReportRequestError(
        _("“%(format)s” is not a format of the reports: one of %(formats)s.")
        % {"format": format, "formats": ", ".join(FORMATS)}
    )


def write_report_file(
    *, params: dict[str, Any], format: str, user: Any = SYSTEM, progress: Progress | None = None
) -> bytes:
    return render_report(report_of(params, user=user, progress=progress), format)


def report_filename(report: Report) -> str:
    """A file name that says what the report is: report-2019-05-01-2023-05-08[-center-3]."""
    if report.annual is not None:
        from .annual import annual_filename

        return annual_filename(report)
    start = report.period.start.isoformat() if report.period.start else "start"
    name = f"report-{start}-{report.period.end.isoformat()}"
    if report.center_pk is not None:
        name += f"-center-{report.center_pk}"
    return name
