"""The matching pages: Find experts on a need, the staff's decisions, likely enterprises.

Each answers htmx with the fragment it changed (the candidates block, one candidate, the
likely enterprises) and a plain request with a redirect back to the record's page (or, for
the likely enterprises, a page of their own), so everything works without scripts too.
The rules stay in the services; only those who may change a need find and decide.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from liaison.achievements.models import Achievement
from liaison.core.permissions import user_may
from liaison.core.tables import object_url
from liaison.core.views.generic import BaseObjectView
from liaison.needs import services as need_services
from liaison.needs.models import MatchCandidate, TechnicalNeed

from . import pages, selectors, services

CANDIDATES_TEMPLATE = "matching/need_candidates.html"


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def _checked(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name) in {"1", "on", "true"}


class NeedCandidatesView(BaseObjectView):
    """A need's candidates block, as htmx reloads it; a plain visit goes to the need's page."""

    queryset = TechnicalNeed.objects.all()

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        need = self.get_object()
        if not _htmx(request):
            return HttpResponseRedirect(f"{object_url(need)}#candidates")
        return render(request, CANDIDATES_TEMPLATE, {"object": need})


class NeedFindView(BaseObjectView):
    """Find experts: rank the need's experts, centers and achievements and propose them."""

    queryset = TechnicalNeed.objects.all()
    action = "change"

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        need = self.get_object()
        if not user_may(request.user, "add", MatchCandidate):
            # Changing one's need (an enterprise may) is not proposing who solves it.
            raise PermissionDenied
        status = need.status
        only_local = _checked(request, "only_local")
        only_available = _checked(request, "only_available")
        by: Any = request.user
        error = None
        found: list[MatchCandidate] = []
        try:
            found = services.need_find_candidates(
                need=need, by=by, only_local=only_local, only_available=only_available
            )
        except ValidationError as refused:
            error = _messages_of(refused)
            need.refresh_from_db()
        else:
            need.refresh_from_db(fields=["status"])
        if not _htmx(request):
            if error:
                messages.error(request, error)
            else:
                messages.success(
                    request,
                    _("Found %(count)s candidates; accept or reject each below.")
                    % {"count": len(found)},
                )
            return HttpResponseRedirect(f"{object_url(need)}#candidates")
        if not error and need.status != status:
            # The first proposal moves the need on (triaged to matched): its status, the
            # steps it offers and its history are elsewhere on the page, so all of it is
            # shown again rather than the candidates block beside a stale status.
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        context = {
            "object": need,
            "find_error": error,
            "find_filters": {"only_local": only_local, "only_available": only_available},
        }
        return render(request, CANDIDATES_TEMPLATE, context)


class CandidateDecideView(BaseObjectView):
    """Accept or reject one candidate; the decision is kept as a relevance judgment."""

    queryset = MatchCandidate.objects.select_related("need", "person", "center", "achievement")
    action = "change"

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        candidate = self.get_object()
        # Deciding changes the need's record of who may solve it.
        if not user_may(request.user, "change", TechnicalNeed):
            raise PermissionDenied
        error = None
        by: Any = request.user
        try:
            candidate = need_services.need_decide_candidate(
                candidate=candidate, decision=request.POST.get("decision", ""), by=by
            )
        except ValidationError as refused:
            error = _messages_of(refused)
            candidate.refresh_from_db()
        need = candidate.need
        row = pages.candidate_row(candidate, request.user)
        if not _htmx(request):
            if error:
                messages.error(request, error)
            else:
                messages.success(
                    request,
                    _("%(candidate)s: %(decision)s.")
                    % {
                        "candidate": row.target if row is not None else candidate,
                        "decision": candidate.get_decision_display(),
                    },
                )
            return HttpResponseRedirect(f"{object_url(need)}#candidate-{candidate.pk}")
        if row is None:
            # Decided, but its record is not one the user may see: nothing to show in place.
            return HttpResponse("")
        context = {
            "row": row,
            "may_decide": pages.may_decide(
                need, request.user, changes_need=pages.changes_need(need, request.user)
            ),
            "decide_error": error,
        }
        return render(request, "matching/candidate.html", context)


class AchievementEnterprisesView(BaseObjectView):
    """The enterprises most likely to want an achievement, explained (loaded after its page)."""

    queryset = Achievement.objects.all()
    top = 10

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        achievement = self.get_object()
        found = selectors.achievement_find_enterprises(achievement=achievement, top=self.top)
        context = {
            "object": achievement,
            "enterprises": pages.enterprise_rows(found, request.user),
            "achievement_url": object_url(achievement),
        }
        template = (
            "matching/likely_enterprises.html"
            if _htmx(request)
            else "matching/likely_enterprises_page.html"
        )
        return render(request, template, context)
