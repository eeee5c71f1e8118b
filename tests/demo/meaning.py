"""The demo's pair that only meaning matches, and an embedder that stands in for the model.

`ConceptEmbedder` is the engine's `Embedder` (and `PassageEmbedder`) without a model: a small
table of concepts, each with the ways Chinese and English texts write it, gives every text
one dimension per concept it names. A Chinese text and an English one that name the same
concepts embed alike, whatever their words, as a multilingual model's vectors do; a text
naming none embeds as zeros (similar to nothing). It is deterministic and costs nothing,
so a test can embed the whole demo.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from liaison.demo.generate.meaning import NEED_TITLE
from liaison.needs.models import TechnicalNeed
from liaison.people.models import Person

# Each concept and how the texts write it (lower case; a Latin form matches inside a word,
# so "dissolv" holds "dissolving" and "dissolves"). The concepts of the pair's topic, and
# enough of the demo's other biomaterials topics that its Chinese profiles embed too.
CONCEPTS: tuple[tuple[str, ...], ...] = (
    ("微针", "microneedle"),
    ("皮肤", "表皮", "skin"),
    ("溶解", "溶化", "dissolv", "melt"),
    ("药物", "给药", "剂量", "medicine", "drug", "dose", "insulin", "vaccine"),
    ("注射", "injection"),
    ("疼痛", "无痛", "pain"),
    ("冷藏", "refrigerat"),
    ("贴片", "贴剂", "patch"),
    ("敷料", "dressing"),
    ("创面", "伤口", "wound"),
    ("骨", "bone"),
    ("胶原", "collagen"),
    ("支架", "scaffold"),
    ("涂层", "coating"),
    ("抗菌", "antibacterial"),
    ("水凝胶", "hydrogel"),
    ("降解", "degrad"),
    ("止血", "haemosta", "hemosta"),
)

Matrix = npt.NDArray[np.float32]


class ConceptEmbedder:
    """Texts as the concepts of `CONCEPTS` they name, L2-normalised: the same in either language."""

    name = "concept-table"

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> Matrix:
        self.calls += 1
        vectors = np.zeros((len(texts), len(CONCEPTS)), dtype=np.float32)
        for row, text in enumerate(texts):
            lowered = text.lower()
            for column, forms in enumerate(CONCEPTS):
                vectors[row, column] = sum(lowered.count(form) for form in forms)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)

    def encode_passages(self, texts: Sequence[str]) -> Matrix:
        return self.encode(texts)


def chinese_need() -> TechnicalNeed:
    """The demo's need written in Chinese only that an English-only profile answers."""
    return TechnicalNeed.objects.get(title=NEED_TITLE)


def english_only_expert() -> Person:
    """The demo's expert whose profile answers `chinese_need()` in English only."""
    return Person.objects.get(profile__contains="dissolving microneedle patches")
