"""The bridge across languages: a query's nearest words in the other script, searched by BM25.

A multilingual embedding puts "image processing" near "图像处理", but the dense ranking of
whole documents is blurred by everything else an abstract says (csl-xling-dev nDCG@10 0.259
dense alone). The corpus's own words, embedded once with the same model, give a sharper
path: the words of the other script nearest an English query are, often, its translation
as the documents write it, and BM25 finds the documents that hold them exactly. No
dictionary is involved, only the index's vocabulary and the model that embeds the queries.

`vocabulary` chooses the words worth embedding: the analyser's words held by at least two
documents (a word of one document is mostly a name or a typo) and by at most a tenth of
them (RM3's bound on feedback terms: such a word says nothing of a topic), the most widely
held first up to a cap, so that a million documents do not ask for millions of vectors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from liaison.matching.engine.analysis import is_meaningful
from liaison.matching.engine.fusion import ideograph_share
from liaison.matching.engine.index import Index

__all__ = ["WORDS", "in_other_script", "vocabulary"]

#: the most words a vocabulary keeps (about 75 MB of vectors at 384 dimensions, and a
#: first embedding of an hour or two on two cores; later runs embed only new words)
WORDS = 50_000
# Words held by more than this share of the documents say nothing of a topic.
_COMMON_SHARE = 0.1
_RAREST = 2


def vocabulary(index: Index, ids: Iterable[str], *, most: int = WORDS) -> list[str]:
    """The words of the documents ``ids`` worth embedding for the bridge, most held first.

    Reads each document's stored words once (the analyser's words, no bigrams); numbers
    and single letters are left out, as in a query.
    """
    held: Counter[str] = Counter()
    documents = 0
    for hit in index.hits_of(list(ids)).values():
        documents += 1
        held.update({word for word in hit.terms if is_meaningful(word)})
    common = max(_COMMON_SHARE * documents, _RAREST)
    chosen = [(n, word) for word, n in held.items() if _RAREST <= n <= common]
    chosen.sort(key=lambda pair: (-pair[0], pair[1]))
    return [word for _, word in chosen[:most]]


def in_other_script(word: str, query_share: float) -> bool:
    """Whether a word is written in the other script than a query (ideograph share given)."""
    return (ideograph_share(word) >= 0.5) != (query_share >= 0.5)
