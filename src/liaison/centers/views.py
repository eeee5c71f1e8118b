"""The centers' pages: a center with everything around it, its chains, and its appointments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Prefetch, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.agreements.models import Agreement
from liaison.core.admin import Transition
from liaison.core.lifecycle import today
from liaison.core.views import generic
from liaison.core.views.generic import RelatedPanel

from . import services
from .filtersets import AppointmentFilterSet, CenterFilterSet
from .forms import AddPartnerForm, AppointForm, CenterForm, CommitteeCreateForm
from .models import Appointment, Center
from .selectors import center_achievements, center_chains, people_in_office, related_model
from .steps import APPOINTMENT_STEPS
from .tables import AppointmentTable, CenterTable

# The center page's list of achievements; the achievements list has them all.
ACHIEVEMENTS_SHOWN = 10


def _rounds_of(center: Center) -> Any:
    """The financing rounds raised for the center's achievements."""
    achievement = related_model(Center, "achievements")
    rounds = related_model(achievement, "financing_rounds")
    return rounds.objects.filter(achievement__center=center)


class CenterListView(generic.ObjectListView):
    queryset = Center.objects.select_related("parent").annotate(
        partner_count=Count("partnerships", distinct=True),
        achievement_count=Count("achievements", distinct=True),
    )
    filterset = CenterFilterSet
    table = CenterTable


class CenterView(generic.ObjectView):
    queryset = Center.objects.select_related("parent", "founding_agreement", "established_at")
    template_name = "centers/center.html"
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
    actions = (
        Transition(
            name="add-partner",
            label=_("Add a partner"),
            service=services.center_add_partner,
            target="center",
            form=AddPartnerForm,
        ),
        Transition(
            name="set-up-committee",
            label=_("Set up a committee"),
            service=services.committee_create,
            target="center",
            form=CommitteeCreateForm,
        ),
        Transition(
            name="appoint",
            label=_("Appoint a person"),
            service=services.appointment_make,
            target="center",
            form=AppointForm,
        ),
    )

    def extra_context(self, obj: Center) -> dict[str, Any]:
        user = self.request.user
        on = today()
        running = Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))
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
            obj.appointments.restrict(user, "view")
            .filter(running, committee__isnull=True)
            .select_related("person")
            .order_by("role", "starts_on")
        )
        achievements = center_achievements(center=obj, user=user, people=people)
        stage_field = achievements.model._meta.get_field("stage")
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
            for value, label in stage_field.choices
        ]
        needs = obj.technical_needs.restrict(user, "view").aggregate(
            # The needs app's status values, named here since centers may not import it.
            total=Count("pk"),
            solved=Count("pk", filter=Q(status="solved")),
        )
        round_model = related_model(achievements.model, "financing_rounds")
        raised = (
            round_model.objects.restrict(user, "view")
            # The financing app's status value, named here since centers may not import it.
            .filter(status="closed", achievement__in=achievements.values("pk"))
            .aggregate(
                total=Sum(F("amount") * F("cny_rate"), output_field=DecimalField(decimal_places=2))
            )["total"]
        )
        return {
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
            },
            "chains_url": reverse("centers:center_chains", args=(obj.pk,)),
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
        return render(request, "centers/chains.html", context)


class CenterEditView(generic.ObjectEditView):
    queryset = Center.objects.all()
    form = CenterForm
    create_service = services.center_create


class CenterDeleteView(generic.ObjectDeleteView):
    queryset = Center.objects.all()


class AppointmentListView(generic.ObjectListView):
    queryset = Appointment.objects.select_related("person", "center", "committee")
    filterset = AppointmentFilterSet
    table = AppointmentTable


class AppointmentView(generic.ObjectView):
    queryset = Appointment.objects.select_related("person", "center", "committee", "announced_at")
    fieldsets = (
        (None, ("person", "role", "center", "committee")),
        (_("Term"), ("starts_on", "ends_on", "announced_at")),
    )
    actions = APPOINTMENT_STEPS
