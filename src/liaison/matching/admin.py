"""What matching adds to the admin of the apps below it: Find experts on a need, likely enterprises of an achievement.

Needs and achievements sit below matching and do not import it; their admins are extended
here, the app that may read them all, and registered again in their place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from liaison.achievements.admin import AchievementAdmin
from liaison.achievements.models import Achievement
from liaison.core.steps import Transition, TransitionForm
from liaison.needs.admin import TechnicalNeedAdmin
from liaison.needs.choices import NEED_MOVES, NeedStatus
from liaison.needs.models import TechnicalNeed

from .selectors import achievement_find_enterprises
from .services import need_find_candidates


class FindCandidatesForm(TransitionForm):
    top = forms.IntegerField(
        label=_("how many of each kind"), min_value=1, max_value=50, initial=10
    )
    only_available = forms.BooleanField(
        label=_("only available experts and active centers"), required=False, initial=True
    )


FIND_CANDIDATES = Transition(
    name="find-candidates",
    label=_("Find experts"),
    service=need_find_candidates,
    target="need",
    form=FindCandidatesForm,
    offered_from=NEED_MOVES.into(NeedStatus.MATCHED),
)


class MatchingNeedAdmin(TechnicalNeedAdmin):
    """A need's admin with the step that ranks experts, centers and achievements for it."""

    transitions = (FIND_CANDIDATES, *TechnicalNeedAdmin.transitions)


class MatchingAchievementAdmin(AchievementAdmin):
    """An achievement's admin with the enterprises most likely to take it up."""

    fieldsets: Any = (
        *AchievementAdmin.fieldsets[:-1],
        (_("Likely enterprises"), {"fields": ("likely_enterprises",)}),
        AchievementAdmin.fieldsets[-1],
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Sequence[str]:
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "likely_enterprises")

    @admin.display(description=_("likely enterprises"))
    def likely_enterprises(self, achievement: Achievement) -> SafeString | str:
        """The enterprises whose industry, past needs and services resemble the achievement."""
        if achievement.pk is None:
            return "—"
        found = achievement_find_enterprises(achievement=achievement, top=8)
        if not found:
            return "—"
        rows = (
            (
                reverse("admin:organizations_organization_change", args=(m.organization.pk,)),
                m.organization,
                f"{m.score:.2f}",
                "、".join(t["term"] for t in m.explanation["terms"][:6]),
            )
            for m in found
        )
        return format_html(
            "<ol>{}</ol>",
            format_html_join("", '<li><a href="{}">{}</a> ({}) <small>{}</small></li>', rows),
        )


for model, extended in (
    (TechnicalNeed, MatchingNeedAdmin),
    (Achievement, MatchingAchievementAdmin),
):
    admin.site.unregister(model)
    admin.site.register(model, extended)
