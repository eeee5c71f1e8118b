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
from .engine import Index, Matcher, Ranking
from .engine.bridge import vocabulary
from .engine.dense import DenseIndex, Embedder
from .engine.evaluation import cached_dense_index, evaluate, load_beir

DEPTH = 100  # Recall@100 needs the first hundred of each ranking
# The rankings of a BEIR evaluation with a dense embedder, as the table names them.
LEXICAL = "lexical"
DENSE = "dense"
RRF = "rrf"
LANGUAGE = "fused"


@dataclass(frozen=True)
class Scores:
    """The metrics of one ranking over `queries` queries."""

    label: str
    queries: int
    metrics: dict[str, float]
    seconds: float


class _Remembered:
    """A dense index's answers kept per query, so that every fused ranking reuses them."""

    def __init__(self, dense: DenseIndex) -> None:
        self.dense = dense
        self.answers: dict[tuple[str, int, tuple[str, ...] | None], list[tuple[str, float]]] = {}

    def search(
        self, text: str, *, top: int = 100, kinds: Collection[str] | None = None
    ) -> list[tuple[str, float]]:
        key = (text, top, None if kinds is None else tuple(sorted(kinds)))
        if key not in self.answers:
            self.answers[key] = self.dense.search(text, top=top, kinds=kinds)
        return self.answers[key]

    def nearest_words(
        self, text: str, *, top: int = 3, where: Callable[[str], bool] | None = None
    ) -> list[tuple[str, float]]:
        """The dense index's words nearest the text, for the bridge across languages."""
        return self.dense.nearest_words(text, top=top, where=where)


def evaluate_beir(
    corpus: Path,
    queries: Path,
    qrels: Path,
    *,
    embedder: Embedder | None = None,
    cache: Path | None = None,
    progress: Callable[[int], object] | None = None,
) -> list[Scores]:
    """Index a BEIR collection in a scratch folder and score the ranking of its judged queries.

    Lexical only without an `embedder`; with one, also the dense ranking alone, plain
    reciprocal-rank fusion and the engine's language-aware fusion. The corpus's embeddings
    are kept in `cache` (a folder per model and corpus) so that a second run embeds nothing.
    """
    documents, texts, judgments = load_beir(corpus, queries, qrels)
    judged = [q for q in texts if q in judgments]
    qrels_judged = {q: judgments[q] for q in judged}
    scores: list[Scores] = []
    with tempfile.TemporaryDirectory(prefix="liaison-evaluate-") as folder:
        started = time.perf_counter()
        index = Index.create(Path(folder) / "index")
        for start in range(0, len(documents), 5000):
            index.upsert(documents[start : start + 5000])
        index.commit()
        searches: list[tuple[str, Callable[..., list[tuple[str, float]]]]] = [
            (LEXICAL, Matcher(index).search)
        ]
        if embedder is not None:
            if cache is None:
                dense = DenseIndex.create(Path(folder) / "dense", embedder=embedder)
                dense.upsert(documents)
                dense.set_vocabulary(vocabulary(index, [document.id for document in documents]))
                dense.commit()
            else:
                dense, _cached = cached_dense_index(documents, embedder, cache, index=index)
            remembered = _Remembered(dense)
            searches += [
                (DENSE, remembered.search),
                (RRF, Matcher(index, dense=remembered, ranking=Ranking(fusion="rrf")).search),
                (LANGUAGE, Matcher(index, dense=remembered, ranking=Ranking()).search),
            ]
        setup = time.perf_counter() - started
        for label, search in searches:
            started = time.perf_counter()
            run: dict[str, list[str]] = {}
            for query_id in judged:
                run[query_id] = [doc for doc, _score in search(texts[query_id], top=DEPTH)]
                if progress is not None:
                    progress(1)
            scores.append(
                Scores(
                    label=label,
                    queries=len(judged),
                    metrics=evaluate(run, qrels_judged),
                    seconds=time.perf_counter() - started + (setup if label == LEXICAL else 0),
                )
            )
    return scores


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
