"""The incubated companies' pages: the stay with its dated steps, milestones and resources."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from liaison.core.views import generic
from liaison.core.views.generic import RelatedPanel
from liaison.organizations.models import Organization

from .filtersets import IncubationFilterSet
from .forms import IncubationForm, IncubationMilestoneForm, IncubationResourceForm
from .models import Incubation, IncubationMilestone, IncubationResource
from .steps import INCUBATION_STEPS
from .tables import IncubationMilestoneTable, IncubationResourceTable, IncubationTable


class IncubationListView(generic.ObjectListView):
    queryset = Incubation.objects.select_related("organization", "center")
    filterset = IncubationFilterSet
    table = IncubationTable


class IncubationView(generic.ObjectView):
    queryset = Incubation.objects.select_related(
        "organization", "center", "achievement", "agreement"
    )
    fieldsets = (
        (None, ("organization", "center", "origin", "achievement", "agreement")),
        (
            _("Stay"),
            ("status", "admitted_on", "incubating_since", "exited_on", "exit_note"),
        ),
        (_("Space and shares"), ("space", "area_m2", "institute_shareholding")),
    )
    panels = (
        RelatedPanel(
            _("Founders"), lambda i: i.founders.order_by("name_zh"), columns=("kind", "title")
        ),
        RelatedPanel(
            _("Achievements licensed or contributed"),
            lambda i: i.achievements.order_by("title_zh"),
            columns=("kind", "stage"),
        ),
        RelatedPanel(
            _("Milestones"),
            lambda i: i.milestones.order_by("-reached_on", "-pk"),
            table=IncubationMilestoneTable,
            limit=40,
        ),
        RelatedPanel(
            _("Resources"),
            lambda i: i.resources.order_by("-starts_on", "-pk"),
            table=IncubationResourceTable,
            limit=40,
        ),
    )
    actions = INCUBATION_STEPS


class IncubationEditView(generic.ObjectEditView):
    queryset = Incubation.objects.all()
    form = IncubationForm

    def get_instance(self) -> Any:
        incubation = super().get_instance()
        # Admitted from the company's page.
        pk = self.request.GET.get("organization", "")
        if incubation.pk is None and pk.isdigit():
            visible = Organization.objects.restrict(self.request.user, "view")
            incubation.organization = visible.filter(pk=pk).first()
        return incubation


class IncubationDeleteView(generic.ObjectDeleteView):
    queryset = Incubation.objects.all()


class _PresetIncubation:
    """A new milestone or resource starts from the company named in `?incubation=`."""

    request: HttpRequest

    def preset_incubation(self, record: Any) -> Any:
        pk = self.request.GET.get("incubation", "")
        if record.pk is None and pk.isdigit():
            visible = Incubation.objects.restrict(self.request.user, "view")
            record.incubation = visible.filter(pk=pk).first()
        return record


class IncubationMilestoneView(generic.ObjectView):
    queryset = IncubationMilestone.objects.select_related("incubation__organization")
    fieldsets = ((None, ("incubation", "kind", "reached_on", "amount", "currency", "evidence")),)


class IncubationMilestoneEditView(_PresetIncubation, generic.ObjectEditView):
    queryset = IncubationMilestone.objects.all()
    form = IncubationMilestoneForm

    def get_instance(self) -> Any:
        return self.preset_incubation(super().get_instance())


class IncubationMilestoneDeleteView(generic.ObjectDeleteView):
    queryset = IncubationMilestone.objects.all()


class IncubationResourceView(generic.ObjectView):
    queryset = IncubationResource.objects.select_related("incubation__organization")
    fieldsets = (
        (
            None,
            ("incubation", "kind", "starts_on", "ends_on", "area_m2", "fee", "currency", "note"),
        ),
    )


class IncubationResourceEditView(_PresetIncubation, generic.ObjectEditView):
    queryset = IncubationResource.objects.all()
    form = IncubationResourceForm

    def get_instance(self) -> Any:
        return self.preset_incubation(super().get_instance())


class IncubationResourceDeleteView(generic.ObjectDeleteView):
    queryset = IncubationResource.objects.all()
