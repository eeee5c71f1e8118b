"""How well the matcher ranks: on a public test collection (BEIR files) or on the staff's decisions.

The scores are the engine's (`engine.evaluation.evaluate`): nDCG@10, Recall@100, MRR@10.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from liaison.needs.choices import CandidateKind, Decision
from liaison.needs.models import MatchCandidate

from . import adapters, selectors
from .engine import Index, Matcher
from .engine.evaluation import evaluate, load_beir

DEPTH = 100  # Recall@100 needs the first hundred of each ranking


@dataclass(frozen=True)
class Scores:
    """The metrics of one ranking over `queries` queries."""

    label: str
    queries: int
    metrics: dict[str, float]
    seconds: float


def evaluate_beir(
    corpus: Path,
    queries: Path,
    qrels: Path,
    *,
    progress: Callable[[int], object] | None = None,
) -> Scores:
    """Index a BEIR collection in a scratch folder and score the ranking of its judged queries."""
    documents, texts, judgments = load_beir(corpus, queries, qrels)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="liaison-evaluate-") as folder:
        index = Index.create(Path(folder) / "index")
        for start in range(0, len(documents), 5000):
            index.upsert(documents[start : start + 5000])
        index.commit()
        matcher = Matcher(index)
        judged = [q for q in texts if q in judgments]
        run: dict[str, list[str]] = {}
        for query_id in judged:
            run[query_id] = [doc for doc, _score in matcher.search(texts[query_id], top=DEPTH)]
            if progress is not None:
                progress(1)
    return Scores(
        label="beir",
        queries=len(judged),
        metrics=evaluate(run, {q: judgments[q] for q in judged}),
        seconds=time.perf_counter() - started,
    )


def judgments(
    kinds: Collection[str] = tuple(CandidateKind.values),
) -> dict[str, dict[int, dict[str, int]]]:
    """The staff's decisions as relevance judgments: kind → need → {entity id: 1 accepted, 0 rejected}."""
    found: dict[str, dict[int, dict[str, int]]] = {}
    decided = MatchCandidate.objects.filter(
        kind__in=kinds, decision__in=(Decision.ACCEPTED, Decision.REJECTED)
    ).values_list("kind", "need_id", "person_id", "center_id", "achievement_id", "decision")
    prefixes = {
        CandidateKind.EXPERT: "person",
        CandidateKind.CENTER: "center",
        CandidateKind.ACHIEVEMENT: "achievement",
    }
    for kind, need_id, person_id, center_id, achievement_id, decision in decided:
        target = person_id or center_id or achievement_id
        entity = f"{prefixes[CandidateKind(kind)]}:{target}"
        grade = 1 if decision == Decision.ACCEPTED else 0
        found.setdefault(kind, {}).setdefault(need_id, {})[entity] = grade
    return found


def evaluate_judgments(
    *,
    kinds: Collection[str] = tuple(CandidateKind.values),
    progress: Callable[[int], object] | None = None,
) -> list[Scores]:
    """Score the live matcher on the needs the staff decided on, one line per candidate kind.

    A need counts for a kind when at least one candidate of that kind was accepted; the
    query is the need's title and description, as "find experts" sends it. The need's own
    document is left out of the evidence, since it names the experts who solved it.
    """
    from liaison.needs.models import TechnicalNeed

    decided = judgments(kinds)
    matcher = selectors.current_matcher()
    scores: list[Scores] = []
    for kind in kinds:
        by_need = {n: j for n, j in decided.get(kind, {}).items() if any(j.values())}
        if not by_need:
            continue
        started = time.perf_counter()
        run: dict[str, list[str]] = {}
        for need in TechnicalNeed.objects.filter(pk__in=by_need):
            results = matcher.match(
                selectors.need_query_text(need),
                kind=kind,
                top=DEPTH,
                exclude=(adapters.document_id(need),),
            )
            run[str(need.pk)] = [r.entity_id for r in results]
            if progress is not None:
                progress(1)
        qrels = {str(n): j for n, j in by_need.items()}
        scores.append(
            Scores(
                label=kind,
                queries=len(run),
                metrics=evaluate(run, qrels),
                seconds=time.perf_counter() - started,
            )
        )
    return scores
