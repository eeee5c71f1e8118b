"""Reads from the matching index: ranked experts, centers, achievements and enterprises, explained."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models

from liaison.achievements.models import Achievement
from liaison.centers.models import Center
from liaison.needs.models import TechnicalNeed
from liaison.organizations.choices import OrganizationKind
from liaison.organizations.models import Organization
from liaison.people.models import Person

from . import adapters, indexing, storage
from .engine import Match, Matcher
from .engine.analysis import query_text

# The kinds `match` ranks, and the record each result names.
KIND_MODELS: dict[str, type[models.Model]] = {
    "expert": Person,
    "center": Center,
    "achievement": Achievement,
    "organization": Organization,
}
# How many supporting documents an explanation keeps: enough to see why, short enough to read.
SUPPORTS_SHOWN = 5

Filters = Mapping[str, str | Collection[str]]


def current_matcher() -> Matcher:
    """The matcher over the live index, built first if there is none yet or it is outdated."""
    try:
        matcher = storage.open_matcher()
    except (ValueError, FileNotFoundError):
        # Written by an older version of the engine: rebuilt from the records.
        matcher = None
    if matcher is None:
        indexing.ensure_index()
        matcher = storage.open_matcher()
    assert matcher is not None
    return matcher


def match(
    text: str,
    *,
    kind: str = "expert",
    top: int = 10,
    filters: Filters | None = None,
    exclude: Collection[str] = (),
    like: str | None = None,
) -> list[Match]:
    """The `top` experts, centers, achievements or organizations best matching `text`.

    Documents named in `exclude` are neither results nor evidence; `like` names the kind of
    document the text is ("need"), whose template words then count for little.
    """
    return current_matcher().match(
        text, kind=kind, top=top, filters=filters or None, exclude=exclude, like=like
    )


def has_terms(text: str) -> bool:
    """Whether `text` holds any word to match on (not only markup, digits, lone letters)."""
    return current_matcher().has_terms(text)


def need_matches(
    need: TechnicalNeed, *, kind: str = "expert", top: int = 10, filters: Filters | None = None
) -> list[Match]:
    """What Find experts ranks for a need: its text matched as a need, without its own document.

    The need's own document would only echo its text back as evidence.
    """
    return match(
        need_query_text(need),
        kind=kind,
        top=top,
        filters=filters,
        exclude=(adapters.document_id(need),),
        like="need",
    )


def explanation(result: Match) -> dict[str, Any]:
    """A result's explanation as plain data: the matched terms and the supporting documents."""
    score = result.score or 1.0
    return {
        "terms": [
            {"term": t.term, "weight": round(t.weight, 4), "share": round(t.weight / score, 3)}
            for t in result.terms
        ],
        "supports": [
            {
                "id": s.document_id,
                "kind": s.kind,
                "title": s.title,
                "contribution": round(s.contribution, 4),
                "terms": [t.term for t in s.terms],
                "shares": [round(t.weight / (s.contribution or 1.0), 3) for t in s.terms],
                # Found by meaning, not by the query's words: the sentence that matched.
                **({"meaning": s.meaning} if s.meaning else {}),
            }
            for s in result.supports[:SUPPORTS_SHOWN]
        ],
        "rank_in_kind": result.rank,
    }


def records_for(results: Sequence[Match]) -> dict[str, models.Model]:
    """The records the results name, by entity id, each model read in one query."""
    wanted: dict[str, set[int]] = {}
    for result in results:
        prefix, pk = adapters.parse_document_id(result.entity_id)
        wanted.setdefault(prefix, set()).add(pk)
    found: dict[str, models.Model] = {}
    for prefix, pks in wanted.items():
        model = adapters.SOURCES[prefix].model
        for record in model._default_manager.filter(pk__in=pks):
            found[adapters.document_id(record)] = record
    return found


def need_query_text(need: TechnicalNeed) -> str:
    """What a need is matched on: its title and description, without its organization's names.

    An enterprise names itself in its needs ("温州某某医疗器械有限公司主要从事…"): its name
    would match its other needs and whoever solved them, not the problem.
    """
    text = f"{need.title}\n{need.description}"
    return without_names(text, organization_names(need.organization))


def organization_names(organization: Organization | None) -> list[str]:
    """An organization's names and aliases, each also without its legal form."""
    if organization is None:
        return []
    names = [organization.name_zh, organization.name_en, *map(str, organization.aliases or ())]
    names = [name.strip() for name in names if name and name.strip()]
    short = [" ".join(query_text(name).split()).strip(" ,.，") for name in names]
    return [*names, *short]


def without_names(text: str, names: Collection[str]) -> str:
    """`text` with every occurrence of the names taken out, case aside, longest first."""
    names = sorted({n for n in names if len(n) > 1}, key=len, reverse=True)
    if not names:
        return text
    pattern = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)
    return pattern.sub(" ", text)


def achievement_query_text(achievement: Achievement) -> str:
    keywords = "、".join(str(k) for k in achievement.keywords)
    return "\n".join(
        part
        for part in (achievement.title_zh, achievement.title_en, keywords, achievement.description)
        if part
    )


@dataclass(frozen=True)
class EnterpriseMatch:
    organization: Organization
    score: float
    rank: int
    explanation: dict[str, Any]


def achievement_find_enterprises(
    *,
    achievement: Achievement,
    top: int = 10,
    kinds: Collection[str] = (OrganizationKind.ENTERPRISE,),
) -> list[EnterpriseMatch]:
    """The enterprises most likely to want `achievement`: by industry, tags, past needs and services.

    Its own owners are left out: they have it already.
    """
    owners = {f"organization:{pk}" for pk in achievement.owners.values_list("pk", flat=True)}
    results = [
        r
        for r in match(
            achievement_query_text(achievement),
            kind="organization",
            top=top + len(owners),
            filters={"org_kind": list(kinds)},
            like="achievement",
        )
        if r.entity_id not in owners
    ][:top]
    records = records_for(results)
    found: list[EnterpriseMatch] = []
    for result in results:
        organization = records.get(result.entity_id)
        if isinstance(organization, Organization):
            found.append(
                EnterpriseMatch(
                    organization=organization,
                    score=result.score,
                    rank=len(found) + 1,
                    explanation=explanation(result),
                )
            )
    return found
