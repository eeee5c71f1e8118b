"""Placements on industry-chain segments, suggested by the matching engine from the segment's text.

A segment's name, keywords and description are its query; the engine ranks the enterprises,
open needs, achievements, centers and experts it fits, and each result is written as a
suggested placement (`chains.services.suggest`) with its score and explanation — the matched
words and the texts they were found in — for a person to accept or reject on the segment's
page. A record already on the segment, or suggested there and rejected, is not suggested again.
Matching sits above chains: chains never import this module; its page reaches the action by
its URL's name (`matching:chain_suggest`, `matching:segment_suggest`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from liaison.chains.models import ChainSegment, IndustryChain, SegmentPlacement
from liaison.chains.services import suggest
from liaison.needs.choices import OPEN_NEED_STATUSES
from liaison.organizations.choices import OrganizationKind

from .selectors import Filters, explanation, has_terms, match, records_for

# What is suggested for a segment: the engine's kind of result and its filters (enterprises
# only; needs still open; experts and centers whatever their availability: the map says which
# experts are available).
SUGGESTED: dict[str, tuple[str, Filters | None]] = {
    "organization": ("organization", {"org_kind": [OrganizationKind.ENTERPRISE]}),
    "need": ("need", {"status": sorted(OPEN_NEED_STATUSES)}),
    "achievement": ("achievement", None),
    "center": ("center", None),
    "person": ("expert", None),
}
# How many of each kind are suggested for a segment at a time.
TOP = 5


def segment_query_text(segment: ChainSegment) -> str:
    """What a segment is matched on: its names, keywords and description."""
    keywords = "、".join(str(k) for k in segment.keywords or ())
    return "\n".join(
        part for part in (segment.name_zh, segment.name_en, keywords, segment.description) if part
    )


@dataclasses.dataclass(frozen=True)
class SuggestionRun:
    segments: int
    suggested: list[SegmentPlacement]


def suggest_for_segment(
    *, segment: ChainSegment, by: Any, top: int = TOP
) -> list[SegmentPlacement]:
    """Suggest up to `top` records of each kind for `segment`; the new suggestions."""
    text = segment_query_text(segment)
    if not has_terms(text):
        return []
    made: list[SegmentPlacement] = []
    for kind, filters in SUGGESTED.values():
        results = match(text, kind=kind, top=top, filters=filters)
        records = records_for(results)
        for result in results:
            record = records.get(result.entity_id)
            if record is None:
                continue
            placement = suggest(
                segment=segment,
                record=record,
                score=round(float(result.score), 4),
                explanation={"query": text.splitlines()[0], **explanation(result)},
                by=by,
            )
            if placement is not None:
                made.append(placement)
    return made


def suggest_for_chain(*, chain: IndustryChain, by: Any, top: int = TOP) -> SuggestionRun:
    """Suggest records for every segment of `chain`."""
    made: list[SegmentPlacement] = []
    segments = list(chain.segments.all())
    for segment in segments:
        made.extend(suggest_for_segment(segment=segment, by=by, top=top))
    return SuggestionRun(segments=len(segments), suggested=made)
