"""What the matching pages show: a need's candidates by kind and an achievement's likely
enterprises, each with the matched terms and the supporting documents linked to their records.

Built from what the matcher stored or returned, without a query per candidate or document.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.permissions import user_may
from liaison.core.tables import object_url
from liaison.needs.choices import CANDIDATE_STATUSES, OPEN_NEED_STATUSES, CandidateKind
from liaison.needs.models import MatchCandidate, TechnicalNeed
from liaison.organizations.models import Organization

from . import adapters
from .selectors import EnterpriseMatch

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrOrPromise

    AnyUser = AbstractBaseUser | AnonymousUser

# A need's candidates are found while it takes candidates (triaged or matched: the statuses
# it may become matched from), and decided while it is open; both read the needs' table.
FINDABLE_STATUSES = CANDIDATE_STATUSES
# How many candidates the need page shows: three kinds of the matcher's ten, and decisions.
CANDIDATES_SHOWN = 60
GROUP_LABELS: dict[str, StrOrPromise] = {
    CandidateKind.EXPERT: _("Experts"),
    CandidateKind.CENTER: _("Centers"),
    CandidateKind.ACHIEVEMENT: _("Achievements"),
}


@dataclass(frozen=True)
class NamedTerm:
    """A matched term and its share of the score (None in explanations stored without it)."""

    term: str
    share: float | None = None


@dataclass(frozen=True)
class Support:
    """A document that supports a result, linked to its record."""

    title: str
    kind: StrOrPromise
    url: str | None
    contribution: float
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Explained:
    terms: tuple[NamedTerm, ...]
    supports: tuple[Support, ...]


@dataclass(frozen=True)
class CandidateRow:
    candidate: MatchCandidate
    target: Any
    url: str | None
    explained: Explained
    decide_url: str

    @property
    def rank(self) -> int:
        """The place among the candidates of its kind (stored ranks run across the kinds)."""
        explanation = self.candidate.explanation or {}
        return int(explanation.get("rank_in_kind") or self.candidate.rank)


@dataclass
class CandidateGroup:
    kind: str
    label: StrOrPromise
    rows: list[CandidateRow] = field(default_factory=list)


@dataclass(frozen=True)
class EnterpriseRow:
    organization: Organization
    url: str | None
    score: float
    rank: int
    explained: Explained


def _record_url(document_id: str) -> str | None:
    try:
        prefix, pk = adapters.parse_document_id(document_id)
    except ValueError:
        return None
    # An unsaved instance names the page; the record itself is not read.
    return object_url(adapters.SOURCES[prefix].model(pk=pk))


def _document_kind(document_id: str) -> StrOrPromise:
    prefix = document_id.partition(":")[0]
    source = adapters.SOURCES.get(prefix)
    return source.model._meta.verbose_name if source is not None else prefix  # type: ignore[return-value]


def explained(explanation: Mapping[str, Any] | None) -> Explained:
    """The matched terms and supporting documents of a stored or fresh explanation."""
    explanation = explanation or {}
    terms = tuple(
        NamedTerm(str(t["term"]), _share(t.get("share")))
        for t in explanation.get("terms", [])
        if t.get("term")
    )
    supports = tuple(
        Support(
            title=str(s.get("title") or s.get("id", "")),
            kind=_document_kind(str(s.get("id", ""))),
            url=_record_url(str(s.get("id", ""))),
            contribution=float(s.get("contribution", 0.0)),
            terms=tuple(str(t) for t in s.get("terms", [])),
        )
        for s in explanation.get("supports", [])
    )
    return Explained(terms=terms, supports=supports)


def _share(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def candidates_of(need: TechnicalNeed, user: AnyUser) -> list[MatchCandidate]:
    """A need's candidates the user may see, best ranked first, with their records."""
    return list(
        MatchCandidate.objects.restrict(user, "view")
        .filter(need=need)
        .select_related("person", "center", "achievement")
        .order_by("rank", "pk")[:CANDIDATES_SHOWN]
    )


def candidate_row(candidate: MatchCandidate) -> CandidateRow:
    target = candidate.person or candidate.center or candidate.achievement
    return CandidateRow(
        candidate=candidate,
        target=target,
        url=object_url(target) if target is not None else None,
        explained=explained(candidate.explanation),
        decide_url=reverse("matching:candidate_decide", args=(candidate.pk,)),
    )


def candidate_groups(candidates: Iterable[MatchCandidate]) -> list[CandidateGroup]:
    """Candidates by kind (experts, centers, achievements), each kind in rank order."""
    groups = {kind: CandidateGroup(kind, label) for kind, label in GROUP_LABELS.items()}
    for candidate in candidates:
        group = groups.get(candidate.kind)
        if group is not None:
            group.rows.append(candidate_row(candidate))
    return [group for group in groups.values() if group.rows]


def may_find(need: TechnicalNeed, user: AnyUser) -> bool:
    """Whether `user` may run Find experts on `need` now."""
    return user_may(user, "change", TechnicalNeed) and need.status in FINDABLE_STATUSES


def may_decide(need: TechnicalNeed, user: AnyUser) -> bool:
    return user_may(user, "change", MatchCandidate) and need.status in OPEN_NEED_STATUSES


def enterprise_rows(found: Sequence[EnterpriseMatch], user: AnyUser) -> list[EnterpriseRow]:
    """The likely enterprises the user may see, each linked and explained."""
    visible = set(
        Organization.objects.restrict(user, "view")
        .filter(pk__in=[m.organization.pk for m in found])
        .values_list("pk", flat=True)
    )
    return [
        EnterpriseRow(
            organization=m.organization,
            url=object_url(m.organization),
            score=m.score,
            rank=m.rank,
            explained=explained(m.explanation),
        )
        for m in found
        if m.organization.pk in visible
    ]
