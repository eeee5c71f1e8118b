"""Reciprocal-rank fusion of several rankings of the same documents.

Cormack, Clarke and Büttcher (SIGIR 2009): a document's fused score is the sum over the
rankings that hold it of ``weight / (k + rank)``, ranks counted from 1. Only ranks are used,
so a BM25 score and a cosine similarity, on scales that cannot be compared, fuse without
calibration; k = 60 is the paper's value and damps the difference between the very first
ranks so that one ranking cannot decide alone.
"""

from collections.abc import Sequence

__all__ = ["reciprocal_rank_fusion"]


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[tuple[str, float]]],
    *,
    k: int = 60,
    weights: Sequence[float] | None = None,
    top: int | None = None,
) -> list[tuple[str, float]]:
    """Fuse rankings of ``(document id, score)``, best first, into one ranking, best first.

    The input scores are ignored except through the order they give. A document repeated
    within one ranking counts once, at its best rank. Ties in the fused score keep the order
    in which the documents were first met (ranking by ranking, rank by rank), so the result
    is deterministic.
    """
    if k < 0:
        raise ValueError(f"k must not be negative, got {k}")
    if weights is None:
        weights = [1.0] * len(rankings)
    elif len(weights) != len(rankings):
        raise ValueError(f"{len(weights)} weights for {len(rankings)} rankings")
    if any(weight < 0 for weight in weights):
        raise ValueError(f"weights must not be negative, got {list(weights)}")
    if top is not None and top < 0:
        raise ValueError(f"top must not be negative, got {top}")

    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        if weight == 0:
            # A ranking switched off must not add its documents, even at score zero.
            continue
        seen: set[str] = set()
        for rank, (document_id, _score) in enumerate(ranking, start=1):
            if document_id in seen:
                continue
            seen.add(document_id)
            fused[document_id] = fused.get(document_id, 0.0) + weight / (k + rank)
    # sorted() is stable and dicts keep insertion order: equal scores stay in first-met order.
    ranked = sorted(fused.items(), key=lambda item: item[1], reverse=True)
    return ranked if top is None else ranked[:top]
