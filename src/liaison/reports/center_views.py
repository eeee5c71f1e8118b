"""A center's page and its chains: they read achievements, needs and financing, so they are here.

Their addresses stay under /centers/ with the centers' names (`centers:center_detail`,
`centers:center_chains`): src/liaison/urls.py routes them with the centers' own pages.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Prefetch, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from liaison.achievements.choices import Stage
from liaison.agreements.models import Agreement
from liaison.centers.models import Appointment, Center
from liaison.centers.selectors import appointments_in_office, people_in_office
from liaison.centers.steps import CENTER_STEPS
from liaison.core import permissions
from liaison.core.lifecycle import today
from liaison.core.views import generic
from liaison.core.views.generic import RelatedPanel
from liaison.financing.choices import RoundStatus
from liaison.financing.models import FinancingRound
from liaison.incubation.selectors import incubator_summary
from liaison.needs.choices import NeedStatus
from liaison.training.pages import center_section as training_section

from . import catalogue
from .catalogue import catalogue_for
from .chains import center_achievements, center_chains
from .choosing import picker
from .views import figure_cards

# The center page's list of achievements; the achievements list has them all.
ACHIEVEMENTS_SHOWN = 10
# The catalogue's figures a center's page shows for the period picked, each opening its records.
CENTER_METRICS = [
    catalogue.metric(key)
    for key in (
        "needs_received",
        "needs_solved",
        "technical_problems_solved",
        "services_delivered",
        "service_revenue_cny",
        "achievements_entering_stage",
        "achievements_market_or_clinical",
        "financing_closed_cny",
        "financing_cumulative_cny",
        "people_appointed",
    )
]


def _rounds_of(center: Center) -> QuerySet[FinancingRound]:
    """The financing rounds raised for the center's achievements."""
    return FinancingRound.objects.filter(achievement__center=center)


class CenterView(generic.ObjectView):
    queryset = Center.objects.select_related("parent", "founding_agreement", "established_at")
    template_name = "reports/center.html"
    fieldsets = (
        (None, ("name_zh", "name_en", "kind", "status", "parent")),
        (_("Founding"), ("founding_agreement", "established_on", "established_at")),
        (_("Work"), ("focus_areas", "description")),
    )
    panels = (
        RelatedPanel(
            _("Partners"),
            lambda c: c.partnerships.order_by("joined_on", "pk"),
            columns=("organization", "role", "joined_on"),
            exclude=("record",),
        ),
        RelatedPanel(
            _("Agreements"),
            # Its founding agreement and those signed with its partners.
            lambda c: (
                Agreement.objects.filter(
                    Q(founded_centers=c) | Q(organizations__center_partnerships__center=c)
                )
                .distinct()
                .order_by("-signed_on", "-pk")
            ),
            columns=("kind", "status", "signed_on", "value"),
        ),
        RelatedPanel(
            _("Technical needs assigned"),
            lambda c: c.technical_needs.order_by("-submitted_on", "-pk"),
            columns=("organization", "status", "submitted_on"),
        ),
        RelatedPanel(
            _("Services delivered"),
            lambda c: c.services.order_by("-delivered_on", "-pk"),
            columns=("organization", "kind", "delivered_on"),
        ),
        RelatedPanel(
            _("Financing"),
            lambda c: _rounds_of(c).order_by("-announced_on", "-pk"),
            columns=("achievement", "kind", "amount", "status", "announced_on"),
            list_filter="center",
        ),
        RelatedPanel(
            _("Sub-centers"),
            lambda c: c.children.order_by("name_zh"),
            columns=("kind", "status"),
            list_filter="parent",
        ),
    )
    actions = CENTER_STEPS

    def extra_context(self, obj: Center) -> dict[str, Any]:
        user = self.request.user
        on = today()
        committees = (
            obj.committees.restrict(user, "view")
            .prefetch_related(
                Prefetch(
                    "appointments",
                    queryset=Appointment.objects.restrict(user, "view")
                    .select_related("person")
                    .order_by("role", "-starts_on", "pk"),
                )
            )
            .order_by("kind", "pk")
        )
        people = people_in_office(center=obj, user=user)
        leaders = list(
            appointments_in_office(center=obj, user=user)
            .filter(committee__isnull=True)
            .select_related("person")
            .order_by("role", "starts_on")
        )
        achievements = center_achievements(center=obj, user=user, people=people)
        by_stage = dict(achievements.values_list("stage").annotate(n=Count("pk")).order_by())
        achievement_total = sum(by_stage.values())
        stages = [
            {
                "label": label,
                "count": by_stage.get(value, 0),
                "percent": round(100 * by_stage.get(value, 0) / achievement_total)
                if achievement_total
                else 0,
            }
            for value, label in Stage.choices
        ]
        needs = obj.technical_needs.restrict(user, "view").aggregate(
            total=Count("pk"),
            solved=Count("pk", filter=Q(status=NeedStatus.SOLVED)),
        )
        closed = FinancingRound.objects.restrict(user, "view").filter(
            status=RoundStatus.CLOSED, achievement__in=achievements.values("pk")
        )
        # Only the amounts the user is cleared for are added up; the page says how many not.
        raised = permissions.cleared(closed, user, "amount").aggregate(
            total=Sum(F("amount") * F("cny_rate"), output_field=DecimalField(decimal_places=2))
        )["total"]
        period, picked = picker(self.request)
        needs_list = reverse("needs:technicalneed_list")
        figures = catalogue_for(period=period, user=user, center=obj, chosen=CENTER_METRICS)
        return {
            **picked,
            "period_text": period.describe(translation.get_language() or "en"),
            "center_cards": figure_cards(figures),
            "needs_url": f"{needs_list}?{urlencode({'center': str(obj.pk)})}",
            "solved_url": f"{needs_list}?{urlencode({'center': str(obj.pk), 'status': 'solved'})}",
            "report_url": f"{reverse('report')}?{urlencode({**period.query(), 'center': str(obj.pk)})}",
            "committees": committees,
            "leaders": leaders,
            "today": on,
            "stages": stages,
            "achievements": list(
                achievements.select_related("center").order_by(
                    F("stage_since").desc(nulls_last=True), "-pk"
                )[:ACHIEVEMENTS_SHOWN]
            ),
            "figures": {
                "partners": obj.partnerships.restrict(user, "view").count(),
                "people": len(people),
                "achievements": achievement_total,
                "needs": needs["total"],
                "needs_solved": needs["solved"],
                "raised": raised or Decimal(0),
                "raised_hidden": permissions.hidden_count(closed, user, "amount"),
            },
            "chains_url": reverse("centers:center_chains", args=(obj.pk,)),
            # An incubation center's companies, funnel, financing and services (else None).
            "incubator": incubator_summary(center=obj, user=user),
            # Its trainees in training and graduated, by year (None: it has none).
            "training": training_section(center=obj, user=user),
        }


class CenterChainsView(generic.BaseObjectView):
    """The center's talent, innovation, industry and capital chains as one diagram and a table."""

    queryset = Center.objects.all()

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        center = self.get_object()
        graph = center_chains(center=center, user=request.user)
        context = {
            **self.base_context(),
            "object": center,
            "graph": graph,
            "chart": graph.as_echarts(),
            "chains": graph.chains(),
        }
        # The diagram's template and script are shared with an achievement's chains page.
        return render(request, "reports/chains.html", context)
