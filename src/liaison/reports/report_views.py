"""The report's pages: a report for a period asked on a form, its PDF and workbook, saved reports.

Reports are the office's: those who may view saved reports (staff, leadership, center
managers, administrators) read them, over what each may see; others are refused. The
workbook is written while the reader waits (it takes well under a second); the PDF is laid
out by a background job whose progress the page shows (see docs: it takes seconds).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from liaison.centers.models import Center
from liaison.core.permissions import user_may

from .models import SavedReport
from .periods import Period
from .report import Report, saved_report
from .report_charts import parts_chart
from .report_jobs import ReportJob
from .report_output import (
    ReportRequest,
    ReportRequestError,
    read_request,
    render_report,
    report_filename,
    report_languages,
    report_of,
)
from .services import report_save


class ReportReaderMixin(LoginRequiredMixin):
    """Only those who may view saved reports read the office's reports."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        user = request.user
        if user.is_authenticated and not user_may(user, "view", SavedReport):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def presets(today: datetime.date, chosen: ReportRequest | None) -> list[dict[str, Any]]:
    """The periods a report is most often asked for, as links keeping the center and language."""
    keep: dict[str, Any] = {}
    if chosen is not None:
        keep = {"center": chosen.center.pk if chosen.center else "", "lang": chosen.language}
    named = [
        (_("This month"), Period.month(today)),
        (_("This quarter"), Period.quarter(today)),
        (_("This year"), Period.year(today)),
        (_("Last year"), Period.year(datetime.date(today.year - 1, 1, 1))),
        (_("Since the beginning"), Period.as_of(today)),
    ]
    return [
        {
            "label": label,
            "url": "?" + urlencode({**keep, "from": p.start or "", "to": p.end}),
            "current": chosen is not None and chosen.period == p,
        }
        for label, p in named
    ]


def _sections_with_charts(report: Report) -> list[tuple[Any, list[Any]]]:
    with translation.override(report.language):
        return [
            (section, [parts_chart(row) for row in section.charted]) for section in report.sections
        ]


def _page_context(request: HttpRequest, report: Report) -> dict[str, Any]:
    return {
        "report": report,
        "sections": _sections_with_charts(report),
        "may_save": user_may(request.user, "add", SavedReport),
        "languages": report_languages(),
    }


class ReportView(ReportReaderMixin, View):
    """The report for the period, center and language asked (this year to date at first)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        params: dict[str, Any] = request.GET.dict()
        if "to" not in params:
            params = {
                "from": Period.year(today).start.isoformat(),  # type: ignore[union-attr]
                "to": today.isoformat(),
                "lang": translation.get_language(),
                **params,
            }
        centers = Center.objects.restrict(request.user, "view").order_by("name_zh")
        context: dict[str, Any] = {
            "params": params,
            "centers": centers,
            "languages": report_languages(),
        }
        try:
            asked = read_request(params, user=request.user, today=today)
        except ReportRequestError as error:
            context.update({"error": str(error), "presets": presets(today, None)})
            return render(request, "reports/report.html", context, status=400)
        report = report_of({**asked.params()}, user=request.user)
        context.update(_page_context(request, report))
        context.update(
            {
                "presets": presets(today, asked),
                "query": urlencode(asked.params()),
                "asked": asked,
            }
        )
        return render(request, "reports/report.html", context)


def _start_job(request: HttpRequest, *, format: str, params: dict[str, Any], name: str) -> Any:
    from .tasks import write_report

    job = ReportJob.start(
        user_id=int(request.user.pk or 0),
        format=format,
        filename=name,
        language=str(params.get("lang") or translation.get_language() or "en"),
        params=params,
    )
    write_report(token=job.token)
    return HttpResponseRedirect(reverse("report_job", args=(job.token,)))


def _file_response(content: bytes, *, format: str, name: str) -> HttpResponse:
    from .report_jobs import CONTENT_TYPES

    response = HttpResponse(content, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    return response


class ReportFileView(ReportReaderMixin, View):
    """The report as a workbook (at once) or a PDF (a background job with its progress)."""

    def get(self, request: HttpRequest, format: str) -> HttpResponse:
        try:
            asked = read_request(request.GET.dict(), user=request.user)
        except ReportRequestError as error:
            return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
        params = asked.params()
        name = f"report-{params['from'] or 'start'}-{params['to']}"
        if asked.center is not None:
            name += f"-center-{asked.center.pk}"
        if format == "pdf":
            return _start_job(request, format=format, params=params, name=name)
        report = report_of(params, user=request.user)
        return _file_response(render_report(report, format), format=format, name=name)


class ReportSaveView(ReportReaderMixin, View):
    """Keep the report asked for, with its figures and their metric versions, as a saved report."""

    def post(self, request: HttpRequest) -> HttpResponse:
        if not user_may(request.user, "add", SavedReport):
            raise PermissionDenied
        try:
            asked = read_request(request.POST.dict(), user=request.user)
        except ReportRequestError as error:
            return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
        report = report_of(asked.params(), user=request.user)
        title = (request.POST.get("title") or "").strip()[:200] or report.title
        try:
            saved = report_save(report=report, title=title, by=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            return HttpResponse(
                " ".join(error.messages), status=400, content_type="text/plain; charset=utf-8"
            )
        return HttpResponseRedirect(reverse("saved_report", args=(saved.pk,)))


class SavedReportListView(ReportReaderMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        reports = (
            SavedReport.objects.restrict(request.user, "view")
            .select_related("center", "created_by")
            .order_by("-created_at", "-pk")
        )
        return render(request, "reports/report_saved_list.html", {"saved_reports": reports})


class SavedReportView(ReportReaderMixin, View):
    """A saved report as it was stated: its stored figures, each metric's version noted."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        saved = get_object_or_404(SavedReport.objects.restrict(request.user, "view"), pk=pk)
        report = saved_report(saved)
        context = _page_context(request, report)
        context["saved"] = saved
        return render(request, "reports/report_saved.html", context)


class SavedReportFileView(ReportReaderMixin, View):
    def get(self, request: HttpRequest, pk: int, format: str) -> HttpResponse:
        saved = get_object_or_404(SavedReport.objects.restrict(request.user, "view"), pk=pk)
        report = saved_report(saved)
        name = f"{report_filename(report)}-saved-{saved.pk}"
        if format == "pdf":
            return _start_job(
                request,
                format=format,
                params={"saved": saved.pk, "lang": saved.language},
                name=name,
            )
        return _file_response(render_report(report, format), format=format, name=name)


def _job_of(request: HttpRequest, token: str) -> ReportJob:
    if not request.user.is_authenticated:
        raise Http404
    job = ReportJob.find(token)
    # Another reader's job is as absent as one that never was.
    if job is None or job.user_id != request.user.pk:
        raise Http404
    return job


class ReportJobView(LoginRequiredMixin, View):
    """A report's job: its progress, polled by htmx, then its file's link."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        job = _job_of(request, token)
        template = (
            "reports/report_job_progress.html"
            if getattr(request, "htmx", False)
            else "reports/report_job.html"
        )
        return render(request, template, {"job": job})


class ReportJobDownloadView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, token: str) -> FileResponse:
        job = _job_of(request, token)
        if job.state != "finished" or not job.file_path.exists():
            raise Http404
        return FileResponse(
            job.file_path.open("rb"),
            as_attachment=True,
            filename=f"{job.filename}.{job.format}",
            content_type=job.content_type,
        )


# The annual transformation report (Art. 21) ----------------------------------------------------


class AnnualReportView(ReportReaderMixin, View):
    """The annual transformation report of the year asked (the last full year at first)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        from .annual import (
            FIRST_YEAR,
            AnnualReportRequestError,
            annual_params,
            annual_report,
            last_full_year,
            read_annual_request,
        )

        today = timezone.localdate()
        params: dict[str, Any] = {"lang": translation.get_language(), **request.GET.dict()}
        centers = Center.objects.restrict(request.user, "view").order_by("name_zh")
        context: dict[str, Any] = {
            "params": params,
            "centers": centers,
            "languages": report_languages(),
            "years": list(range(today.year, FIRST_YEAR - 1, -1))[:15],
            "default_year": last_full_year(today),
        }
        try:
            year, center, language = read_annual_request(params, user=request.user, today=today)
        except AnnualReportRequestError as error:
            context["error"] = str(error)
            return render(request, "reports/annual_report.html", context, status=400)
        report = annual_report(year=year, language=language, user=request.user, center=center)
        context.update(_page_context(request, report))
        context.update(
            {
                "year": year,
                "query": urlencode(annual_params(year, center, language)),
                "chosen_center": center.pk if center else "",
                "chosen_language": language,
            }
        )
        return render(request, "reports/annual_report.html", context)


class AnnualReportFileView(ReportReaderMixin, View):
    """The annual report as a workbook (at once) or a PDF (a background job)."""

    def get(self, request: HttpRequest, format: str) -> HttpResponse:
        from .annual import AnnualReportRequestError, annual_params, read_annual_request

        try:
            year, center, language = read_annual_request(request.GET.dict(), user=request.user)
        except AnnualReportRequestError as error:
            return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
        params = annual_params(year, center, language)
        name = f"annual-report-{year}" + (f"-center-{center.pk}" if center else "")
        if format == "pdf":
            return _start_job(request, format=format, params=params, name=name)
        report = report_of(params, user=request.user)
        return _file_response(render_report(report, format), format=format, name=name)
