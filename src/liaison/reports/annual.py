"""The annual report on the transformation of scientific and technological achievements.

State research institutes and universities send their supervising department a report each
year (科技成果转化情况年度报告, Art. 21 of the Law on Promoting the Transformation of S&T
Achievements): transfers, licences and equity investments of achievements (count, contract
value, income), development, consulting and service contracts, rewards paid (person-times,
amount), spin-offs, patents and disclosures. It is the report of the report issue for one
calendar year, stating the catalogue's metrics of two sections — the Art. 21 figures, then
the same data as the international AUTM survey counts them — so every number opens the records
it counts (`links.drill_url`) and the page, PDF and workbook are the report's own.

What the statute's report also asks and Liaison does not record (part-time work and leave to
found start-ups, the spin-offs' shareholdings over time) is said in the report's notes.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.centers.models import Center

from . import catalogue
from .catalogue import Metric, Section
from .metrics import SYSTEM
from .periods import Period
from .report import Progress, Report, report_for

ANNUAL_SECTIONS = (Section.TRANSFORMATION, Section.AUTM)
# The first year a report is offered for; the institute's records start later.
FIRST_YEAR = 2000


class AnnualReportRequestError(ValueError):
    """Parameters that name no annual report; the message says why, in the reader's language."""


def annual_metrics() -> list[Metric]:
    """The metrics the annual report states: the latest versions of its two sections."""
    return [m for m in catalogue.latest() if m.section in ANNUAL_SECTIONS]


def last_full_year(today: datetime.date) -> int:
    return today.year - 1


def annual_report(
    *,
    year: int,
    language: str,
    user: Any = SYSTEM,
    center: Center | None = None,
    progress: Progress | None = None,
) -> Report:
    """The annual transformation report of `year` over what `user` may see, in `language`."""
    report = report_for(
        period=Period.year(datetime.date(year, 1, 1)),
        language=language,
        user=user,
        center=center,
        progress=progress,
        chosen=annual_metrics(),
    )
    with translation.override(language):
        report.title = _(
            "Annual report on the transformation of scientific and technological achievements: "
            "%(subject)s, %(year)s"
        ) % {"subject": report.subject, "year": year}
        report.notes = [
            _(
                "The yearly report that state research institutes send their supervising "
                "department (Art. 21 of the Law on Promoting the Transformation of Scientific "
                "and Technological Achievements), computed from the records; every number opens "
                "the records it counts. The same data follow as the international AUTM survey "
                "counts them."
            ),
            _(
                "Not recorded in Liaison and so not stated here: researchers' part-time work and "
                "leave to found companies, and the spin-offs' shareholdings over time."
            ),
            *report.notes,
        ]
    report.annual = year
    return report


def read_annual_request(
    params: dict[str, Any], *, user: Any = SYSTEM, today: datetime.date | None = None
) -> tuple[int, Center | None, str]:
    """(year, center, language) of the annual report `params` ask for (`year`, `center`,
    `lang`); the last full year by default."""
    today = today or timezone.localdate()
    raw = str(params.get("annual") or params.get("year") or "").strip()
    if not raw:
        year = last_full_year(today)
    elif raw.isdigit() and FIRST_YEAR <= int(raw) <= today.year:
        year = int(raw)
    else:
        raise AnnualReportRequestError(
            _("“%(year)s” is not a year of the reports: one from %(first)s to %(last)s.")
            % {"year": raw, "first": FIRST_YEAR, "last": today.year}
        )
    center = None
    center_id = str(params.get("center") or "").strip()
    if center_id:
        centers = Center.objects.all()
        if user is not SYSTEM:
            centers = centers.restrict(user, "view")
        center = centers.filter(pk=int(center_id)).first() if center_id.isdigit() else None
        if center is None:
            raise AnnualReportRequestError(
                _("There is no center number %(center)s.") % {"center": center_id}
            )
    language = str(params.get("lang") or settings.LANGUAGE_CODE)
    if language not in [code for code, _name in settings.LANGUAGES]:
        raise AnnualReportRequestError(
            _("“%(lang)s” is not a language of the reports.") % {"lang": language}
        )
    return year, center, language


def annual_params(year: int, center: Center | None, language: str) -> dict[str, Any]:
    """The parameters that name an annual report, for its links, files and jobs."""
    return {"annual": year, "center": center.pk if center else "", "lang": language}


def annual_of(
    params: dict[str, Any], *, user: Any = SYSTEM, progress: Progress | None = None
) -> Report:
    year, center, language = read_annual_request(params, user=user)
    return annual_report(year=year, language=language, user=user, center=center, progress=progress)


def annual_filename(report: Report) -> str:
    name = f"annual-report-{report.annual}"
    if report.center_pk is not None:
        name += f"-center-{report.center_pk}"
    return name
