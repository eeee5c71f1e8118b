"""The achievements' pages: the record with its stage history, its chains, its financing."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.views import generic
from liaison.core.views.generic import RelatedPanel

from .filtersets import AchievementFilterSet
from .forms import AchievementForm
from .models import Achievement
from .steps import ACHIEVEMENT_STEPS
from .tables import AchievementTable


class AchievementListView(generic.ObjectListView):
    queryset = Achievement.objects.select_related("center")
    filterset = AchievementFilterSet
    table = AchievementTable


class AchievementView(generic.ObjectView):
    queryset = Achievement.objects.select_related("center")
    template_name = "achievements/achievement.html"
    fieldsets = (
        (None, ("title_zh", "title_en", "kind", "patent_number", "center")),
        (_("Maturity"), ("trl", "stage", "stage_since", "transfer_mode")),
        (_("Content"), ("description", "keywords")),
    )
    panels = (
        RelatedPanel(
            _("Owners"),
            lambda a: a.owners.order_by("name_zh"),
            columns=("kind", "city"),
        ),
        RelatedPanel(
            _("Inventors"),
            lambda a: a.inventors.order_by("name_zh"),
            columns=("kind", "title"),
        ),
        # Reached through the reverse relation: the patents app sits above this one.
        RelatedPanel(
            _("Patents"),
            lambda a: a.patents.order_by("-filed_on", "-pk"),
            columns=("kind", "status", "filed_on", "expires_on"),
            list_filter="achievement",
            add_label=_("File a patent"),
        ),
        RelatedPanel(
            _("Financing rounds"),
            lambda a: a.financing_rounds.select_related("venture").order_by("-announced_on", "-pk"),
            columns=("venture", "kind", "amount", "status", "announced_on"),
            list_filter="achievement",
        ),
        # The transfer app's records of it, by their reverse accessors (achievements sits below
        # transfer); income, costs and rewards show only to the roles cleared for them.
        RelatedPanel(
            _("Price notices"),
            lambda a: a.price_notices.select_related("agreement", "achievement").order_by("-pk"),
            columns=("agreement", "price", "status", "ends_on"),
            list_filter="achievement",
        ),
        RelatedPanel(
            _("Income received"),
            lambda a: a.income.select_related("agreement").order_by("-received_on", "-pk"),
            columns=("received_on", "kind", "amount", "agreement"),
            list_filter="achievement",
        ),
        RelatedPanel(
            _("Costs"),
            lambda a: a.costs.order_by("-incurred_on", "-pk"),
            columns=("incurred_on", "kind", "amount"),
            list_filter="achievement",
        ),
        RelatedPanel(
            _("Rewards"),
            lambda a: a.rewards.select_related("achievement").order_by("-proposed_on", "-pk"),
            columns=("basis", "amount", "status", "proposed_on"),
            list_filter="achievement",
            add_label=_("Compute a reward"),
        ),
        # The disclosures it was accepted from (the disclosures app links them; read here
        # through the relation, without importing it).
        RelatedPanel(
            _("Disclosures"),
            lambda a: a.disclosures.order_by("-submitted_on", "-pk"),
            columns=("case_number", "status", "decision", "decided_on"),
            list_filter="achievement",
        ),
    )
    actions = ACHIEVEMENT_STEPS

    def extra_context(self, obj: Achievement) -> dict[str, Any]:
        return {
            "stage_history": list(
                obj.stage_history.restrict(self.request.user, "view").order_by("reached_on", "pk")
            ),
            "chains_url": reverse("achievements:achievement_chains", args=(obj.pk,)),
        }


class AchievementEditView(generic.ObjectEditView):
    queryset = Achievement.objects.all()
    form = AchievementForm


class AchievementDeleteView(generic.ObjectDeleteView):
    queryset = Achievement.objects.all()
