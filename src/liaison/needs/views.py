"""The technical needs' and service records' pages, declared on core's generic views.

A need moves through its lifecycle only by the buttons its status offers, each calling a
need service; match candidates are shown here as the matcher proposed them and the staff
decided, and services delivered for the need are recorded from its page.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.agreements.models import Agreement
from liaison.core.views import generic
from liaison.core.views.generic import RelatedPanel

from .attachment_views import conversation_context
from .filtersets import ServiceRecordFilterSet, TechnicalNeedFilterSet
from .forms import ServiceRecordForm, TechnicalNeedForm
from .models import ServiceRecord, TechnicalNeed
from .steps import NEED_STEPS
from .tables import CandidateTable, ServiceRecordTable, TechnicalNeedTable, domain_labels

# Technical needs ---------------------------------------------------------------------------


CANDIDATES = RelatedPanel(
    _("Match candidates"),
    lambda n: n.candidates.select_related("person", "center", "achievement").order_by("rank", "pk"),
    table=CandidateTable,
    limit=30,
)


class TechnicalNeedListView(generic.ObjectListView):
    # The long texts (description, solution) are not listed: left in the database.
    queryset = TechnicalNeed.objects.select_related("organization", "assigned_center").defer(
        "description",
        "solution_summary",
        "close_reason",
        "organization__description",
        "assigned_center__description",
    )
    filterset = TechnicalNeedFilterSet
    table = TechnicalNeedTable


class TechnicalNeedView(generic.ObjectView):
    queryset = TechnicalNeed.objects.select_related("organization", "contact", "assigned_center")
    template_name = "needs/technicalneed.html"
    fieldsets = (
        (None, ("title", "organization", "contact", "description")),
        (_("Terms"), ("budget", "deadline", "confidentiality", "team_visible")),
        (
            _("Lifecycle"),
            (
                "status",
                "submitted_on",
                "triaged_on",
                "assigned_center",
                "solved_on",
                "ended_on",
                "close_reason",
            ),
        ),
        (_("Solution"), ("solution_summary", "satisfaction")),
    )
    panels = (
        RelatedPanel(
            _("Services delivered for it"),
            lambda n: n.services.order_by("-delivered_on", "-pk"),
            columns=("kind", "delivered_on", "center", "provided_by", "revenue"),
            list_filter="need",
        ),
    )
    actions = NEED_STEPS

    def extra_context(self, obj: TechnicalNeed) -> dict[str, Any]:
        user = self.request.user
        return {
            "domains": domain_labels(obj.domains),
            # The `candidates` block of the template shows this; the matching pages add to it.
            "candidates_panel": CANDIDATES.render_context(obj, user),
            "record_service_url": f"{reverse('needs:servicerecord_add')}?need={obj.pk}",
            # The need's files and its conversation with the enterprise (attachment_views).
            **conversation_context(obj, user),
        }


class TechnicalNeedEditView(generic.ObjectEditView):
    queryset = TechnicalNeed.objects.all()
    form = TechnicalNeedForm


class TechnicalNeedDeleteView(generic.ObjectDeleteView):
    queryset = TechnicalNeed.objects.all()


# Service records ---------------------------------------------------------------------------


class ServiceRecordListView(generic.ObjectListView):
    queryset = ServiceRecord.objects.select_related("organization", "center", "need", "agreement")
    filterset = ServiceRecordFilterSet
    table = ServiceRecordTable


class ServiceRecordView(generic.ObjectView):
    queryset = ServiceRecord.objects.select_related(
        "organization", "center", "need", "agreement", "provided_by"
    )
    fieldsets = (
        (None, ("title", "kind", "organization", "delivered_on", "description")),
        (_("For"), ("need", "agreement", "center", "provided_by")),
        (_("Revenue"), ("revenue",)),
    )


class ServiceRecordEditView(generic.ObjectEditView):
    queryset = ServiceRecord.objects.all()
    form = ServiceRecordForm

    def get_instance(self) -> Any:
        record = super().get_instance()
        if record.pk is None:
            self.prefill(record)
        return record

    def prefill(self, record: ServiceRecord) -> None:
        """A service recorded from a need's or an agreement's page starts from what it knows."""
        user = self.request.user
        need_pk = self.request.GET.get("need", "")
        if need_pk.isdigit():
            need = TechnicalNeed.objects.restrict(user, "view").filter(pk=need_pk).first()
            if need is not None:
                record.need = need
                record.organization = need.organization
                record.center = need.assigned_center
        agreement_pk = self.request.GET.get("agreement", "")
        if agreement_pk.isdigit():
            agreement = Agreement.objects.restrict(user, "view").filter(pk=agreement_pk).first()
            if agreement is not None:
                record.agreement = agreement


class ServiceRecordDeleteView(generic.ObjectDeleteView):
    queryset = ServiceRecord.objects.all()
