"""Reads of centers: the chains graph of talent, innovation, industry and capital, and its parts.

The institute speaks of "multi-chain integration": the people of a center (talent) make
achievements (innovation) that enterprises take up (industry) and investors finance
(capital). A `ChainGraph` holds those records as nodes and their relations as links, for the
ECharts diagram and the table that says the same to a reader who cannot see it.

A center's own chains and achievements read the apps above centers, so they live in
`liaison.reports.chains`. The parts here are shared with an achievement's chains
(`liaison.achievements.selectors`), which may not import needs or financing either: they
reach those models through the relations they declare (`related_model`), until they too
move up to reports.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core.lifecycle import today
from liaison.core.numbers import format_amount
from liaison.core.tables import object_url
from liaison.organizations.models import Organization

from .choices import AppointmentRole
from .models import Center

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    User = AbstractBaseUser | AnonymousUser

# How many records of one kind a diagram shows; the table says how many more there are.
SHOWN = 12


class Chain(models.TextChoices):
    HUB = "hub", gettext_lazy("This record")
    TALENT = "talent", gettext_lazy("Talent chain")
    INNOVATION = "innovation", gettext_lazy("Innovation chain")
    INDUSTRY = "industry", gettext_lazy("Industry chain")
    CAPITAL = "capital", gettext_lazy("Capital chain")


@dataclasses.dataclass(frozen=True)
class ChainNode:
    key: str  # unique in its graph: "person:12", "stage:pilot"
    chain: Chain
    label: str
    detail: str  # its part in the chain: a role, a stage, an amount
    record: models.Model | None = None  # a stage of the pipeline is no record


@dataclasses.dataclass(frozen=True)
class ChainLink:
    source: str
    target: str
    label: str


@dataclasses.dataclass(frozen=True)
class NotShown:
    """Records of one kind left out of the diagram to keep it readable."""

    chain: Chain
    label: str
    count: int


@dataclasses.dataclass
class ChainGraph:
    hub: ChainNode
    nodes: dict[str, ChainNode] = dataclasses.field(default_factory=dict)
    links: list[ChainLink] = dataclasses.field(default_factory=list)
    not_shown: list[NotShown] = dataclasses.field(default_factory=list)

    def __post_init__(self) -> None:
        self.nodes[self.hub.key] = self.hub

    def add(self, node: ChainNode) -> ChainNode:
        """Add `node` unless a record is already in the graph (it keeps its first chain)."""
        return self.nodes.setdefault(node.key, node)

    def link(self, source: str, target: str, label: str) -> None:
        if source == target or source not in self.nodes or target not in self.nodes:
            return
        if any(link.source == source and link.target == target for link in self.links):
            return
        self.links.append(ChainLink(source, target, label))

    def left_out(self, chain: Chain, label: str, total: int, shown: int) -> None:
        if total > shown:
            self.not_shown.append(NotShown(chain, label, total - shown))

    def chain(self, chain: Chain) -> list[ChainNode]:
        return [node for node in self.nodes.values() if node.chain == chain]

    def chains(self) -> list[dict[str, Any]]:
        """Each chain's records with what links them, for the table beside the diagram."""
        labels = {key: node.label for key, node in self.nodes.items()}
        rows = []
        for chain in list(Chain)[1:]:
            nodes = self.chain(chain)
            rows.append(
                {
                    "chain": chain,
                    "label": chain.label,
                    "nodes": [
                        {
                            "node": node,
                            "url": object_url(node.record) if node.record is not None else None,
                            "links": [
                                # Chinese writes the colon full-width: "成果完成人：…".
                                _("%(relation)s: %(record)s")
                                % {
                                    "relation": link.label,
                                    "record": labels[
                                        link.target if link.source == node.key else link.source
                                    ],
                                }
                                for link in self.links
                                if node.key in (link.source, link.target)
                            ],
                        }
                        for node in nodes
                    ],
                    "not_shown": [n for n in self.not_shown if n.chain == chain],
                }
            )
        return rows

    def as_echarts(self) -> dict[str, Any]:
        """The graph as an ECharts graph series takes it: categories are the chains."""
        categories = list(Chain)
        index = {chain: i for i, chain in enumerate(categories)}
        degree: dict[str, int] = {}
        for link in self.links:
            degree[link.source] = degree.get(link.source, 0) + 1
            degree[link.target] = degree.get(link.target, 0) + 1
        return {
            "categories": [{"name": str(chain.label)} for chain in categories],
            "nodes": [
                {
                    "id": node.key,
                    "name": node.label,
                    "detail": node.detail,
                    "category": index[node.chain],
                    "url": object_url(node.record) if node.record is not None else None,
                    "symbolSize": 46
                    if node is self.hub
                    else min(36, 14 + 3 * degree.get(node.key, 0)),
                }
                for node in self.nodes.values()
            ],
            "links": [
                {"source": link.source, "target": link.target, "label": link.label}
                for link in self.links
            ],
        }


def record_key(record: models.Model) -> str:
    return f"{record._meta.model_name}:{record.pk}"


def related_model(model: type[models.Model], relation: str) -> Any:
    """The model at the other end of `model.relation`, reached without importing its app."""
    return model._meta.get_field(relation).related_model


def _running(on: Any) -> Q:
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def people_in_office(*, center: Center, user: User | None) -> list[int]:
    """The ids of the people whose term at `center` (or one of its committees) runs today."""
    return list(
        center.appointments.restrict(user, "view")
        .filter(_running(today()))
        .values_list("person_id", flat=True)
        .distinct()
    )


def add_center_talent(
    graph: ChainGraph, *, center: Center, user: User | None, linked_to: str
) -> list[int]:
    """A center's committees and the people whose terms run today, linked to `linked_to`.

    Returns the people's ids, so their achievements and services can join the other chains.
    """
    committees = center.committees.restrict(user, "view").order_by("kind", "pk")
    for committee in committees:
        graph.add(
            ChainNode(
                record_key(committee),
                Chain.TALENT,
                str(committee),
                str(committee.get_kind_display()),
                committee,
            )
        )
        graph.link(linked_to, record_key(committee), str(committee.get_kind_display()))
    order = {role: i for i, role in enumerate(AppointmentRole.values)}
    appointments = sorted(
        center.appointments.restrict(user, "view")
        .filter(_running(today()))
        .select_related("person", "committee"),
        key=lambda a: (order.get(a.role, len(order)), a.starts_on, a.pk),
    )
    people: list[int] = []
    for appointment in appointments:
        person = appointment.person
        role = str(appointment.get_role_display())
        graph.add(ChainNode(record_key(person), Chain.TALENT, str(person), role, person))
        source = record_key(appointment.committee) if appointment.committee else linked_to
        graph.link(source, record_key(person), role)
        people.append(person.pk)
    return people


def add_rounds(graph: ChainGraph, rounds: QuerySet[Any], *, user: User | None) -> None:
    """Financing rounds, each linked to the achievement or venture it was for, and their investors."""
    investor_model = related_model(rounds.model, "round_investors")
    total = rounds.count()
    shown = list(
        rounds.select_related("venture", "achievement")
        .prefetch_related(
            models.Prefetch(
                "round_investors",
                queryset=investor_model.objects.restrict(user, "view")
                .select_related("organization")
                .order_by("-is_lead", "pk"),
            )
        )
        .order_by("-announced_on", "-pk")[:SHOWN]
    )
    graph.left_out(Chain.CAPITAL, _("financing rounds"), total, len(shown))
    for financing in shown:
        key = record_key(financing)
        amount = format_amount(financing.amount, financing.currency)
        graph.add(
            ChainNode(
                key,
                Chain.CAPITAL,
                f"{financing.get_kind_display()} · {amount}",
                f"{financing.get_status_display()}, {financing.announced_on:%Y-%m-%d}",
                financing,
            )
        )
        for subject in (financing.achievement, financing.venture):
            if subject is not None:
                graph.link(record_key(subject), key, _("raised"))
        for stake in financing.round_investors.all():
            investor = stake.organization
            role = _("lead investor") if stake.is_lead else _("investor")
            graph.add(
                ChainNode(
                    record_key(investor),
                    Chain.CAPITAL,
                    str(investor),
                    str(investor.get_kind_display()),
                    investor,
                )
            )
            graph.link(record_key(investor), key, role)


def add_achievement_owners(
    graph: ChainGraph, achievement_ids: list[int], *, user: User | None
) -> list[int]:
    """The organizations other than the institute that own the achievements shown."""
    owners = (
        Organization.objects.restrict(user, "view")
        .filter(owned_achievements__in=achievement_ids, is_institute=False)
        .annotate(owned_id=models.F("owned_achievements"))
        .order_by("pk")
    )
    ids = []
    for owner in owners:
        node = graph.add(
            ChainNode(
                record_key(owner),
                Chain.INDUSTRY,
                str(owner),
                str(owner.get_kind_display()),
                owner,
            )
        )
        graph.link(node.key, f"achievement:{owner.owned_id}", _("owner"))
        ids.append(owner.pk)
    return ids
