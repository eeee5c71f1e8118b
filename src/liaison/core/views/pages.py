"""Core's own pages: the home page until the dashboard takes it, and an export job's progress."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from liaison.core.exports import FORMATS, ExportJob


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


def _job_of(request: HttpRequest, token: str) -> ExportJob:
    job = ExportJob.load(token)
    # Another user's export is as absent as one that never was.
    if job is None or job.user_id != request.user.pk:
        raise Http404
    return job


@login_required
def export_job(request: HttpRequest, token: str) -> HttpResponse:
    """The progress of an export; htmx polls the same page for its progress panel."""
    job = _job_of(request, token)
    template = "core/export_progress.html" if request.htmx else "core/export_job.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})


@login_required
def export_download(request: HttpRequest, token: str) -> FileResponse:
    job = _job_of(request, token)
    if job.state != "finished" or not job.file_path.exists():
        raise Http404
    content_type, extension = FORMATS[job.format]
    return FileResponse(
        job.file_path.open("rb"),
        as_attachment=True,
        filename=f"{job.filename}.{extension}",
        content_type=content_type,
    )
