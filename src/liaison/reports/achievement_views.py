"""An achievement's chains: they read needs and financing, so they are here.

Their address stays under /achievements/ with the achievements' name
(`achievements:achievement_chains`): src/liaison/urls.py routes it with the achievements' own
pages.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from liaison.achievements.models import Achievement
from liaison.core.views import generic

from .chains import achievement_chains


class AchievementChainsView(generic.BaseObjectView):
    """The achievement's talent, innovation, industry and capital chains as one diagram and a table."""

    queryset = Achievement.objects.all()

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        achievement = self.get_object()
        graph = achievement_chains(achievement=achievement, user=request.user)
        context = {
            **self.base_context(),
            "object": achievement,
            "graph": graph,
            "chart": graph.as_echarts(),
            "chains": graph.chains(),
        }
        # The diagram's template and script are shared with a center's chains page.
        return render(request, "reports/chains.html", context)
