"""The matching library: analysis, BM25 retrieval, fusion, entity ranking and explanations.

No Django imports here: the matching app's adapters feed it plain documents.
"""

from typing import Any

from liaison.matching.engine.analysis import Analyzer
from liaison.matching.engine.dense import (
    DenseIndex,
    Embedder,
    MultilingualE5Embedder,
    SentenceTransformerEmbedder,
)
from liaison.matching.engine.documents import Document
from liaison.matching.engine.fusion import reciprocal_rank_fusion
from liaison.matching.engine.index import Index
from liaison.matching.engine.matcher import (
    ENTITY_KINDS,
    Match,
    Matcher,
    Ranking,
    Support,
    TermMatch,
)

__all__ = [
    "ENTITY_KINDS",
    "Analyzer",
    "DenseIndex",
    "Document",
    "Embedder",
    "Index",
    "Match",
    "Matcher",
    "MultilingualE5Embedder",
    "Ranking",
    "SentenceTransformerEmbedder",
    "Support",
    "TermMatch",
    "evaluate",
    "load_beir",
    "reciprocal_rank_fusion",
]


def __getattr__(name: str) -> Any:
    # evaluation is also run as a script (python -m ...evaluation); importing it here eagerly
    # would load it twice under two names when it is.
    if name in ("evaluate", "load_beir"):
        from liaison.matching.engine import evaluation

        return getattr(evaluation, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
