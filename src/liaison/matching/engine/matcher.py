"""Ranking: documents by BM25 with pseudo-relevance feedback, entities by their documents.

Entities (experts, centers, organizations) are ranked from the documents that speak for
them, document-centric as in Balog's model 2 and Macdonald's voting models: each retrieved
document votes for its own entity (a profile) and for the entities it names, and an
entity's score is the sum of its best votes, each discounted by its rank among them, so
that a few strong documents count for more than many weak ones. Every result carries the
query terms found in its documents and the documents that carried it.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from liaison.matching.engine.analysis import bigrams, is_meaningful, query_text
from liaison.matching.engine.bridge import in_other_script
from liaison.matching.engine.fusion import (
    BRIDGE_EVIDENCE,
    ideograph_share,
    language_aware_fusion,
    reciprocal_rank_fusion,
)
from liaison.matching.engine.index import BIGRAMS, BODY, Index, StoredHit

__all__ = [
    "ENTITY_KINDS",
    "Match",
    "Matcher",
    "Ranking",
    "Support",
    "TermMatch",
]

#: Kinds ranked through the documents that support them; any other kind is a document kind.
ENTITY_KINDS = frozenset({"expert", "center", "organization"})

# A query's bigrams held by more than this share of the documents are left out, as RM3
# leaves out such feedback terms: their idf says next to nothing, and their long postings
# were most of the cost of a search (two ideographs that often stand side by side, such
# as the two of a common word, are in a good share of the Chinese documents).
# Only in a collection where such a bigram is also held by more than a thousand documents:
# a shorter posting list costs little, and in a small collection a tenth is a few documents.
_COMMON_BIGRAM_SHARE = 0.1
_COMMON_BIGRAM_MINIMUM = 1_000

# The deepest a filtered match reads the ranking for its `top` results (four times deeper
# at each try from the pool): a filter that few pass costs two more searches at most.
_DEEPEST_POOL = 1_600

# Tantivy's BM25 constants, for the per-term shares of an explanation.
_K1 = 1.2


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A query term found in a document, and its share of the document's score."""

    term: str
    weight: float


@dataclass(frozen=True, slots=True)
class Support:
    """A document that carried a result, with what it added to the result's score."""

    document_id: str
    title: str
    kind: str
    contribution: float
    terms: tuple[TermMatch, ...]
    #: for a document found by meaning alone (none of the query's words), its sentence
    #: nearest the query in meaning
    meaning: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked result, explained."""

    entity_id: str
    kind: str
    title: str
    score: float
    rank: int
    terms: tuple[TermMatch, ...]
    supports: tuple[Support, ...]


@dataclass(frozen=True, slots=True)
class Ranking:
    """How documents are scored and entities aggregated; the defaults are the engine's."""

    #: weight of a term's BM25 in the title and keywords, on top of its BM25 in the body
    title_weight: float = 0.5
    #: weight of the character bigrams' BM25 beside the words'
    bigram_weight: float = 1.0
    #: pseudo-relevance feedback: "rm3", "bo1" or None
    # RM3 over 5 documents, 20 terms, the original query keeping 0.7: on the two dev
    # collections every setting in 3-10 documents, 10-30 terms, 0.5-0.7 lies within 0.02 of
    # the others (cranfield 0.37-0.39, csl 0.86-0.864), so the choice is the middle, not a peak.
    feedback: str | None = "rm3"
    feedback_documents: int = 5
    feedback_terms: int = 20
    #: RM3's share of the original query in the expanded one
    original_weight: float = 0.7
    # A query of one or two concepts ("抗高血压药", "项目管理") already names what it wants:
    # the words of its first five documents pull it toward whatever else they discuss,
    # while a question in many words gains the topic's vocabulary. Query-length-adaptive
    # feedback (as in Lv & Zhai's adaptive relevance feedback, He & Ounis' adaptive query
    # expansion) keeps more of the original query for the short ones.
    #: queries of at most this many concepts (words not inside another query word) ...
    short_query: int = 2
    #: ... keep this share of the original query
    short_original_weight: float = 0.9
    #: a document holding the query's runs of ideographs (3+ characters) as written gets
    #: its score multiplied by 1 + phrase_weight x the share of the runs' characters it
    #: holds: the exact sequence is evidence the bigrams and the segmenter only approximate
    phrase_weight: float = 0.3
    #: A text matched as a document of some kind (a need matched as a need) is written with
    #: the words of every document of that kind: "希望", "遇到", "技术问题", "we are looking
    #: for researchers". Each of its terms is discounted by its excess share: the share of
    #: that kind's documents holding it less the share of the other documents holding it.
    #: At this excess the term counts for nothing; a term as common elsewhere as in the
    #: kind is a topic (a domain's name), and a rare one keeps nearly all its weight.
    template_share: float = 0.1
    #: the discount is computed only from a kind with this many documents and as many others
    template_minimum: int = 20
    #: a term with less than this share of a result's or a document's score is not named
    #: in its explanation: it did not make the match
    named_share: float = 0.05
    #: how a dense ranking is fused with the lexical one: "language" (the rankings' scores
    #: rescaled and summed, each lexical score weighed by the script its document shares
    #: with the query and by how much of the query the first lexical hit holds:
    #: `fusion.language_aware_fusion`) or "rrf" (plain reciprocal ranks)
    fusion: str = "language"
    #: reciprocal-rank fusion's k (Cormack et al.'s 60), for "rrf"
    fusion_k: int = 60
    #: the query's nearest words in the other script that the language-aware fusion
    #: searches by BM25 as a third ranking (`engine.bridge`); 0 turns the bridge off
    bridge_words: int = 3
    #: the first results found by meaning alone whose nearest sentence is looked for
    meaning_explained: int = 5
    #: the first pass (which only chooses the feedback documents) searches the query's
    #: words and only this many of its bigrams, those of most weight x idf: a run's
    #: bigrams overlap (each ideograph is in two), the rarest carry most of its evidence,
    #: and the bigram clauses were half a Chinese query's first-pass time. 0 keeps them all
    first_pass_bigrams: int = 4
    #: documents retrieved to rank entities from
    pool: int = 100
    #: votes an entity's score sums at most
    supports: int = 5


class RankedSearch(Protocol):
    """A second ranking to fuse with BM25 (the dense index)."""

    def search(
        self, text: str, *, top: int = 100, kinds: Collection[str] | None = None
    ) -> list[tuple[str, float]]: ...


class SentenceSearch(Protocol):
    """A dense ranking that can also say which sentence of a document is nearest a text."""

    def nearest_sentences(
        self, text: str, documents: Mapping[str, Sequence[str]]
    ) -> dict[str, str]: ...


Filters = Mapping[str, str | Collection[str]]


class Matcher:
    """Answers a text with ranked, explained documents or entities from one index."""

    def __init__(
        self,
        index: Index,
        *,
        dense: RankedSearch | None = None,
        ranking: Ranking | None = None,
        entity_kinds: Collection[str] = ENTITY_KINDS,
    ) -> None:
        self.index = index
        self.dense = dense
        self.ranking = ranking or Ranking()
        self.entity_kinds = frozenset(entity_kinds)

    # -- documents -----------------------------------------------------------------------

    def search(
        self,
        text: str,
        *,
        top: int = 100,
        kinds: Collection[str] | None = None,
        like: str | None = None,
    ) -> list[tuple[str, float]]:
        """Documents best first, as (id, score): the ranking the evaluation measures."""
        hits, _query = self._retrieve(text, top=top, kinds=kinds, like=like)
        return [(hit.id, hit.score) for hit in hits]

    def has_terms(self, text: str) -> bool:
        """Whether the text holds any word a match could be made on (indexed or not)."""
        analysis = self.index.analyzer.analyse(query_text(text))
        return any(is_meaningful(word) for word in analysis.words) or any(analysis.runs)

    def _retrieve(
        self, text: str, *, top: int, kinds: Collection[str] | None, like: str | None = None
    ) -> tuple[list[StoredHit], _Query]:
        ranking = self.ranking
        query = _Query.of(
            text,
            self.index,
            bigram_weight=ranking.bigram_weight,
            like=like,
            template_share=ranking.template_share,
            template_minimum=ranking.template_minimum,
        )
        if not query.weights and not query.bigrams:
            # No word of the query is in any document: only the meaning can find one.
            if self.dense is None:
                return [], query
            return self._fused(text, [], query, top=top, kinds=kinds), query
        hits = self.first_pass(query, top=top, kinds=kinds)
        if ranking.feedback and hits:
            query = query.expanded(hits[: ranking.feedback_documents], ranking, self.index)
            hits = self.index.search_terms(
                query.weights,
                bigrams=query.bigrams,
                top=top,
                kinds=kinds,
                title_weight=ranking.title_weight,
            )
        hits = hits[:top]
        if ranking.phrase_weight and query.phrases:
            hits = _phrase_boosted(hits, query.phrases, ranking.phrase_weight)
        if self.dense is not None:
            hits = self._fused(text, hits, query, top=top, kinds=kinds)
        return hits, query

    def first_pass(
        self, query: _Query, *, top: int, kinds: Collection[str] | None = None
    ) -> list[StoredHit]:
        """The documents the query's own terms find; with feedback, the feedback documents.

        With feedback this pass only chooses the documents that lend their words, so it
        fetches no more of them (a stored document read is the costliest thing a query can
        waste) and leaves out the title clauses: the title weighting counts in the final
        ranking, and here it only cost a clause per word (nDCG@10 on the dev collections
        within 0.005 either way: cranfield 0.391 without, 0.386 with; csl 0.866 both).
        Of the query's bigrams it searches only the `first_pass_bigrams` of most weight x idf
        (the benchmark's retrieval stage at 100,000 documents: 3.0 times plain Tantivy's
        search before, 1.4 after; nDCG@10 the same, cranfield 0.391, csl 0.866).
        """
        ranking = self.ranking
        feedback = ranking.feedback is not None
        bigram_weights = query.bigrams
        if feedback:
            bigram_weights = query.strongest_bigrams(ranking.first_pass_bigrams)
        return self.index.search_terms(
            query.weights,
            bigrams=bigram_weights,
            top=ranking.feedback_documents if feedback else top,
            kinds=kinds,
            title_weight=0.0 if feedback else ranking.title_weight,
        )

    def _fused(
        self,
        text: str,
        hits: list[StoredHit],
        query: _Query,
        *,
        top: int,
        kinds: Collection[str] | None,
    ) -> list[StoredHit]:
        assert self.dense is not None
        ranking = self.ranking
        dense = self.dense.search(text, top=top, kinds=kinds)
        sparse = [(hit.id, hit.score) for hit in hits]
        if ranking.fusion == "rrf":
            fused = reciprocal_rank_fusion([sparse, dense], k=ranking.fusion_k, top=top)
        elif ranking.fusion == "language":
            query_share = ideograph_share(query_text(text))
            bridged = self._bridged(text, query_share, top=top, kinds=kinds)
            shares = {hit.id: ideograph_share(hit.written) for hit in hits}
            # The script of the dense ranking's first documents says whether the meaning
            # leads to the other language, where the bridge's words are looked for.
            unread = [i for i, _ in dense[:BRIDGE_EVIDENCE] if i not in shares]
            if bridged and unread:
                for document_id, stored in self.index.hits_of(unread).items():
                    shares[document_id] = ideograph_share(stored.written)
            fused = language_aware_fusion(
                sparse,
                dense,
                bridged=bridged,
                query_share=query_share,
                document_shares=shares,
                confidence=_coverage(hits[0], query) if hits else 0.0,
                top=top,
            )
        else:
            raise ValueError(f"unknown fusion {ranking.fusion!r}")
        by_id = {hit.id: hit for hit in hits}
        missing = self.index.get_many([i for i, _ in fused if i not in by_id])
        result = []
        for document_id, score in fused:
            hit = by_id.get(document_id)
            if hit is not None:
                hit.score = score
                result.append(hit)
            elif document_id in missing:
                result.append(StoredHit.of(missing[document_id], score, self.index))
        return result

    def _bridged(
        self, text: str, query_share: float, *, top: int, kinds: Collection[str] | None
    ) -> list[tuple[str, float]]:
        """BM25's ranking for the query's nearest words in the other script (`engine.bridge`).

        Empty when the dense index keeps no vocabulary or the bridge is off. The words are
        searched as a query of their own: they were never typed, so they neither name the
        terms of an explanation nor count in the lexical ranking's confidence.
        """
        nearest = getattr(self.dense, "nearest_words", None)
        words_wanted = self.ranking.bridge_words
        if nearest is None or not words_wanted:
            return []
        words = nearest(
            query_text(text),
            top=words_wanted,
            where=lambda word: in_other_script(word, query_share),
        )
        if not words:
            return []
        ranking = self.ranking
        bridge = _Query.of(
            " ".join(word for word, _ in words),
            self.index,
            bigram_weight=ranking.bigram_weight,
        )
        if not bridge.weights and not bridge.bigrams:
            return []
        hits = self.index.search_terms(
            bridge.weights,
            bigrams=bridge.bigrams,
            top=top,
            kinds=kinds,
            title_weight=ranking.title_weight,
        )
        return [(hit.id, hit.score) for hit in hits]

    # -- matching ------------------------------------------------------------------------

    def _explained_by_meaning(self, text: str, matches: list[Match]) -> list[Match]:
        """The matches, the first few found by meaning alone with their nearest sentence.

        Only results whose first supporting document holds none of the query's words are
        looked at, and only the first `meaning_explained` of them: their sentences are
        embedded now, a few dozen short texts, rather than every sentence at index time.
        """
        nearest = getattr(self.dense, "nearest_sentences", None)
        if nearest is None or not self.ranking.meaning_explained:
            return matches
        wanted = [
            match.supports[0].document_id
            for match in matches
            if not match.terms and match.supports and not match.supports[0].terms
        ][: self.ranking.meaning_explained]
        if not wanted:
            return matches
        documents = self.index.get_many(wanted)
        found: dict[str, str] = nearest(
            text,
            {i: sentences(d.text) or [d.title] for i, d in documents.items() if d.text or d.title},
        )
        if not found:
            return matches
        explained = []
        for match in matches:
            first = match.supports[0] if match.supports else None
            if first is not None and not first.terms and first.document_id in found:
                first = replace(first, meaning=found[first.document_id])
                match = replace(match, supports=(first, *match.supports[1:]))
            explained.append(match)
        return explained

    def match(
        self,
        text: str,
        *,
        kind: str = "expert",
        top: int = 10,
        filters: Filters | None = None,
        exclude: Collection[str] = (),
        like: str | None = None,
    ) -> list[Match]:
        """The `top` results of a kind for the text, explained, best first.

        Filters compare with the attributes of the result's own document (an entity's
        profile): a string must equal the attribute, a collection must hold it. Documents
        whose ids are in `exclude` are neither results nor evidence (the need being
        matched, which names the experts who solved it). `like` names the kind of document
        the text is (a need's text: "need"), whose template words then count for little.
        """
        excluded = frozenset(exclude)
        entities = kind in self.entity_kinds
        if entities:
            pool = max(self.ranking.pool, top) + len(excluded)
        else:
            pool = self.ranking.pool if filters else top + len(excluded)
        # When the filters or the exclusions leave fewer than `top` results in the pool, the
        # ranking is read deeper, as long as it has documents left to give.
        while True:
            if entities:
                matches, hits = self._entities(
                    text,
                    kind=kind,
                    top=top,
                    filters=filters or {},
                    exclude=excluded,
                    pool=pool,
                    like=like,
                )
            else:
                matches, hits = self._documents(
                    text,
                    kind=kind,
                    top=top,
                    filters=filters,
                    exclude=excluded,
                    pool=pool,
                    like=like,
                )
            if len(matches) >= top or hits < pool or pool >= _DEEPEST_POOL:
                return self._explained_by_meaning(text, matches)
            pool = min(pool * 4, _DEEPEST_POOL)

    def _documents(
        self,
        text: str,
        *,
        kind: str,
        top: int,
        filters: Filters | None,
        exclude: frozenset[str],
        pool: int,
        like: str | None,
    ) -> tuple[list[Match], int]:
        """Documents of a kind as results, and how many documents the pool held."""
        hits, query = self._retrieve(text, top=pool, kinds=(kind,), like=like)
        named = self.ranking.named_share
        matches: list[Match] = []
        for hit in hits:
            if hit.id in exclude:
                continue
            if filters and not _passes(hit.attributes, filters):
                continue
            support = _support(hit, hit.score, query, named)
            matches.append(
                Match(
                    entity_id=hit.id,
                    kind=hit.kind,
                    title=hit.title,
                    score=hit.score,
                    rank=len(matches) + 1,
                    terms=support.terms,
                    supports=(support,),
                )
            )
            if len(matches) == top:
                break
        return matches, len(hits)

    def _entities(
        self,
        text: str,
        *,
        kind: str,
        top: int,
        filters: Filters,
        exclude: frozenset[str],
        pool: int,
        like: str | None,
    ) -> tuple[list[Match], int]:
        """Entities of a kind ranked from the pool's documents, and how many it held."""
        hits, query = self._retrieve(text, top=pool, kinds=None, like=like)
        named = self.ranking.named_share
        votes: dict[str, list[StoredHit]] = {}
        profiles: dict[str, StoredHit] = {}
        for hit in hits:  # best first, so each entity's votes come in rank order
            document_id = hit.id
            if document_id in exclude:
                continue
            if hit.kind == kind:
                profiles[document_id] = hit
                votes.setdefault(document_id, []).append(hit)
            for entity_id in hit.entities:
                if entity_id != document_id:
                    votes.setdefault(entity_id, []).append(hit)
        limit = self.ranking.supports
        scored = sorted(
            (
                (sum(hit.score / rank for rank, hit in enumerate(entity_votes[:limit], 1)), eid)
                for eid, entity_votes in votes.items()
            ),
            key=lambda pair: (-pair[0], pair[1]),
        )
        matches: list[Match] = []
        shares: dict[str, list[tuple[str, float]]] = {}
        position = 0
        while position < len(scored) and len(matches) < top:
            # Profiles of the next candidates in one lookup: most were not retrieved themselves.
            batch = scored[position : position + 2 * top]
            position += len(batch)
            profiles.update(self.index.hits_of([e for _, e in batch if e not in profiles]))
            for score, entity_id in batch:
                profile = profiles.get(entity_id)
                if profile is None or profile.kind != kind:
                    continue
                if filters and not _passes(profile.attributes, filters):
                    continue
                supports = tuple(
                    _support(hit, hit.score / rank, query, named, shares)
                    for rank, hit in enumerate(votes[entity_id][:limit], 1)
                )
                matches.append(
                    Match(
                        entity_id=entity_id,
                        kind=kind,
                        title=profile.title,
                        score=score,
                        rank=len(matches) + 1,
                        terms=_merged_terms(supports, score * named),
                        supports=supports,
                    )
                )
                if len(matches) == top:
                    break
        return matches, len(hits)


class _Query:
    """A query's weighted words and bigrams, their document frequencies, and how it was typed."""

    __slots__ = (
        "bigram_frequencies",
        "bigrams",
        "collection_size",
        "concepts",
        "frequencies",
        "like",
        "original",
        "phrases",
        "surface",
        "weights",
    )

    def __init__(
        self,
        weights: dict[str, float],
        bigrams: dict[str, float],
        frequencies: dict[str, int],
        bigram_frequencies: dict[str, int],
        collection_size: int,
        surface: dict[str, str],
        *,
        phrases: tuple[str, ...] = (),
        concepts: int = 0,
        like: str | None = None,
    ) -> None:
        self.weights = weights
        #: the kind of document the text is, whose template words are discounted
        self.like = like
        #: the query's runs of 3+ ideographs, for the exact-sequence boost
        self.phrases = phrases
        #: how many of the query's words are not inside another of them
        self.concepts = concepts
        self.bigrams = bigrams
        self.frequencies = frequencies
        self.bigram_frequencies = bigram_frequencies
        self.collection_size = collection_size
        self.surface = surface
        self.original = frozenset(surface)

    @classmethod
    def of(
        cls,
        text: str,
        index: Index,
        *,
        bigram_weight: float = 1.0,
        like: str | None = None,
        template_share: float = 0.1,
        template_minimum: int = 20,
    ) -> _Query:
        analyzer = index.analyzer
        text = query_text(text)
        words, runs = analyzer.analyse(text)
        counts = Counter(words)
        if like is not None:
            # A document's numbers are amounts, headcounts and percentages, and its lone
            # letters list items: noise, with the high idf of whatever is rare.
            counts = Counter({w: n for w, n in counts.items() if is_meaningful(w)})
        # A single ideograph inside a longer run is left to the run's bigrams, as Lucene's
        # CJK bigram filter does: alone it says little and its postings are long.
        isolated = {run for run in runs if len(run) == 1}
        for word in [w for w in counts if len(w) == 1 and _is_cjk(w) and w not in isolated]:
            del counts[word]
        bigram_counts = Counter(bigrams(runs)) if bigram_weight else Counter()
        # A two-ideograph word is also one of the bigrams: searched once, in the bigram
        # field, which finds it however the segmenter cut a document, instead of three
        # times (body, title, bigrams) — the bigram clauses are most of a search's cost.
        for word in [w for w in counts if w in bigram_counts]:
            bigram_counts[word] += counts.pop(word)
        size, frequencies = index.document_frequencies(counts)
        _size, bigram_frequencies = index.document_frequencies(bigram_counts, field=BIGRAMS)
        # A term in no document scores nothing and would cost a clause.
        weights = {term: float(n) for term, n in counts.items() if frequencies[term]}
        # A typed number or letter rides along with a word ("米曲霉3042", "维生素C",
        # "MPEG-2"); alone it matches at random: "alert(1)", where no document holds
        # "alert", is no query for "1".
        if not any(is_meaningful(term) for term in weights) and not bigram_counts:
            weights = {}
        common = max(_COMMON_BIGRAM_SHARE * size, _COMMON_BIGRAM_MINIMUM)
        bigram_weights = {
            term: bigram_weight * n
            for term, n in bigram_counts.items()
            if 0 < bigram_frequencies[term] <= common
        }
        if not bigram_weights and not weights:  # a query of common bigrams only keeps them
            bigram_weights = {
                term: bigram_weight * n
                for term, n in bigram_counts.items()
                if bigram_frequencies[term]
            }
        if like is not None:
            discounted = _discounted(
                weights, frequencies, size, index, like, BODY, template_share, template_minimum
            )
            discounted_bigrams = _discounted(
                bigram_weights,
                bigram_frequencies,
                size,
                index,
                like,
                BIGRAMS,
                template_share,
                template_minimum,
            )
            # A text of template words only (a short query of the kind's commonest word) is
            # still searched with them: there is nothing else to search with.
            if discounted or discounted_bigrams:
                weights, bigram_weights = discounted, discounted_bigrams
        surface = {
            t: w
            for t, w in analyzer.surface_forms(text).items()
            if t in weights or t in bigram_weights
        }
        distinct = set(words)
        concepts = sum(1 for w in distinct if not any(w != o and w in o for o in distinct))
        return cls(
            weights,
            bigram_weights,
            frequencies,
            bigram_frequencies,
            size,
            surface,
            phrases=tuple(dict.fromkeys(run for run in runs if len(run) >= 3)),
            concepts=concepts,
            like=like,
        )

    def strongest_bigrams(self, count: int) -> dict[str, float]:
        """The `count` bigrams of most weight x idf (ties by the bigram); 0 means all."""
        if not count or len(self.bigrams) <= count:
            return self.bigrams
        strongest = sorted(
            self.bigrams.items(),
            key=lambda pair: (-pair[1] * self.idf(pair[0], bigram=True), pair[0]),
        )
        return dict(strongest[:count])

    def idf(self, term: str, *, bigram: bool = False) -> float:
        frequencies = self.bigram_frequencies if bigram else self.frequencies
        frequency = frequencies.get(term, 0)
        return math.log(1 + (self.collection_size - frequency + 0.5) / (frequency + 0.5))

    def expanded(self, feedback: Sequence[StoredHit], ranking: Ranking, index: Index) -> _Query:
        """The query with words of the best documents added (pseudo-relevance feedback)."""
        counts: Counter[str] = Counter()
        if ranking.feedback == "rm3":
            candidates = _rm3(feedback)
        elif ranking.feedback == "bo1":
            for hit in feedback:
                counts.update(hit.terms)
            candidates = dict(counts)  # weighted below, once frequencies are known
        else:
            raise ValueError(f"unknown feedback model {ranking.feedback!r}")
        # Frequencies of the most promising candidates only: one lookup each.
        pool = heapq.nlargest(ranking.feedback_terms * 4, candidates, key=candidates.__getitem__)
        size, frequencies = index.document_frequencies(t for t in pool if t not in self.weights)
        frequencies.update(self.frequencies)
        if ranking.feedback == "bo1":
            scores = {t: _bo1(counts[t], frequencies[t], size) for t in pool}
        else:
            # RM3 has no idf: a term in a tenth of the collection says nothing of the topic.
            scores = {t: candidates[t] for t in pool if frequencies[t] * 10 <= size}
        if self.like is not None:
            # The feedback documents' own template words would bring back what was discounted.
            scores = _discounted(
                scores,
                frequencies,
                size,
                index,
                self.like,
                BODY,
                ranking.template_share,
                ranking.template_minimum,
            )
        chosen = sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
        chosen = chosen[: ranking.feedback_terms]
        if not chosen:
            return self
        if ranking.feedback == "bo1":
            # Terrier: original weights normalised to the strongest, feedback to its best.
            scale = 1 / max([*self.weights.values(), *self.bigrams.values()])
            best = chosen[0][1] or 1.0
            weights = {t: w * scale for t, w in self.weights.items()}
            for term, score in chosen:
                weights[term] = weights.get(term, 0.0) + score / best
        else:
            lam = ranking.original_weight
            if self.concepts <= ranking.short_query:
                lam = ranking.short_original_weight
            scale = lam / (sum(self.weights.values()) + sum(self.bigrams.values()))
            feedback_total = sum(score for _, score in chosen) or 1.0
            weights = {t: w * scale for t, w in self.weights.items()}
            for term, score in chosen:
                weights[term] = weights.get(term, 0.0) + (1 - lam) * score / feedback_total
        weights = {t: w for t, w in weights.items() if w > 0 and frequencies.get(t)}
        bigram_weights = {t: w * scale for t, w in self.bigrams.items()}
        return _Query(
            weights,
            bigram_weights,
            frequencies,
            self.bigram_frequencies,
            size,
            self.surface,
            phrases=self.phrases,
            concepts=self.concepts,
            like=self.like,
        )


def _discounted(
    weights: Mapping[str, float],
    frequencies: Mapping[str, int],
    size: int,
    index: Index,
    kind: str,
    field: str,
    template_share: float,
    minimum: int,
) -> dict[str, float]:
    """The weights with each term discounted by its excess share among documents of `kind`.

    The excess is the share of the kind's documents that hold the term less the share of
    the other documents that do; terms whose excess reaches `template_share` are left out.
    """
    if not weights:
        return {}
    kind_size, in_kind = index.kind_document_frequencies(weights, kind=kind, field=field)
    others = size - kind_size
    if kind_size < minimum or others < minimum:
        return dict(weights)
    discounted: dict[str, float] = {}
    for term, weight in weights.items():
        held = in_kind[term]
        elsewhere = max(frequencies.get(term, 0) - held, 0)
        excess = held / kind_size - elsewhere / others
        factor = 1.0 if excess <= 0 else 1.0 - excess / template_share
        if factor > 0:
            discounted[term] = weight * factor
    return discounted


def _phrase_boosted(
    hits: list[StoredHit], phrases: Sequence[str], weight: float
) -> list[StoredHit]:
    """The hits rescored by how much of the query's runs of ideographs each holds as written."""
    total = sum(len(phrase) for phrase in phrases)
    encoded = [(phrase.encode(), len(phrase)) for phrase in phrases]
    for hit in hits:
        written = hit.written
        held = sum(length for phrase, length in encoded if phrase in written)
        if held:
            hit.score *= 1 + weight * held / total
    return sorted(hits, key=lambda hit: -hit.score)


def _rm3(feedback: Sequence[StoredHit]) -> dict[str, float]:
    """Relevance model 1 over the feedback documents: sum of P(t|d) P(d|q)."""
    total = sum(hit.score for hit in feedback) or 1.0
    model: dict[str, float] = {}
    for hit in feedback:
        terms = hit.terms
        if not terms:
            continue
        share = hit.score / total / len(terms)
        for term, count in Counter(terms).items():
            model[term] = model.get(term, 0.0) + count * share
    return model


def _bo1(frequency_in_feedback: int, document_frequency: int, size: int) -> float:
    """Amati's Bose-Einstein weight of a term, its collection frequency taken as its df."""
    mean = max(document_frequency, 1) / max(size, 1)
    return frequency_in_feedback * math.log2((1 + mean) / mean) + math.log2(1 + mean)


def _support(
    hit: StoredHit,
    contribution: float,
    query: _Query,
    named_share: float = 0.0,
    shares: dict[str, list[tuple[str, float]]] | None = None,
) -> Support:
    """A document's part in a result, its score shared among the terms that earned it.

    Terms with less than `named_share` of it are not named. `shares` keeps each
    document's term shares for the next entity it supports.
    """
    document_id = hit.id
    named = None if shares is None else shares.get(document_id)
    if named is None:
        named = _term_shares(hit, query)
        if shares is not None:
            shares[document_id] = named
    terms = sorted(
        (TermMatch(term, contribution * share) for term, share in named if share >= named_share),
        key=lambda match: (-match.weight, match.term),
    )
    return Support(
        document_id=document_id,
        title=hit.title,
        kind=hit.kind,
        contribution=contribution,
        terms=tuple(terms),
    )


_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=[.])\s+|\n+")
# A profile of a few paragraphs is a dozen sentences; beyond, the first ones say who it is.
_SENTENCES = 12
_SENTENCE_CHARACTERS = 300


def sentences(text: str) -> list[str]:
    """The text's sentences (Chinese and English punctuation), the first dozen, trimmed."""
    found = []
    for sentence in _SENTENCE_END.split(text):
        sentence = sentence.strip()
        if len(sentence) > 1:
            found.append(sentence[:_SENTENCE_CHARACTERS])
        if len(found) == _SENTENCES:
            break
    return found


def _coverage(hit: StoredHit, query: _Query) -> float:
    """The share of the query's own terms, each weighed by its idf, that the document holds."""
    counts = Counter(hit.terms)
    total = held = 0.0
    for term in query.weights:
        if term in query.original:
            idf = query.idf(term)
            total += idf
            held += idf if counts.get(term) else 0.0
    if query.bigrams:
        written = hit.written
        for term in query.bigrams:
            idf = query.idf(term, bigram=True)
            total += idf
            held += idf if term.encode() in written else 0.0
    return held / total if total else 0.0


def _term_shares(hit: StoredHit, query: _Query) -> list[tuple[str, float]]:
    """The query words found in the document (as typed) and their shares of its score."""
    counts = Counter(hit.terms)
    raw: dict[str, float] = {}
    for term, weight in query.weights.items():
        count = counts.get(term)
        if count:
            raw[term] = weight * query.idf(term) * count * (_K1 + 1) / (count + _K1)
    if query.bigrams:
        written = hit.written
        for term, weight in query.bigrams.items():
            count = written.count(term.encode())
            if count:
                share = weight * query.idf(term, bigram=True) * count * (_K1 + 1) / (count + _K1)
                raw[term] = raw.get(term, 0.0) + share
    total = sum(raw.values()) or 1.0
    # Only the words of the query are named: feedback terms count in the score but were
    # never typed, and a bigram inside a matched word says nothing the word does not.
    named = [t for t in raw if t in query.original]
    shown = [t for t in named if not (_is_cjk(t) and any(t != o and t in o for o in named))]
    return [(query.surface[t], raw[t] / total) for t in shown]


def _is_cjk(term: str) -> bool:
    return term[0] >= "\u3400"


def _merged_terms(supports: Sequence[Support], least: float = 0.0) -> tuple[TermMatch, ...]:
    """The terms of all the supports, each with its summed weight if that is at least `least`."""
    weights: dict[str, float] = {}
    for support in supports:
        for match in support.terms:
            weights[match.term] = weights.get(match.term, 0.0) + match.weight
    return tuple(
        TermMatch(term, weight)
        for term, weight in sorted(weights.items(), key=lambda pair: (-pair[1], pair[0]))
        if weight >= least
    )


def _passes(attributes: Mapping[str, str], filters: Filters) -> bool:
    for name, wanted in filters.items():
        value = attributes.get(name)
        if value is None:
            return False
        if isinstance(wanted, str):
            if value != wanted:
                return False
        elif value not in wanted:
            return False
    return True
