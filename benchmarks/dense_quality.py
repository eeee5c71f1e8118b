"""What the dense embedder and reciprocal-rank fusion add to BM25, on BEIR-layout collections.

    .venv/bin/python benchmarks/dense_quality.py /work/shared/data/cranfield-dev /work/shared/data/csl-dev

Needs the optional extra (``pip install torch==2.13.0 'liaison[dense]'``). For each collection
it prints nDCG@10, Recall@100 and MRR@10 of: the engine's sparse ranking (BM25 with its
default pseudo-relevance feedback) and plain BM25 without it; the dense ranking alone
(all-MiniLM-L6-v2, exact inner product); their plain fusion (RRF, k = 60, equal weights;
the engine's language-aware fusion with the multilingual model is measured by
``liaison match evaluate --dense multilingual``); and, to see how much the
fusion depends on trusting the dense side, RRF with the dense ranking at half weight; and
the fusion with the dense side asked only for English queries (``EnglishQueriesOnly``).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path

from liaison.matching.engine import (
    DenseIndex,
    Index,
    Matcher,
    Ranking,
    SentenceTransformerEmbedder,
    reciprocal_rank_fusion,
)
from liaison.matching.engine.dense import EnglishQueriesOnly
from liaison.matching.engine.evaluation import evaluate, load_beir

Ranked = list[tuple[str, float]]


def ranked_run(search: Callable[[str], Ranked], queries: Mapping[str, str]) -> dict[str, Ranked]:
    return {query_id: search(text) for query_id, text in queries.items()}


def ids(run: Mapping[str, Ranked]) -> dict[str, list[str]]:
    return {query_id: [doc for doc, _ in ranked] for query_id, ranked in run.items()}


class RememberedSearch:
    """The dense index's answers, kept per query so that every ranking reuses them."""

    def __init__(self, dense: DenseIndex) -> None:
        self.dense = dense
        self.answers: dict[tuple[str, int, tuple[str, ...] | None], Ranked] = {}

    def search(self, text: str, *, top: int = 100, kinds: Collection[str] | None = None) -> Ranked:
        key = (text, top, tuple(sorted(kinds)) if kinds is not None else None)
        if key not in self.answers:
            self.answers[key] = self.dense.search(text, top=top, kinds=kinds)
        return self.answers[key]


def measure(
    directory: Path, embedder: SentenceTransformerEmbedder, depth: int, cache: Path | None
) -> None:
    documents, queries, qrels = load_beir(
        directory / "corpus.jsonl", directory / "queries.jsonl", directory / "qrels" / "test.tsv"
    )
    queries = {q: text for q, text in queries.items() if q in qrels}
    with tempfile.TemporaryDirectory() as scratch:
        index = Index.create(Path(scratch) / "sparse")
        index.upsert(documents)
        index.commit()
        started = time.perf_counter()
        kept = cache / directory.name if cache else None
        if kept is not None and (kept / "dense.json").exists():
            dense = DenseIndex.open(kept, embedder=embedder)
        else:
            dense = DenseIndex.create(kept or Path(scratch) / "dense", embedder=embedder)
            dense.upsert(documents)
            dense.commit()
        embedded = time.perf_counter() - started
        # Each query embedded once, whichever ranking asks for it.
        remembered = RememberedSearch(dense)

        sparse = ranked_run(lambda t: Matcher(index).search(t, top=depth), queries)
        plain = Matcher(index, ranking=Ranking(feedback=None))
        runs: dict[str, Mapping[str, Sequence[str]]] = {
            "BM25 (engine default, RM3 feedback)": ids(sparse),
            "BM25, no feedback": ids(ranked_run(lambda t: plain.search(t, top=depth), queries)),
        }
        started = time.perf_counter()
        dense_run = ranked_run(lambda t: remembered.search(t, top=depth), queries)
        per_query = (time.perf_counter() - started) / max(len(queries), 1)
        runs["dense alone (MiniLM-L6)"] = ids(dense_run)
        fused = Matcher(index, dense=remembered, ranking=Ranking(fusion="rrf"))
        runs["RRF k=60, equal weights"] = ids(
            ranked_run(lambda t: fused.search(t, top=depth), queries)
        )
        gated = Matcher(index, dense=EnglishQueriesOnly(remembered), ranking=Ranking(fusion="rrf"))
        runs["RRF k=60, dense for English queries"] = ids(
            ranked_run(lambda t: gated.search(t, top=depth), queries)
        )
        runs["RRF k=60, dense weight 0.5"] = {
            q: [
                doc
                for doc, _ in reciprocal_rank_fusion(
                    [sparse[q], dense_run[q]], weights=[1.0, 0.5], top=depth
                )
            ]
            for q in queries
        }

    print(
        f"\n{directory.name}: {len(documents)} documents, {len(queries)} queries; "
        f"embedding the corpus {embedded:.1f} s (0 if cached), a dense query {per_query * 1000:.1f} ms"
    )
    print(f"{'ranking':<38} {'nDCG@10':>8} {'R@100':>7} {'MRR@10':>7}")
    for name, run in runs.items():
        scores = evaluate(run, qrels)
        print(
            f"{name:<38} {scores['ndcg@10']:>8.3f} {scores['recall@100']:>7.3f} "
            f"{scores['mrr@10']:>7.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("collections", nargs="+", type=Path)
    parser.add_argument("--depth", type=int, default=100)
    parser.add_argument(
        "--cache", type=Path, help="keep each collection's dense index here and reuse it"
    )
    arguments = parser.parse_args()
    embedder = SentenceTransformerEmbedder()
    for directory in arguments.collections:
        measure(directory, embedder, arguments.depth, arguments.cache)


if __name__ == "__main__":
    main()
