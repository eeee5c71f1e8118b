"""What the matching pages show: a need's candidates by kind and an achievement's likely
enterprises, each with the matched terms and the supporting documents linked to their records.

Built from what the matcher stored or returned, without a query per candidate or document.
Only what the reader may see is shown: a candidate whose record they may not see is left out,
and so is a supporting document; an expert's contact data shows as "hidden" to a reader who
does not see contacts; the matched terms of a need whose text the reader is not cleared for
show as "hidden" (they are words of that text).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core import permissions
from liaison.core.permissions import HIDDEN, may, user_may
from liaison.core.tables import object_url
from liaison.needs.choices import CANDIDATE_STATUSES, OPEN_NEED_STATUSES, CandidateKind
from liaison.needs.models import MatchCandidate, TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Person

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
    #: found by meaning (none of the query's words): its sentence nearest the query
    meaning: str = ""


@dataclass(frozen=True)
class Explained:
    terms: tuple[NamedTerm, ...]
    supports: tuple[Support, ...]
    # The terms are words of a text the reader is not cleared for: shown as "hidden".
    terms_hidden: bool = False

    @property
    def meaning(self) -> str:
        """Why a result without matched terms matched: its first document's nearest sentence."""
        if self.terms or self.terms_hidden or not self.supports:
            return ""
        return self.supports[0].meaning


@dataclass(frozen=True)
class Contact:
    """An expert's contact data as the reader may see it (`HIDDEN` where they may not)."""

    email: Any
    phone: Any


@dataclass(frozen=True)
class CandidateRow:
    candidate: MatchCandidate
    target: Any
    url: str | None
    explained: Explained
    decide_url: str
    contact: Contact | None = None

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


def explained(
    explanation: Mapping[str, Any] | None,
    *,
    visible: set[str] | None = None,
    terms_hidden: bool = False,
) -> Explained:
    """The matched terms and supporting documents of a stored or fresh explanation.

    Only the supporting documents named in `visible` (when given) are kept; `terms_hidden`
    leaves out the matched terms, and the terms marked in the documents' titles.
    """
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
            terms=() if terms_hidden else tuple(str(t) for t in s.get("terms", [])),
            meaning="" if terms_hidden else str(s.get("meaning") or ""),
        )
        for s in explanation.get("supports", [])
        if visible is None or str(s.get("id", "")) in visible
    )
    return Explained(
        terms=() if terms_hidden else terms,
        supports=supports,
        # A sentence of the record is as much its text as its words are.
        terms_hidden=terms_hidden and (bool(terms) or any(_meant(s) for s in _listed(explanation))),
    )


def _listed(explanation: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(explanation.get("supports", []))


def _meant(support: Mapping[str, Any]) -> bool:
    return bool(support.get("meaning"))


def _supports_of(explanation: Mapping[str, Any] | None) -> list[str]:
    return [str(s.get("id", "")) for s in (explanation or {}).get("supports", [])]


def _visible_pks(model: type[models.Model], pks: set[int], user: AnyUser) -> set[int]:
    """Of the records of `model` named by `pks`, those `user` may see (at most one query)."""
    if not pks:
        return set()
    found = permissions.compile_filter(user, "view", model)
    if found is None:
        return set(pks)
    visible = model.objects.restrict(user, "view").filter(pk__in=pks)  # type: ignore[attr-defined]
    return set(visible.values_list("pk", flat=True))


def visible_documents(document_ids: Iterable[str], user: AnyUser) -> set[str]:
    """Of the matching documents named, those whose records `user` may see (one query for
    each kind of record the user does not see all of)."""
    wanted: dict[str, set[int]] = {}
    for value in document_ids:
        try:
            prefix, pk = adapters.parse_document_id(value)
        except ValueError:
            continue
        wanted.setdefault(prefix, set()).add(pk)
    return {
        f"{prefix}:{pk}"
        for prefix, pks in wanted.items()
        for pk in _visible_pks(adapters.SOURCES[prefix].model, pks, user)
    }


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


def _target(candidate: MatchCandidate) -> models.Model | None:
    return candidate.person or candidate.center or candidate.achievement


def _contact(person: Person, user: AnyUser) -> Contact:
    hidden = permissions.hidden_fields(user, person)
    return Contact(
        email=HIDDEN if "email" in hidden else person.email,
        phone=HIDDEN if "phone" in hidden else person.phone,
    )


def candidate_rows(
    candidates: Iterable[MatchCandidate], user: AnyUser, need: TechnicalNeed | None = None
) -> list[CandidateRow]:
    """The candidates as `user` may see them: those whose record they may see, with the
    supporting documents they may see, an expert's contact data unless hidden from them, and
    the matched terms unless the need's text is hidden from them.

    A few queries whatever the number of candidates: one per kind of record the user does
    not see all of.
    """
    candidates = list(candidates)
    targets: dict[type[models.Model], set[int]] = {}
    for candidate in candidates:
        target = _target(candidate)
        if target is not None:
            targets.setdefault(type(target), set()).add(target.pk)
    shown = {model: _visible_pks(model, pks, user) for model, pks in targets.items()}
    visible = visible_documents(
        [d for candidate in candidates for d in _supports_of(candidate.explanation)], user
    )
    rows = []
    for candidate in candidates:
        target = _target(candidate)
        if target is not None and target.pk not in shown[type(target)]:
            continue
        of = need if need is not None else candidate.need
        terms_hidden = "description" in permissions.hidden_fields(user, of)
        rows.append(
            CandidateRow(
                candidate=candidate,
                target=target,
                url=object_url(target) if target is not None else None,
                explained=explained(
                    candidate.explanation, visible=visible, terms_hidden=terms_hidden
                ),
                decide_url=reverse("matching:candidate_decide", args=(candidate.pk,)),
                contact=_contact(target, user) if isinstance(target, Person) else None,
            )
        )
    return rows


def candidate_row(candidate: MatchCandidate, user: AnyUser) -> CandidateRow | None:
    """One candidate as `user` may see it; None when its record is hidden from them."""
    rows = candidate_rows([candidate], user)
    return rows[0] if rows else None


def candidate_groups(
    candidates: Iterable[MatchCandidate], user: AnyUser, need: TechnicalNeed | None = None
) -> list[CandidateGroup]:
    """Candidates by kind (experts, centers, achievements), each kind in rank order."""
    groups = {kind: CandidateGroup(kind, label) for kind, label in GROUP_LABELS.items()}
    for row in candidate_rows(candidates, user, need):
        group = groups.get(row.candidate.kind)
        if group is not None:
            group.rows.append(row)
    return [group for group in groups.values() if group.rows]


def changes_need(need: TechnicalNeed, user: AnyUser) -> bool:
    return may(user, "change", need)


def may_find(need: TechnicalNeed, user: AnyUser, *, changes_need: bool) -> bool:
    """Whether `user` may run Find experts on `need` now: it proposes candidates, so it takes
    the right to change this need (`changes_need`, asked once per page) and to add them."""
    return (
        changes_need and user_may(user, "add", MatchCandidate) and need.status in FINDABLE_STATUSES
    )


def may_decide(need: TechnicalNeed, user: AnyUser, *, changes_need: bool) -> bool:
    """Whether `user` may accept or reject the need's candidates: the office's decision, on a
    need they may change (an expert answers their own proposal on their page)."""
    return (
        changes_need
        and user_may(user, "change", MatchCandidate)
        and need.status in OPEN_NEED_STATUSES
    )


def enterprise_rows(found: Sequence[EnterpriseMatch], user: AnyUser) -> list[EnterpriseRow]:
    """The likely enterprises the user may see, each linked and explained by the documents
    the user may see."""
    organizations = _visible_pks(Organization, {m.organization.pk for m in found}, user)
    documents = visible_documents([d for m in found for d in _supports_of(m.explanation)], user)
    shown = [m for m in found if m.organization.pk in organizations]
    return [
        EnterpriseRow(
            organization=m.organization,
            url=object_url(m.organization),
            score=m.score,
            rank=rank,
            explained=explained(m.explanation, visible=documents),
        )
        for rank, m in enumerate(shown, start=1)
    ]
