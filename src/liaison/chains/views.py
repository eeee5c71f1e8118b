"""The industry chains' pages: the map of a chain, its segments, and the records placed on them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from liaison.core.filtersets import ObjectFilterSet
from liaison.core.permissions import may, user_may
from liaison.core.steps import DONE_MESSAGE
from liaison.core.tables import model_url, object_url
from liaison.core.views import generic
from liaison.people.models import Affiliation
from liaison.people.tables import PersonTable

from .choices import PLACED_FIELDS, PlacedKind, PlacementStatus
from .filtersets import (
    ChainSegmentFilterSet,
    IndustryChainFilterSet,
    SegmentExpertFilterSet,
    SegmentPlacementFilterSet,
)
from .forms import ChainSegmentForm, IndustryChainForm, SegmentPlacementForm
from .models import ChainSegment, IndustryChain, SegmentPlacement
from .selectors import chain_map, experts_of, segment_figures, visible_placements
from .services import PLACED_MODELS
from .steps import ACCEPT, PLACEMENT_STEPS, REJECT
from .tables import ChainSegmentTable, IndustryChainTable, SegmentPlacementTable

# The records of each kind a segment's page lists; the rest are a click away.
PER_KIND_SHOWN = 20
# Each placement with its record, read in the same query.
PLACED = ("segment__chain", *PLACED_FIELDS)


def _reverse_or_none(name: str, *args: Any) -> str | None:
    """The address of a page an app above offers (matching's suggestions), if it is installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# Chains -----------------------------------------------------------------------------------


class IndustryChainListView(generic.ObjectListView):
    queryset = IndustryChain.objects.all()
    filterset = IndustryChainFilterSet
    table = IndustryChainTable


class IndustryChainView(generic.ObjectView):
    """The chain's map: its segments upstream to downstream, their figures and gaps."""

    queryset = IndustryChain.objects.all()
    template_name = "chains/chain.html"
    fieldsets = ((None, ("code", "name_zh", "name_en", "region", "active", "description")),)

    def extra_context(self, obj: IndustryChain) -> dict[str, Any]:
        user = self.request.user
        may_place = user_may(user, "add", SegmentPlacement)
        return {
            "map": chain_map(chain=obj, user=user),
            "add_segment_url": f"{reverse('chains:chainsegment_add')}?chain={obj.pk}"
            if user_may(user, "add", ChainSegment)
            else None,
            # Matching sits above chains: its suggestion action is reached by its URL's name.
            "suggest_url": _reverse_or_none("matching:chain_suggest", obj.pk)
            if may_place
            else None,
        }


class IndustryChainEditView(generic.ObjectEditView):
    queryset = IndustryChain.objects.all()
    form = IndustryChainForm


class IndustryChainDeleteView(generic.ObjectDeleteView):
    queryset = IndustryChain.objects.all()


# Segments ---------------------------------------------------------------------------------


class ChainSegmentListView(generic.ObjectListView):
    queryset = ChainSegment.objects.select_related("chain")
    filterset = ChainSegmentFilterSet
    table = ChainSegmentTable


class ChainSegmentView(generic.ObjectView):
    """A segment: its figures, the records on it, and the suggestions waiting for a person."""

    queryset = ChainSegment.objects.select_related("chain")
    template_name = "chains/segment.html"
    fieldsets = (
        (None, ("chain", "code", "name_zh", "name_en", "position", "order")),
        (_("Matching text"), ("description", "keywords")),
    )

    def extra_context(self, obj: ChainSegment) -> dict[str, Any]:
        user = self.request.user
        pending = list(
            visible_placements(user)
            .filter(segment=obj, status=PlacementStatus.SUGGESTED)
            .select_related(*PLACED_FIELDS)
            .order_by("-score", "pk")[:50]
        )
        accepted = visible_placements(user).filter(segment=obj, status=PlacementStatus.ACCEPTED)
        # The first of each kind, a query each (six, whatever the segment holds).
        by_kind = {
            kind: list(
                accepted.filter(kind=kind).select_related(kind).order_by("-pk")[:PER_KIND_SHOWN]
            )
            for kind in PlacedKind.values
        }
        may_place = user_may(user, "add", SegmentPlacement)
        list_url = reverse("chains:segmentplacement_list")
        return {
            "figures": segment_figures(segment=obj, user=user),
            "placed": [
                (label, by_kind[kind], f"{list_url}?segment={obj.pk}&status=accepted&kind={kind}")
                for kind, label in PlacedKind.choices
            ],
            "pending": pending,
            "may_decide": user_may(user, "change", SegmentPlacement),
            "place_url": f"{reverse('chains:segmentplacement_add')}?segment={obj.pk}"
            if may_place
            else None,
            "suggest_url": _reverse_or_none("matching:segment_suggest", obj.pk)
            if may_place
            else None,
        }


class ChainSegmentEditView(generic.ObjectEditView):
    queryset = ChainSegment.objects.all()
    form = ChainSegmentForm

    def get_instance(self) -> Any:
        segment = super().get_instance()
        # Added from its chain's map.
        pk = self.request.GET.get("chain", "")
        if segment.pk is None and pk.isdigit():
            visible = IndustryChain.objects.restrict(self.request.user, "view")
            segment.chain = visible.filter(pk=pk).first()
        return segment


class ChainSegmentDeleteView(generic.ObjectDeleteView):
    queryset = ChainSegment.objects.all()


class SegmentExpertsView(generic.ObjectListView):
    """The experts of a segment (see `selectors.experts_of`): the map's drill-down, paginated.

    Its record is the segment (a 404 for one the user may not see); its rows are people.
    """

    queryset = ChainSegment.objects.select_related("chain")
    filterset = SegmentExpertFilterSet
    table = PersonTable
    template_name = "chains/segment_experts.html"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        segment = self.restricted().filter(pk=kwargs["pk"]).first()
        if segment is None:
            raise Http404
        queryset = experts_of([segment], request.user).prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.restrict(request.user, "view")
                .filter(is_primary=True)
                .select_related("organization"),
                to_attr="primary_affiliations",
            )
        )
        filterset: ObjectFilterSet = self.filterset(
            request.GET, queryset=queryset, user=request.user
        )
        table = self.table(filterset.qs)
        self.configure(table, request)
        context = {
            **self.base_context(),
            "segment": segment,
            "filterset": filterset,
            "filter_form": filterset.form,
            "table": table,
            "export_url": None,
            "add_url": None,
            "list_url": None,
            "query": request.GET.urlencode(),
            "search": request.GET.get("q", ""),
        }
        return render(request, self.template_name, context)


# Placements -------------------------------------------------------------------------------


class SegmentPlacementListView(generic.ObjectListView):
    queryset = SegmentPlacement.objects.select_related(*PLACED)
    filterset = SegmentPlacementFilterSet
    table = SegmentPlacementTable

    @classmethod
    def filtered(cls, user: Any, params: QueryDict) -> tuple[ObjectFilterSet, QuerySet[Any]]:
        # Only placements of records the user may see (a secret need's title stays unseen).
        queryset = visible_placements(user).select_related(*PLACED)
        filterset = cls.filterset(params, queryset=queryset, user=user)
        return filterset, filterset.qs


class SegmentPlacementView(generic.ObjectView):
    queryset = SegmentPlacement.objects.select_related(
        "segment__chain", "decided_by", *PLACED_FIELDS
    )
    fieldsets = (
        (None, ("segment", "kind", *PLACED_FIELDS, "note")),
        (
            _("How it was placed"),
            ("source", "status", "score", "decided_by", "decided_at"),
        ),
    )
    template_name = "chains/placement.html"
    actions = PLACEMENT_STEPS

    def get_fieldsets(self) -> Any:
        # The record placed, not the five kinds left empty.
        kind = getattr(self, "placed_kind", None)
        return tuple(
            (heading, tuple(n for n in names if n not in PLACED_FIELDS or n == kind))
            for heading, names in self.fieldsets
        )

    def get_object(self, action: Any = None) -> Any:
        obj = super().get_object(action)
        # A placement of a record the user may not see (a secret need) is not shown either.
        if obj.record is None or not may(self.request.user, "view", obj.record):
            raise Http404
        self.placed_kind = obj.kind
        return obj


class SegmentPlacementEditView(generic.ObjectEditView):
    queryset = SegmentPlacement.objects.all()
    form = SegmentPlacementForm

    def get_instance(self) -> Any:
        placement = super().get_instance()
        if placement.pk is None:
            # Placed from a segment's page or from the record's own page (an agreement's).
            user = self.request.user
            wanted = {"segment": ChainSegment, **PLACED_MODELS}
            for name, model in wanted.items():
                pk = self.request.GET.get(name, "")
                if pk.isdigit():
                    record = model._default_manager.restrict(user, "view").filter(pk=pk).first()  # type: ignore[attr-defined]
                    setattr(placement, name, record)
        return placement


class SegmentPlacementDeleteView(generic.ObjectDeleteView):
    queryset = SegmentPlacement.objects.all()


@login_required
@require_POST
def decide_suggestion(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Accept or reject a suggestion from its segment's page, and return there."""
    transition = {ACCEPT.name: ACCEPT, REJECT.name: REJECT}.get(step)
    placement = (
        SegmentPlacement.objects.restrict(request.user, "change")
        .filter(pk__in=visible_placements(request.user).values("pk"), pk=pk)
        .first()
    )
    if transition is None or placement is None:
        raise Http404
    try:
        transition.service(placement=placement, by=request.user, note="")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, str(DONE_MESSAGE) % {"step": transition.label})
    return HttpResponseRedirect(object_url(placement.segment) or model_url(ChainSegment) or "/")
