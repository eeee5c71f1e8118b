from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from liaison.core.display import join_items
from liaison.core.tables import (
    ChoicesColumn,
    MoneyColumn,
    ObjectLinkColumn,
    ObjectTable,
    object_url,
)

from .choices import Domain
from .models import MatchCandidate, ServiceRecord, TechnicalNeed

DOMAIN_LABELS = dict(Domain.choices)


def domain_labels(domains: Any) -> str:
    """A need's domains by their labels, in the reader's language."""
    return join_items(DOMAIN_LABELS.get(d, d) for d in domains or ())


class DomainsColumn(tables.Column):
    def render(self, value: Any) -> str:
        return domain_labels(value) or "—"

    def value(self, value: Any) -> str:
        return domain_labels(value)


class TechnicalNeedTable(ObjectTable):
    title = ObjectLinkColumn(verbose_name=_("Title"))
    organization = ObjectLinkColumn(verbose_name=_("Submitted by"), related=True)
    status = ChoicesColumn(verbose_name=_("Status"))
    domains = DomainsColumn(verbose_name=_("Domains"), orderable=False)
    assigned_center = ObjectLinkColumn(verbose_name=_("Assigned center"), related=True)
    budget = MoneyColumn(verbose_name=_("Budget"))

    class Meta(ObjectTable.Meta):
        model = TechnicalNeed
        fields = (
            "title",
            "organization",
            "status",
            "domains",
            "submitted_on",
            "deadline",
            "assigned_center",
            "budget",
        )


class ServiceRecordTable(ObjectTable):
    title = ObjectLinkColumn(verbose_name=_("Title"))
    organization = ObjectLinkColumn(verbose_name=_("Organization served"), related=True)
    kind = ChoicesColumn(verbose_name=_("Kind"))
    center = ObjectLinkColumn(verbose_name=_("Center"), related=True)
    need = ObjectLinkColumn(verbose_name=_("Technical need"), related=True)
    agreement = ObjectLinkColumn(verbose_name=_("Agreement"), related=True)
    revenue = MoneyColumn(verbose_name=_("Revenue"))

    class Meta(ObjectTable.Meta):
        model = ServiceRecord
        fields = (
            "title",
            "organization",
            "kind",
            "delivered_on",
            "center",
            "need",
            "agreement",
            "revenue",
        )


class CandidateTable(ObjectTable):
    """A need's match candidates as the matcher ranked them, with why and the decision."""

    rank = tables.Column(verbose_name=_("Rank"))
    candidate = tables.Column(
        verbose_name=_("Candidate"), accessor="pk", orderable=False, empty_values=()
    )
    kind = ChoicesColumn(verbose_name=_("Kind"))
    score = tables.Column(verbose_name=_("Score"), attrs={"td": {"class": "text-end"}})
    why = tables.Column(
        verbose_name=_("Why"), accessor="explanation", orderable=False, empty_values=()
    )
    decision = ChoicesColumn(verbose_name=_("Decision"))

    class Meta(ObjectTable.Meta):
        model = MatchCandidate
        fields = ("rank", "candidate", "kind", "score", "why", "decision")

    def render_candidate(self, record: MatchCandidate) -> Any:
        target = record.person or record.center or record.achievement
        url = object_url(target) if target is not None else None
        return format_html('<a href="{}">{}</a>', url, target) if url else str(target)

    def value_candidate(self, record: MatchCandidate) -> str:
        return str(record.person or record.center or record.achievement)

    def render_score(self, value: float) -> str:
        return f"{value:.2f}"

    def render_why(self, value: Any) -> str:
        # The words the need and the candidate's documents share, as the matcher explained.
        terms = [str(t.get("term", "")) for t in (value or {}).get("terms", [])[:6]]
        return "、".join(t for t in terms if t) or "—"
