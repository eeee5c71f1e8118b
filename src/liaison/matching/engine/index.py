"""The persisted BM25 index: Tantivy over pre-analysed words, the documents in a side table.

jieba runs in Python and gives Tantivy each field's tokens joined by spaces; Tantivy's
own analyzer (the one `Analyzer.word_analyzer` builds, registered for the word fields)
stops and stems them in Rust, and its n-gram tokenizer makes the bigrams of the runs of
ideographs. Tantivy's BM25 with block-max WAND does the retrieval, and the same analyzer,
rebuilt from the index's own settings file, analyses the queries.

Tantivy stores nothing: each document gets a numeric key, kept in a fast field, and its
record (the document and its tokens, for explanations and pseudo-relevance feedback
without analysing it again) lives in a memory-mapped `DocumentStore` under that key. A
hit's key and kind are read from fast fields in one call for all the hits, so a search
reads no stored document, and a kind filter can be applied to an over-fetched ranking
instead of as a required clause, which would stop Tantivy from pruning.
"""

from __future__ import annotations

import itertools
import json
import math
import multiprocessing
import threading
import zlib
from collections import deque
from collections.abc import Collection, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any

import tantivy

from liaison.matching.engine.analysis import (
    WORDS_TOKENIZER,
    Analyzer,
    AnalyzerSettings,
)
from liaison.matching.engine.documents import Document
from liaison.matching.engine.store import DocumentStore

__all__ = ["BIGRAMS", "BODY", "Index", "StoredHit", "kind_code"]

SETTINGS_FILE = "liaison-engine.json"
FORMAT = 3

# Title and keywords are indexed alone in `title` and again with the text in `body`: a term
# of the title scores in both, which weights the title without a second query per field
# being needed for a term that is only in the text.
TITLE = "title"
BODY = "body"
# Character bigrams of the runs of ideographs, made by Tantivy's n-gram tokenizer in Rust
# (each run a value of its own, so that no bigram straddles two runs): in Python they cost
# as much as the rest of the analysis.
BIGRAMS = "bigrams"
BIGRAM_TOKENIZER = "liaison_bigrams"
KEY = "key"
KIND_CODE = "kind_code"
# A kind filter over-fetches the unfiltered ranking when the kinds make up at least this
# share of the documents; rarer kinds take a required clause (few postings to intersect).
_OVERFETCH_SHARE = 0.1
_SEPARATOR = b"\x00"
_LIST_SEPARATOR = "\x1f"


def kind_code(kind: str) -> int:
    """A kind as a number for the fast field: stable across processes, unlike hash()."""
    return zlib.crc32(kind.encode())


def _schema() -> Any:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("kind", tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field(KEY, indexed=False, fast=True)
    builder.add_unsigned_field(KIND_CODE, indexed=False, fast=True)
    builder.add_text_field(TITLE, tokenizer_name=WORDS_TOKENIZER, index_option="freq")
    builder.add_text_field(BODY, tokenizer_name=WORDS_TOKENIZER, index_option="freq")
    builder.add_text_field(BIGRAMS, tokenizer_name=BIGRAM_TOKENIZER, index_option="freq")
    return builder.build()


class StoredHit:
    """One retrieved document and its score; its record is decoded as far as it is read.

    A record is the document's id, kind, entities, title, keywords, attributes (JSON), text
    and jieba tokens, NUL-separated: ranking entities reads only the first three.
    """

    __slots__ = ("_document", "_index", "_parts", "_terms", "key", "score")

    def __init__(self, index: Index | None, key: int, score: float) -> None:
        self._index = index
        self.key = key
        self.score = score
        self._parts: list[bytes] | None = None
        self._document: Document | None = None
        self._terms: list[str] | None = None

    @classmethod
    def of(cls, document: Document, score: float, index: Index) -> StoredHit:
        """A hit for a document met another way (the dense ranking)."""
        hit = cls(None, -1, score)
        hit._document = document
        hit._parts = _record(document, "").split(_SEPARATOR)
        hit._terms = index.terms_of(document)
        return hit

    @property
    def parts(self) -> list[bytes]:
        if self._parts is None:
            assert self._index is not None
            self._parts = self._index.store.get(self.key).split(_SEPARATOR)
        return self._parts

    @property
    def id(self) -> str:
        return self.parts[0].decode()

    @property
    def kind(self) -> str:
        return self.parts[1].decode()

    @property
    def entities(self) -> list[str]:
        entities = self.parts[2]
        return entities.decode().split(_LIST_SEPARATOR) if entities else []

    @property
    def title(self) -> str:
        return self.parts[3].decode()

    @property
    def attributes(self) -> Mapping[str, str]:
        if self._document is not None:
            return self._document.attributes
        attributes: dict[str, str] = json.loads(self.parts[5])
        return attributes

    @property
    def document(self) -> Document:
        if self._document is None:
            parts = self.parts
            keywords = parts[4].decode()
            entities = self.entities
            self._document = Document(
                id=self.id,
                kind=self.kind,
                title=self.title,
                text=parts[6].decode(),
                keywords=tuple(keywords.split(_LIST_SEPARATOR)) if keywords else (),
                entities=tuple(entities),
                attributes=json.loads(parts[5]),
            )
        return self._document

    @property
    def terms(self) -> list[str]:
        """The document's analysed words (title, keywords and text)."""
        if self._terms is None:
            assert self._index is not None
            self._terms = self._index.analyzer.words(self.parts[7].decode())
        return self._terms

    @property
    def written(self) -> bytes:
        """Title, keywords and text as UTF-8, for finding runs of ideographs as written.

        Not normalised: lower-casing leaves ideographs alone, and the compatibility forms
        NFKC would fold are too rare to pay for decoding and folding every hit.
        """
        parts = self.parts
        return b"\n".join([parts[3], parts[4], parts[6]])


def _record(document: Document, tokens: str) -> bytes:
    # Most documents have no attributes: json.dumps was a tenth of a build's analysis.
    attributes = (
        json.dumps(dict(document.attributes), ensure_ascii=False, separators=(",", ":"))
        if document.attributes
        else "{}"
    )
    return _SEPARATOR.join(
        [
            document.id.encode(),
            document.kind.encode(),
            _LIST_SEPARATOR.join(document.entities).encode(),
            document.title.encode(),
            _LIST_SEPARATOR.join(document.keywords).encode(),
            attributes.encode(),
            document.text.encode(),
            tokens.encode(),
        ]
    )


# What a document is indexed under, computed from it and the analyzer alone: its title and
# keywords' tokens, its body's tokens (title, keywords and text), its runs of ideographs and
# its store record. The same whether made in the writing process or in a worker.
_Analysed = tuple[str, str, list[str], bytes]

# Documents sent to an analysis worker at once: large enough that pickling them and their
# results is a small share of the work, small enough to keep every process busy.
_CHUNK = 500
# The analyser of a worker process, built once by `_start_worker` from the index's settings.
_worker_analyzer: Analyzer | None = None


def _tokens(analyzer: Analyzer, document: Document) -> tuple[str, str, list[str]]:
    """Tokens of the title and keywords, tokens of all (the body), runs of ideographs of all."""
    written, title = analyzer.tokens(document.title)
    runs = analyzer.runs(written)
    if document.keywords:
        keywords = [analyzer.tokens(keyword) for keyword in document.keywords]
        title = " ".join([title, *(tokens for _, tokens in keywords)])
        for keyword_written, _ in keywords:
            runs.extend(analyzer.runs(keyword_written))
    written, text = analyzer.tokens(document.text)
    runs.extend(analyzer.runs(written))
    return title, f"{title} {text}", runs


def _analysed(analyzer: Analyzer, document: Document) -> _Analysed:
    title, body, runs = _tokens(analyzer, document)
    return title, body, runs, _record(document, body)


def _start_worker(settings: AnalyzerSettings) -> None:
    global _worker_analyzer
    _worker_analyzer = Analyzer.from_settings(settings)


def _analyse_chunk(documents: list[Document]) -> list[_Analysed]:
    analyzer = _worker_analyzer
    assert analyzer is not None, "an analysis worker starts with _start_worker"
    return [_analysed(analyzer, document) for document in documents]


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


class Index:
    """A directory holding a Tantivy index, its document store and its analyzer settings."""

    def __init__(
        self, path: Path, index: Any, analyzer: Analyzer, *, writer_memory: int, fresh: bool
    ) -> None:
        self.path = path
        self.analyzer = analyzer
        self.writer_memory = writer_memory
        self._index = index
        # Tokenizers live in the process, not in the index: each opening registers its own.
        index.register_tokenizer(WORDS_TOKENIZER, analyzer.word_analyzer)
        index.register_tokenizer(
            BIGRAM_TOKENIZER,
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(2, 2, False)).build(),
        )
        self._schema = index.schema
        self.store = DocumentStore(path)
        self._writer: Any = None
        self._lock = threading.Lock()
        # Until its first commit a new index holds nothing to replace: an id is deleted
        # only when the same build gave it before (the cost of a delete per document was
        # a good part of a full build's).
        self._fresh_ids: set[str] | None = set() if fresh else None
        #: grows at each commit: lets callers drop what they cached about the documents.
        self.generation = 0
        # Document frequencies within a kind, by (kind, field, term), for this generation.
        self._kind_frequencies: dict[tuple[str, str, str], int] = {}
        self._kind_generation = -1

    @classmethod
    def create(
        cls,
        path: Path,
        *,
        analyzer: Analyzer | None = None,
        writer_memory: int = 512_000_000,
    ) -> Index:
        """A new, empty index in `path`, which must be missing or empty."""
        path = Path(path)
        if path.exists() and any(path.iterdir()):
            raise FileExistsError(f"{path} is not empty; remove it or open the index in it")
        path.mkdir(parents=True, exist_ok=True)
        analyzer = analyzer or Analyzer()
        index = tantivy.Index(_schema(), str(path))
        settings = {"format": FORMAT, "analyzer": asdict(analyzer.settings)}
        (path / SETTINGS_FILE).write_text(json.dumps(settings, ensure_ascii=False, indent=1))
        return cls(path, index, analyzer, writer_memory=writer_memory, fresh=True)

    @classmethod
    def open(cls, path: Path, *, writer_memory: int = 512_000_000) -> Index:
        """The index in `path`, as last committed; the corpus is not read again."""
        path = Path(path)
        settings_file = path / SETTINGS_FILE
        if not settings_file.exists():
            raise FileNotFoundError(f"no matching index in {path}")
        settings = json.loads(settings_file.read_text())
        if settings["format"] != FORMAT:
            raise ValueError(f"{path} holds index format {settings['format']}, not {FORMAT}")
        stored = settings["analyzer"]
        analyzer = Analyzer.from_settings(
            AnalyzerSettings(**{**stored, "user_words": tuple(stored["user_words"])})
        )
        index = tantivy.Index.open(str(path))
        return cls(path, index, analyzer, writer_memory=writer_memory, fresh=False)

    # -- writing -------------------------------------------------------------------------

    def _writer_or_new(self, threads: int = 1) -> Any:
        if self._writer is None:
            # One indexing thread when this process analyses: analysis holds the Python
            # thread, and Tantivy's one thread keeps up with it. When workers analyse,
            # Tantivy's indexing is most of what is left, and as many threads as workers
            # share it (100,000 documents on two cores: 70 s wall instead of 79, two
            # segments instead of one, the retrieval stage's time the same).
            self._writer = self._index.writer(heap_size=self.writer_memory, num_threads=threads)
        return self._writer

    def upsert(self, documents: Iterable[Document], *, processes: int = 1) -> None:
        """Add the documents, replacing any with the same id (visible after `commit`).

        With `processes` above 1 the documents are analysed (jieba's segmentation, about a
        third of a build's time) in that many worker processes, in chunks, while this process
        stores them and feeds Tantivy's writer in their order: the documents, their keys
        and their scores are the same as with one process (a new writer then indexes in
        as many threads, which may split the segments otherwise). Worth it for a full
        build; a job's few changed documents are analysed here, without starting processes.
        """
        with self._lock:
            writer = self._writer_or_new(max(processes, 1))
            if processes <= 1:
                for document in documents:
                    self._add(writer, document, _analysed(self.analyzer, document))
                return
            for chunk, analysed in self._analysed_in_workers(documents, processes):
                for document, analysis in zip(chunk, analysed, strict=True):
                    self._add(writer, document, analysis)

    def _analysed_in_workers(
        self, documents: Iterable[Document], processes: int
    ) -> Iterator[tuple[list[Document], list[_Analysed]]]:
        """Chunks of the documents with their analyses, in order, made by a process pool.

        At most two chunks a process are in flight, so that a slow consumer (Tantivy's
        writer) does not let analysed chunks pile up in memory.
        """
        # Spawned, not forked: this process runs Tantivy's writer threads, and a fork
        # copies whatever lock one of them holds.
        context = multiprocessing.get_context("spawn")
        pending: deque[tuple[list[Document], Future[list[_Analysed]]]] = deque()
        with ProcessPoolExecutor(
            processes,
            mp_context=context,
            initializer=_start_worker,
            initargs=(self.analyzer.settings,),
        ) as pool:
            for chunk in _chunks(documents, _CHUNK):
                pending.append((chunk, pool.submit(_analyse_chunk, chunk)))
                if len(pending) >= 2 * processes:
                    done, future = pending.popleft()
                    yield done, future.result()
            while pending:
                done, future = pending.popleft()
                yield done, future.result()

    def _add(self, writer: Any, document: Document, analysis: _Analysed) -> None:
        fresh = self._fresh_ids
        if fresh is None or document.id in fresh:
            writer.delete_documents_by_term("id", document.id)
        else:
            fresh.add(document.id)
        title, body, runs, record = analysis
        key = self.store.append(record)
        tantivy_document = tantivy.Document(
            id=document.id, kind=document.kind, title=title, body=body, bigrams=runs
        )
        # Keyword arguments would make the numbers signed, which the fields are not.
        tantivy_document.add_unsigned(KEY, key)
        tantivy_document.add_unsigned(KIND_CODE, kind_code(document.kind))
        writer.add_document(tantivy_document)

    def remove(self, ids: Iterable[str]) -> None:
        """Remove the documents with these ids (visible after `commit`); unknown ids are fine."""
        with self._lock:
            writer = self._writer_or_new()
            for document_id in ids:
                writer.delete_documents_by_term("id", document_id)
                if self._fresh_ids is not None:
                    self._fresh_ids.discard(document_id)

    def commit(self) -> None:
        """Make the changes durable and visible to the next search.

        The store is written before Tantivy commits, so that every key Tantivy can return
        has its record. The writer is released afterwards so that another process (the
        background job that keeps the index fresh) can take the directory's writer lock.
        """
        with self._lock:
            self.store.flush()
            if self._writer is not None:
                self._writer.commit()
                self._writer.wait_merging_threads()
                self._writer = None
            self._fresh_ids = None
            self._index.reload()
            self.generation += 1

    def reload(self) -> None:
        """See what another writer committed since this index was opened or last reloaded.

        Cheaper than opening the index again (which builds the analyzer anew): a fifth of
        the time at a million documents.
        """
        with self._lock:
            # Tantivy first: every key its new searcher can return was stored before it
            # was committed, so the store refreshed after it holds them all.
            self._index.reload()
            self.store.refresh()
            self.generation += 1

    def terms_of(self, document: Document) -> list[str]:
        """The words the document is (or would be) indexed under, title first."""
        _title, body, _runs = _tokens(self.analyzer, document)
        return self.analyzer.words(body)

    # -- reading -------------------------------------------------------------------------

    def searcher(self) -> Any:
        return self._index.searcher()

    def __len__(self) -> int:
        return int(self.searcher().num_docs)

    @property
    def dead_records(self) -> int:
        """Records of replaced or removed documents still in the store (until a rebuild)."""
        return max(len(self.store) - len(self), 0)

    def __contains__(self, document_id: object) -> bool:
        return isinstance(document_id, str) and bool(self._keys([document_id]))

    def _keys(self, ids: Collection[str]) -> list[int]:
        query = tantivy.Query.term_set_query(self._schema, "id", list(ids))
        searcher = self.searcher()
        addresses = [address for _, address in searcher.search(query, len(ids), count=False).hits]
        return list(searcher.fast_field_values(KEY, addresses)) if addresses else []

    def get(self, id: str) -> Document | None:
        """The document stored under this id, or None."""
        return self.get_many([id]).get(id)

    def get_many(self, ids: Collection[str]) -> dict[str, Document]:
        """The stored documents among these ids, by id; one search for them all."""
        return {i: hit.document for i, hit in self.hits_of(ids).items()}

    def hits_of(self, ids: Collection[str]) -> dict[str, StoredHit]:
        """The stored documents among these ids as unscored hits, decoded only when read."""
        if not ids:
            return {}
        hits = (StoredHit(self, key, 0.0) for key in self._keys(ids))
        return {hit.id: hit for hit in hits}

    def document_frequencies(
        self, terms: Iterable[str], *, field: str = BODY
    ) -> tuple[int, dict[str, int]]:
        """The number of documents and, for each term, how many documents hold it."""
        searcher = self.searcher()
        return searcher.num_docs, {term: searcher.doc_freq(field, term) for term in terms}

    def kind_document_frequencies(
        self, terms: Iterable[str], *, kind: str, field: str = BODY
    ) -> tuple[int, dict[str, int]]:
        """The number of documents of a kind and, for each term, how many of them hold it.

        One counting search a term (Tantivy keeps no frequencies by kind), remembered until
        the next commit or reload: a need's words are asked for again at every match.
        """
        with self._lock:
            if self._kind_generation != self.generation:
                self._kind_frequencies = {}
                self._kind_generation = self.generation
            known = self._kind_frequencies
        searcher = self.searcher()
        kind_query = tantivy.Query.term_query(self._schema, "kind", kind)

        def count(key: tuple[str, str, str], query: Any) -> int:
            frequency = known.get(key)
            if frequency is None:
                frequency = known[key] = searcher.search(query, 1, count=True).count
            return frequency

        size = count((kind, "", ""), kind_query)
        found: dict[str, int] = {}
        for term in terms:
            term_query = tantivy.Query.term_query(self._schema, field, term)
            both = [(tantivy.Occur.Must, kind_query), (tantivy.Occur.Must, term_query)]
            found[term] = count((kind, field, term), tantivy.Query.boolean_query(both))
        return size, found

    def search_terms(
        self,
        weights: Mapping[str, float],
        *,
        top: int,
        bigrams: Mapping[str, float] | None = None,
        kinds: Collection[str] | None = None,
        title_weight: float = 0.5,
    ) -> list[StoredHit]:
        """The `top` documents by BM25: words in body and title, bigrams in their own field.

        One flat disjunction of term queries, which is what Tantivy prunes with block-max
        WAND. A kind restriction filters a deeper unrestricted ranking when the kinds are
        common enough to fill it; otherwise it is a required clause that scores nothing.
        """
        if (not weights and not bigrams) or top <= 0:
            return []
        schema = self._schema
        term_query = tantivy.Query.term_query
        boost = tantivy.Query.boost_query
        should = tantivy.Occur.Should
        clauses = []
        for term, weight in weights.items():
            clauses.append((should, boost(term_query(schema, BODY, term), weight)))
            if title_weight:
                clauses.append(
                    (should, boost(term_query(schema, TITLE, term), weight * title_weight))
                )
        for term, weight in (bigrams or {}).items():
            clauses.append((should, boost(term_query(schema, BIGRAMS, term), weight)))
        query = tantivy.Query.boolean_query(clauses)
        searcher = self.searcher()
        if kinds is None:
            return self._hits(searcher, searcher.search(query, top, count=False).hits)
        kinds = list(kinds)
        size = searcher.num_docs
        share = sum(searcher.doc_freq("kind", kind) for kind in kinds) / max(size, 1)
        if share >= _OVERFETCH_SHARE:
            fetch = math.ceil(top / share * 1.5) + 10
            hits = searcher.search(query, fetch, count=False).hits
            if hits:
                codes = {kind_code(kind) for kind in kinds}
                found = searcher.fast_field_values(KIND_CODE, [address for _, address in hits])
                kept = [hit for hit, code in zip(hits, found, strict=True) if code in codes]
                if len(kept) >= top or len(hits) < fetch:
                    return self._hits(searcher, kept[:top])
        kind_query = tantivy.Query.term_set_query(schema, "kind", kinds)
        query = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.const_score_query(kind_query, 0.0)),
                (tantivy.Occur.Must, query),
            ]
        )
        return self._hits(searcher, searcher.search(query, top, count=False).hits)

    def _hits(self, searcher: Any, hits: list[tuple[float, Any]]) -> list[StoredHit]:
        if not hits:
            return []
        keys = searcher.fast_field_values(KEY, [address for _, address in hits])
        return [
            StoredHit(self, key, float(score))
            for (score, _address), key in zip(hits, keys, strict=True)
        ]
