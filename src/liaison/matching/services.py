"""Writes that use the matching index: a need's candidates proposed from the ranking.

The staff's accept/reject decisions on the candidates are the needs app's
(`needs.services.need_decide_candidate`); they are kept across new proposals and are the
relevance judgments `liaison match evaluate --judgments` scores the matcher against.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.needs import services as need_services
from liaison.needs.choices import CandidateKind
from liaison.needs.models import MatchCandidate, TechnicalNeed

from . import selectors

if TYPE_CHECKING:
    from liaison.accounts.models import User

# The field of MatchCandidate that names the record of each kind.
TARGET_FIELDS = {
    CandidateKind.EXPERT: "person",
    CandidateKind.CENTER: "center",
    CandidateKind.ACHIEVEMENT: "achievement",
}


def _filters(kind: str, only_available: bool, only_local: bool) -> dict[str, str]:
    filters: dict[str, str] = {}
    if only_available and kind in {CandidateKind.EXPERT, CandidateKind.CENTER}:
        filters["available"] = "1"
    # Only experts' documents say whether their home organization is local; centers are the
    # institute's own and achievements have no place.
    if only_local and kind == CandidateKind.EXPERT:
        filters["local"] = "1"
    return filters


@transaction.atomic
def need_find_candidates(
    *,
    need: TechnicalNeed,
    by: User | None,
    top: int = 10,
    kinds: Collection[str] = tuple(TARGET_FIELDS),
    only_available: bool = True,
    only_local: bool = False,
) -> list[MatchCandidate]:
    """Rank experts, centers and achievements for a need and propose the best as candidates.

    Up to `top` of each kind, experts first, each with its score and its explanation (the
    terms shared with the need, the documents that support it). Pending candidates are
    replaced; the ones the staff accepted or rejected stay as they were decided.
    `only_local` keeps the experts whose home organization is in a local city.
    """
    proposals: list[dict[str, Any]] = []
    for kind in kinds:
        field = TARGET_FIELDS[CandidateKind(kind)]
        results = selectors.need_matches(
            need, kind=kind, top=top, filters=_filters(kind, only_available, only_local)
        )
        records = selectors.records_for(results)
        for result in results:
            record = records.get(result.entity_id)
            if record is None:
                # The index is a moment behind a deletion.
                continue
            proposals.append(
                {
                    "kind": kind,
                    field: record,
                    "score": result.score,
                    "explanation": selectors.explanation(result),
                }
            )
    if not proposals:
        raise ValidationError(
            _("Nothing in the records matches this need's text; add detail to its description."),
            code="no_match",
        )
    return need_services.need_propose_candidates(need=need, candidates=proposals, by=by)
