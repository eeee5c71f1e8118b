"""Core's own pages: the record lookup of the pickers, an export job's progress, signing out,
the refused-form page and the site's icon."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse

from liaison.core.exports import FORMATS, ExportJob

LOOKUP_LIMIT = 20


@login_required
def lookup(request: HttpRequest, model: str) -> HttpResponse:
    """The records of `model` matching `q`, as options for a `RecordSelect` (htmx), or boxes to
    tick for a `RecordSelectMultiple`."""
    from liaison.core.filtersets import search_query
    from liaison.core.forms import LOOKUP_FIELDS

    fields = LOOKUP_FIELDS.get(model)
    if fields is None:
        raise Http404
    model_class = apps.get_model(model)
    visible = model_class.objects.restrict(request.user, "view")
    # The widget sends its search box as `<field>__lookup` and its select as `<field>`.
    field = request.GET.get("field", "")
    term = request.GET.get(f"{field}__lookup", request.GET.get("q", "")).strip()
    records = (
        list(visible.filter(search_query(fields, term, model=model_class))[:LOOKUP_LIMIT])
        if term
        else []
    )
    if request.GET.get("multiple"):
        # A `RecordSelectMultiple`: its ticked records stay ticked, the matches come after.
        pks = [pk for pk in request.GET.getlist(field) if pk.isdigit()]
        ticked = list(visible.filter(pk__in=pks)) if pks else []
        context = {
            "field": field,
            "chosen": ticked,
            "records": [r for r in records if r not in ticked] if term else None,
        }
        return render(request, "core/lookup_checkboxes.html", context)
    chosen_pk = request.GET.get(field, "")
    chosen = visible.filter(pk=chosen_pk).first() if chosen_pk.isdigit() else None
    return render(request, "core/lookup_options.html", {"records": records, "chosen": chosen})


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


class SignOutView(auth_views.LogoutView):
    """Sign out on POST; a GET (a typed or bookmarked /logout/) asks first, since a link
    alone must not end a session."""

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return HttpResponseRedirect(reverse("login"))
        return render(request, "core/logout_confirm.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused for its missing or stale security token, explained in the page's layout
    and language (Django's own page is English only and says it to developers)."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico whatever the page says; send them to Liaison's icon."""
    return HttpResponsePermanentRedirect(static("core/favicon.svg"))
