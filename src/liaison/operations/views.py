"""The imports page: upload a file, see its dry run, confirm it, follow the import; templates
to fill in; an export of everything the person may see. The work is in `imports`."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.exports import FORMATS, ExportJob
from liaison.core.uploads import display_name

from .forms import ImportForm
from .imports import books, registry
from .imports.jobs import DRY_RUN, FINISHED, IMPORT, QUEUED, ImportJob, may_import
from .imports.tasks import export_everything, import_file


def _allowed(request: HttpRequest) -> None:
    if not may_import(request.user):
        raise PermissionDenied(_("Your roles do not let you import or export records."))


def _language() -> str:
    return "zh-hans" if (translation.get_language() or "").startswith("zh") else "en"


@login_required
def imports(request: HttpRequest) -> HttpResponse:
    """The imports page; a file posted to it is kept and its dry run started."""
    _allowed(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and form.checked is not None:
        upload = form.cleaned_data["file"]
        upload.seek(0)
        job = ImportJob.new(
            user_id=int(request.user.pk or 0),
            filename=display_name(upload.name),
            extension=form.checked.extension,
            content=upload.read(),
            language=_language(),
        )
        import_file(token=job.token)
        return HttpResponseRedirect(reverse("operations:import_job", args=(job.token,)))
    kinds = [
        {"key": kind.key, "title": kind.title(), "columns": ", ".join(_key_headers(kind))}
        for kind in registry.kinds()
    ]
    return render(
        request,
        "operations/imports.html",
        {"form": form, "kinds": kinds},
        status=400 if form.errors else 200,
    )


def _key_headers(kind: registry.Kind) -> list[str]:
    resource = kind.make()
    return [resource.header(c, _language()) for c in resource.required_columns()]


def _job_of(request: HttpRequest, token: str) -> ImportJob:
    _allowed(request)
    job = ImportJob.load(token)
    # Another person's import is as absent as one that never was.
    if job is None or job.user_id != request.user.pk:
        raise Http404
    return job


@login_required
def import_job(request: HttpRequest, token: str) -> HttpResponse:
    """A file's dry run or import: its progress while it runs (htmx polls the panel), then its
    report, and the button that confirms a clean dry run."""
    job = _job_of(request, token)
    template = (
        "operations/import_progress.html"
        if request.htmx  # type: ignore[attr-defined]
        else "operations/import_job.html"
    )
    return render(request, template, {"job": job, "report": job.outcome, "form": ImportForm()})


@login_required
@require_POST
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Import the file whose clean dry run the person saw."""
    job = _job_of(request, token)
    report = job.outcome
    if job.phase == DRY_RUN and job.state == FINISHED and report is not None and report.ok:
        job.dry_run = job.report
        job.report = None
        job.phase = IMPORT
        job.state = QUEUED
        job.done = 0
        job.save()
        import_file(token=job.token)
    return HttpResponseRedirect(reverse("operations:import_job", args=(job.token,)))


@login_required
def import_template(request: HttpRequest, key: str, language: str) -> HttpResponse:
    """An empty workbook of one kind (or all), its headers in `language`."""
    _allowed(request)
    if language not in books.LANGUAGES:
        raise Http404
    try:
        selected = registry.kinds() if key == "all" else [registry.kind(key)]
    except KeyError:
        raise Http404 from None
    buffer = io.BytesIO()
    books.write_workbook(buffer, language=language, selected=selected)
    response = HttpResponse(buffer.getvalue(), content_type=FORMATS["xlsx"][0])
    response["Content-Disposition"] = f'attachment; filename="liaison-{key}-{language}.xlsx"'
    return response


@login_required
@require_POST
def export_all(request: HttpRequest) -> HttpResponse:
    """Start the export of everything the person may see; its progress is an export's page."""
    _allowed(request)
    total = sum(kind.make().export_queryset(request.user).count() for kind in registry.kinds())
    job = ExportJob.new(
        user_id=int(request.user.pk or 0),
        format="xlsx",
        filename="liaison-export",
        total=total,
        language=_language(),
    )
    export_everything(token=job.token)
    return HttpResponseRedirect(reverse("export_job", args=(job.token,)))
