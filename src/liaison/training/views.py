"""The trainees' and their supervisions' pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.core.views import generic
from liaison.core.views.generic import RelatedPanel
from liaison.people.models import Person

from .filtersets import SupervisionFilterSet, TraineeFilterSet
from .forms import SupervisionForm, TraineeForm
from .models import Supervision, Trainee
from .steps import TRAINEE_STEPS
from .tables import SupervisionTable, TraineeTable


def _prefilled(request: HttpRequest, model: type[Any], name: str) -> Any:
    """The record `?name=<pk>` names, if the user may see it: a page opened from its page."""
    pk = request.GET.get(name, "")
    if not pk.isdigit():
        return None
    return model.objects.restrict(request.user, "view").filter(pk=pk).first()


class TraineeListView(generic.ObjectListView):
    queryset = Trainee.objects.select_related("person", "agreement", "center")
    filterset = TraineeFilterSet
    table = TraineeTable


class TraineeView(generic.ObjectView):
    queryset = Trainee.objects.select_related("person", "agreement", "center")
    fieldsets = (
        (None, ("person", "level", "agreement", "center", "title")),
        (_("Training"), ("status", "starts_on", "ends_on")),
        (_("Note"), ("note",)),
    )
    panels = (
        RelatedPanel(
            _("Supervisors"),
            lambda t: t.supervisions.order_by("side", "pk"),
            columns=("supervisor", "side"),
            list_filter="trainee",
            limit=20,
        ),
        RelatedPanel(
            _("Achievements contributed to"),
            lambda t: t.achievements.order_by("-pk"),
            columns=("kind", "stage"),
        ),
        RelatedPanel(
            _("Services contributed to"),
            lambda t: t.services.order_by("-delivered_on", "-pk"),
            columns=("organization", "kind", "delivered_on"),
        ),
    )
    actions = TRAINEE_STEPS


class TraineeEditView(generic.ObjectEditView):
    queryset = Trainee.objects.all()
    form = TraineeForm

    def get_instance(self) -> Any:
        trainee = super().get_instance()
        if trainee.pk is None:
            # Opened from an agreement's, a center's or a person's page: theirs is filled in.
            agreement = _prefilled(self.request, Agreement, "agreement")
            if agreement is not None:
                trainee.agreement = agreement
            center = _prefilled(self.request, Center, "center")
            if center is not None:
                trainee.center = center
            person = _prefilled(self.request, Person, "person")
            if person is not None:
                trainee.person = person
        return trainee


class TraineeDeleteView(generic.ObjectDeleteView):
    queryset = Trainee.objects.all()


class SupervisionListView(generic.ObjectListView):
    queryset = Supervision.objects.select_related("supervisor", "trainee__person")
    filterset = SupervisionFilterSet
    table = SupervisionTable


class SupervisionView(generic.ObjectView):
    queryset = Supervision.objects.select_related("supervisor", "trainee__person")
    fieldsets = ((None, ("trainee", "supervisor", "side")),)


class SupervisionEditView(generic.ObjectEditView):
    queryset = Supervision.objects.all()
    form = SupervisionForm

    def get_instance(self) -> Any:
        supervision = super().get_instance()
        if supervision.pk is None:
            trainee = _prefilled(self.request, Trainee, "trainee")
            if trainee is not None:
                supervision.trainee = trainee
        return supervision


class SupervisionDeleteView(generic.ObjectDeleteView):
    queryset = Supervision.objects.all()
