"""Measuring a ranking against relevance judgments, on collections in the BEIR layout.

`python -m liaison.matching.engine.evaluation DIR` indexes DIR/corpus.jsonl, runs
DIR/queries.jsonl and prints nDCG@10, Recall@100 and MRR@10 against DIR/qrels/test.tsv.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from liaison.matching.engine.analysis import Analyzer
from liaison.matching.engine.bridge import vocabulary
from liaison.matching.engine.dense import DenseIndex, Embedder, passage
from liaison.matching.engine.documents import Document
from liaison.matching.engine.index import Index
from liaison.matching.engine.matcher import Matcher, Ranking

__all__ = [
    "cached_dense_index",
    "evaluate",
    "load_beir",
    "main",
    "mrr",
    "ndcg",
    "recall",
    "run_queries",
]

#: the kind given to a BEIR corpus's documents
BEIR_KIND = "document"


def load_beir(
    corpus: Path, queries: Path, qrels: Path
) -> tuple[list[Document], dict[str, str], dict[str, dict[str, int]]]:
    """Documents, queries by id, and grades by query then document, from BEIR files."""
    documents = []
    with Path(corpus).open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                documents.append(
                    Document(
                        id=str(row["_id"]),
                        kind=BEIR_KIND,
                        title=row.get("title") or "",
                        text=row.get("text") or "",
                    )
                )
    texts = {}
    with Path(queries).open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                texts[str(row["_id"])] = row["text"]
    grades: dict[str, dict[str, int]] = {}
    with Path(qrels).open(encoding="utf-8", newline="") as rows:
        reader = csv.reader(rows, delimiter="\t")
        for row in reader:
            if len(row) < 3 or not row[2].strip().lstrip("-").isdigit():
                continue  # the header, or a blank line
            grades.setdefault(row[0], {})[row[1]] = int(row[2])
    return documents, texts, grades


def cached_dense_index(
    documents: Sequence[Document],
    embedder: Embedder,
    cache: Path,
    *,
    index: Index | None = None,
) -> tuple[DenseIndex, bool]:
    """The documents' dense index, from `cache` when they were embedded there before.

    The folder is named by the embedder and a digest of what is embedded (each document's
    id, kind and passage text), so a changed corpus or another model is embedded anew and
    never mistaken for the cached one. With the documents' lexical `index`, the dense index
    also keeps their vocabulary for the bridge across languages (`engine.bridge`), embedded
    once too. Returns the index and whether its vectors came from the cache.
    """
    dense, cached = _cached_vectors(documents, embedder, cache)
    if index is not None:
        words = vocabulary(index, [document.id for document in documents])
        if words != dense.words:
            dense.set_vocabulary(words)
            dense.commit()
    return dense, cached


def _cached_vectors(
    documents: Sequence[Document], embedder: Embedder, cache: Path
) -> tuple[DenseIndex, bool]:
    digest = hashlib.sha256()
    for document in documents:
        for part in (document.id, document.kind, passage(document)):
            digest.update(part.encode())
            digest.update(b"\0")
    folder = Path(cache) / f"{embedder.name}-{digest.hexdigest()[:16]}"
    if (folder / "dense.json").exists():
        return DenseIndex.open(folder, embedder=embedder), True
    # Embedded into a scratch folder renamed into place at the end: an interrupted run
    # leaves no half index to be taken for a whole one.
    scratch = folder.with_name(f".{folder.name}.partial")
    index = DenseIndex.create(scratch, embedder=embedder)
    index.upsert(documents)
    index.commit()
    scratch.rename(folder)
    return DenseIndex.open(folder, embedder=embedder), False


def ndcg(ranking: Sequence[str], grades: Mapping[str, int], depth: int = 10) -> float:
    """Normalised discounted cumulative gain, gain 2^grade - 1, log2 discount."""
    gained = sum(
        (2 ** grades.get(doc, 0) - 1) / math.log2(rank + 1)
        for rank, doc in enumerate(ranking[:depth], 1)
    )
    ideal_grades = sorted((g for g in grades.values() if g > 0), reverse=True)[:depth]
    ideal = sum((2**g - 1) / math.log2(rank + 1) for rank, g in enumerate(ideal_grades, 1))
    return gained / ideal if ideal else 0.0


def recall(ranking: Sequence[str], grades: Mapping[str, int], depth: int = 100) -> float:
    """The share of the relevant documents found in the first `depth`."""
    relevant = {doc for doc, grade in grades.items() if grade > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:depth])) / len(relevant)


def mrr(ranking: Sequence[str], grades: Mapping[str, int], depth: int = 10) -> float:
    """The reciprocal rank of the first relevant document within `depth`, else 0."""
    for rank, doc in enumerate(ranking[:depth], 1):
        if grades.get(doc, 0) > 0:
            return 1.0 / rank
    return 0.0


def evaluate(
    run: Mapping[str, Sequence[str]], qrels: Mapping[str, Mapping[str, int]]
) -> dict[str, float]:
    """Mean nDCG@10, Recall@100 and MRR@10 over the judged queries that have a relevant doc.

    A judged query missing from the run counts as a ranking that found nothing.
    """
    judged = [q for q, grades in qrels.items() if any(g > 0 for g in grades.values())]
    if not judged:
        return {"ndcg@10": 0.0, "recall@100": 0.0, "mrr@10": 0.0}
    totals = {"ndcg@10": 0.0, "recall@100": 0.0, "mrr@10": 0.0}
    for query in judged:
        ranking = run.get(query, ())
        grades = qrels[query]
        totals["ndcg@10"] += ndcg(ranking, grades)
        totals["recall@100"] += recall(ranking, grades)
        totals["mrr@10"] += mrr(ranking, grades)
    return {name: total / len(judged) for name, total in totals.items()}


def run_queries(
    matcher: Matcher, queries: Mapping[str, str], *, depth: int = 100
) -> dict[str, list[str]]:
    """Each query's ranking of document ids, `depth` deep."""
    return {
        query_id: [doc for doc, _ in matcher.search(text, top=depth)]
        for query_id, text in queries.items()
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m liaison.matching.engine.evaluation",
        description="Index a BEIR collection and print nDCG@10, Recall@100 and MRR@10.",
    )
    parser.add_argument("directory", type=Path, help="holds corpus.jsonl, queries.jsonl, qrels/")
    parser.add_argument("--split", default="test", help="qrels/SPLIT.tsv (default: test)")
    parser.add_argument(
        "--feedback", choices=["rm3", "bo1", "none"], default=None, help="override the default"
    )
    parser.add_argument("--title-weight", type=float, default=None)
    parser.add_argument("--no-bigrams", action="store_true", help="Chinese words only")
    parser.add_argument("--accurate", action="store_true", help="jieba accurate mode")
    arguments = parser.parse_args(argv)
    directory: Path = arguments.directory
    documents, queries, qrels = load_beir(
        directory / "corpus.jsonl",
        directory / "queries.jsonl",
        directory / "qrels" / f"{arguments.split}.tsv",
    )
    ranking = Ranking()
    overrides: dict[str, object] = {}
    if arguments.feedback is not None:
        overrides["feedback"] = None if arguments.feedback == "none" else arguments.feedback
    if arguments.title_weight is not None:
        overrides["title_weight"] = arguments.title_weight
    if overrides:
        ranking = Ranking(**{**_fields(ranking), **overrides})  # type: ignore[arg-type]
    analyzer = Analyzer(bigrams=not arguments.no_bigrams, search_mode=not arguments.accurate)
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        index = Index.create(Path(scratch) / "index", analyzer=analyzer)
        index.upsert(documents)
        index.commit()
        built = time.perf_counter() - started
        matcher = Matcher(index, ranking=ranking)
        started = time.perf_counter()
        run = run_queries(matcher, {q: t for q, t in queries.items() if q in qrels})
        searched = time.perf_counter() - started
    scores = evaluate(run, qrels)
    print(f"{directory.name}: {len(documents)} documents, {len(run)} queries")
    for name, value in scores.items():
        print(f"{name:<11} {value:.3f}")
    print(f"index {built:.1f} s, queries {searched / max(len(run), 1) * 1000:.2f} ms each")
    return 0


def _fields(ranking: Ranking) -> dict[str, object]:
    return {name: getattr(ranking, name) for name in Ranking.__slots__}


if __name__ == "__main__":
    sys.exit(main())
