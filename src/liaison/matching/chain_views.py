"""The suggestion action of the industry-chain pages: matching suggests placements for a chain
or one of its segments, then returns to its page, where a person accepts or rejects each."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import ngettext

from liaison.chains.models import ChainSegment, IndustryChain, SegmentPlacement
from liaison.core.permissions import user_may
from liaison.core.tables import object_url
from liaison.core.views.generic import BaseObjectView

from .chain_suggestions import suggest_for_chain, suggest_for_segment


def _said(request: HttpRequest, count: int) -> None:
    messages.success(
        request,
        ngettext(
            "%(count)s new suggestion: accept or reject it on its segment's page.",
            "%(count)s new suggestions: accept or reject each on its segment's page.",
            count,
        )
        % {"count": count},
    )


class _Suggest(BaseObjectView):
    def check(self, request: HttpRequest) -> None:
        if not user_may(request.user, "add", SegmentPlacement):
            raise PermissionDenied


class ChainSuggestView(_Suggest):
    queryset = IndustryChain.objects.all()

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        chain = self.get_object()
        self.check(request)
        by: Any = request.user
        try:
            run = suggest_for_chain(chain=chain, by=by)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            _said(request, len(run.suggested))
        return HttpResponseRedirect(object_url(chain) or "/")


class SegmentSuggestView(_Suggest):
    queryset = ChainSegment.objects.all()

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        segment = self.get_object()
        self.check(request)
        by: Any = request.user
        try:
            made = suggest_for_segment(segment=segment, by=by)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            _said(request, len(made))
        return HttpResponseRedirect(object_url(segment) or "/")
