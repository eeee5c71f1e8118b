"""The persisted BM25 index: Tantivy over pre-analysed terms, with the documents stored.

The analyzer runs in Python (jieba and Snowball), and Tantivy gets its terms joined by
spaces in fields tokenized on whitespace; so Tantivy's BM25 with block-max WAND does the
retrieval, and the same analyzer, rebuilt from the index's own settings file, analyses the
queries. Each document is stored twice: as JSON (to give it back and to aggregate and
filter on its entities and attributes) and as its analysed terms (for explanations and
pseudo-relevance feedback, without analysing it again at query time).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

import tantivy

from liaison.matching.engine.analysis import Analyzer, AnalyzerSettings
from liaison.matching.engine.documents import Document

__all__ = ["BIGRAMS", "BODY", "Index", "StoredHit"]

SETTINGS_FILE = "liaison-engine.json"
FORMAT = 1

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


def _schema() -> Any:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("kind", tokenizer_name="raw", index_option="basic")
    builder.add_text_field(TITLE, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field(BODY, stored=True, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field(BIGRAMS, tokenizer_name=BIGRAM_TOKENIZER, index_option="freq")
    builder.add_bytes_field("doc", stored=True)
    return builder.build()


class StoredHit:
    """One retrieved document and its score; the stored document is decoded when first read."""

    __slots__ = ("_document", "_stored", "_terms", "score")

    def __init__(self, stored: Any, score: float) -> None:
        self._stored = stored
        self._document: Document | None = None
        self._terms: list[str] | None = None
        self.score = score

    @classmethod
    def of(cls, document: Document, score: float, index: Index) -> StoredHit:
        """A hit for a document met another way (the dense ranking)."""
        hit = cls(None, score)
        hit._document = document
        hit._terms = index.terms_of(document)
        return hit

    @property
    def document(self) -> Document:
        if self._document is None:
            self._document = Document.from_json(self._stored.get_first("doc"))
        return self._document

    @property
    def terms(self) -> list[str]:
        """The document's analysed terms (title, keywords and text)."""
        if self._terms is None:
            self._terms = (self._stored.get_first(BODY) or "").split()
        return self._terms


class Index:
    """A directory holding a Tantivy index and the analyzer settings it was built with."""

    def __init__(self, path: Path, index: Any, analyzer: Analyzer, *, writer_memory: int) -> None:
        self.path = path
        self.analyzer = analyzer
        self.writer_memory = writer_memory
        self._index = index
        # Tokenizers live in the process, not in the index: each opening registers its own.
        index.register_tokenizer(
            BIGRAM_TOKENIZER,
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(2, 2, False)).build(),
        )
        self._schema = index.schema
        self._writer: Any = None
        self._lock = threading.Lock()
        #: grows at each commit: lets callers drop what they cached about the documents.
        self.generation = 0

    @classmethod
    def create(
        cls,
        path: Path,
        *,
        analyzer: Analyzer | None = None,
        writer_memory: int = 256_000_000,
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
        return cls(path, index, analyzer, writer_memory=writer_memory)

    @classmethod
    def open(cls, path: Path, *, writer_memory: int = 256_000_000) -> Index:
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
        return cls(path, index, analyzer, writer_memory=writer_memory)

    # -- writing -------------------------------------------------------------------------

    def _writer_or_new(self) -> Any:
        if self._writer is None:
            # One indexing thread: analysis holds the Python thread, and the goal is one core.
            self._writer = self._index.writer(heap_size=self.writer_memory, num_threads=1)
        return self._writer

    def upsert(self, documents: Iterable[Document]) -> None:
        """Add the documents, replacing any with the same id (visible after `commit`)."""
        with self._lock:
            writer = self._writer_or_new()
            for document in documents:
                writer.delete_documents_by_term("id", document.id)
                writer.add_document(self._tantivy_document(document))

    def remove(self, ids: Iterable[str]) -> None:
        """Remove the documents with these ids (visible after `commit`); unknown ids are fine."""
        with self._lock:
            writer = self._writer_or_new()
            for document_id in ids:
                writer.delete_documents_by_term("id", document_id)

    def commit(self) -> None:
        """Make the changes durable and visible to the next search.

        The writer is released afterwards so that another process (the background job
        that keeps the index fresh) can take the directory's single writer lock.
        """
        with self._lock:
            if self._writer is not None:
                self._writer.commit()
                self._writer.wait_merging_threads()
                self._writer = None
            self._index.reload()
            self.generation += 1

    def _analysed(self, document: Document) -> tuple[list[str], list[str], list[str]]:
        """Words of the title and keywords, words of the text, runs of ideographs of both."""
        analyse = self.analyzer.analyse
        title_words, runs = analyse(document.title)
        for keyword in document.keywords:
            words, keyword_runs = analyse(keyword)
            title_words.extend(words)
            runs.extend(keyword_runs)
        text_words, text_runs = analyse(document.text)
        runs.extend(text_runs)
        return title_words, text_words, runs

    def terms_of(self, document: Document) -> list[str]:
        """The words the document is (or would be) indexed under, title first."""
        title_words, text_words, _runs = self._analysed(document)
        return title_words + text_words

    def _tantivy_document(self, document: Document) -> Any:
        title_words, text_words, runs = self._analysed(document)
        title = " ".join(title_words)
        text = " ".join(text_words)
        return tantivy.Document(
            id=document.id,
            kind=document.kind,
            title=title,
            body=f"{title} {text}" if title and text else title or text,
            bigrams=runs,
            doc=[document.to_json()],
        )

    # -- reading -------------------------------------------------------------------------

    def searcher(self) -> Any:
        return self._index.searcher()

    def __len__(self) -> int:
        return int(self.searcher().num_docs)

    def __contains__(self, document_id: object) -> bool:
        return isinstance(document_id, str) and self._address(document_id) is not None

    def _address(self, document_id: str) -> Any:
        query = tantivy.Query.term_query(self._schema, "id", document_id)
        hits = self.searcher().search(query, 1, count=False).hits
        return hits[0][1] if hits else None

    def get(self, id: str) -> Document | None:
        """The document stored under this id, or None."""
        address = self._address(id)
        if address is None:
            return None
        return Document.from_json(self.searcher().doc(address).get_first("doc"))

    def get_many(self, ids: Collection[str]) -> dict[str, Document]:
        """The stored documents among these ids, by id; one search for them all."""
        if not ids:
            return {}
        query = tantivy.Query.term_set_query(self._schema, "id", list(ids))
        searcher = self.searcher()
        found = {}
        for _score, address in searcher.search(query, len(ids), count=False).hits:
            document = Document.from_json(searcher.doc(address).get_first("doc"))
            found[document.id] = document
        return found

    def document_frequencies(
        self, terms: Iterable[str], *, field: str = BODY
    ) -> tuple[int, dict[str, int]]:
        """The number of documents and, for each term, how many documents hold it."""
        searcher = self.searcher()
        return searcher.num_docs, {term: searcher.doc_freq(field, term) for term in terms}

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
        WAND; a kind restriction is a required clause that scores nothing.
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
        if kinds is not None:
            kind_query = tantivy.Query.term_set_query(schema, "kind", list(kinds))
            query = tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Must, tantivy.Query.const_score_query(kind_query, 0.0)),
                    (tantivy.Occur.Must, query),
                ]
            )
        searcher = self.searcher()
        return [
            StoredHit(searcher.doc(address), float(score))
            for score, address in searcher.search(query, top, count=False).hits
        ]
