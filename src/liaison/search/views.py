"""The global search page: every noun's matches, or one noun's page by page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from liaison.core.display import field_value

from .selectors import (
    NOUNS_BY_KEY,
    Noun,
    found_all,
    noun_matches,
    query_terms,
    search_everything,
)

RESULTS_PER_PAGE = 25


@dataclass(frozen=True)
class Result:
    record: Model
    details: list[Any]


def _results(noun: Noun, records: Iterable[Model]) -> list[Result]:
    return [
        Result(record, [v for f in noun.detail_fields if (v := field_value(record, f)) != ""])
        for record in records
    ]


class SearchView(LoginRequiredMixin, View):
    template_name = "search/search.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        query = request.GET.get("q", "").strip()
        noun = NOUNS_BY_KEY.get(request.GET.get("in", ""))
        context: dict[str, object] = {"query": query, "noun": noun}
        if noun is not None:
            matches = noun_matches(noun, user=request.user, terms=query_terms(query))
            paginator = Paginator(matches, RESULTS_PER_PAGE)
            page = paginator.get_page(request.GET.get("page"))
            context["page"] = page
            context["results"] = _results(noun, page.object_list)
            context["more"] = bool(page.object_list) and not found_all(page.object_list[0])
        else:
            groups = search_everything(user=request.user, query=query)
            context["groups"] = [
                (group, _results(group.noun, group.rows)) for group in groups if group.total
            ]
            context["searched"] = bool(groups)
        return render(request, self.template_name, context)
