"""The chains graph: records of talent, innovation, industry and capital as nodes, their relations as links.

The institute speaks of "multi-chain integration": the people of a center (talent) make
achievements (innovation) that enterprises take up (industry) and investors finance
(capital). A `ChainGraph` holds those records as nodes and their relations as links, for the
ECharts diagram and the table that says the same to a reader who cannot see it. The reads
that fill one, a center's or an achievement's, are in `liaison.reports.chains`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core.tables import object_url


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
