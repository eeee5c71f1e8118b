"""Writing the matching index from the records: a full rebuild, or the few documents a change touched."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from . import adapters, embeddings, storage
from .engine import Document, Index
from .engine.dense import ENCODE_BATCH, Embedding

#: a full build of this many records or more analyses them in a process per core
PARALLEL_BUILD_FROM = 20_000
# The document store only grows: a changed document's old record stays until a rebuild.
# Once the dead records outnumber the live ones (and are more than a few), the change
# that found it so rebuilds: the store is never more than about twice its live size.
COMPACT_AT_DEAD = 1000


def build_processes(records: int) -> int:
    """Processes that analyse a full build's documents: every core from PARALLEL_BUILD_FROM up.

    Starting the workers costs about a second; below that many records one process is done
    sooner. Above it jieba's segmentation runs beside Tantivy's writer (engine_speed at
    1,000,000 documents: build CPU x0.89 and wall time x0.87 of one process).
    """
    if records < PARALLEL_BUILD_FROM:
        return 1
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


@dataclass(frozen=True)
class BuildReport:
    documents: int
    records: int
    seconds: float


def rebuild(
    *, progress: Callable[[int], object] | None = None, embed_later: bool = True
) -> BuildReport:
    """Build a new index from every record and make it the live one in one step.

    `progress` is called with the number of records read since its last call. With the
    dense ranking on, the new generation starts with the vectors of the one it replaces and
    a background job embeds what changed (unless `embed_later` is off: the caller does).
    """
    started = time.perf_counter()
    dense = embeddings.enabled()
    with storage.write_lock():
        path = storage.new_generation_path()
        try:
            index = Index.create(path, analyzer=storage.analyzer(user_words=adapters.user_words()))
            counted = {"records": 0, "documents": 0}

            def read() -> Iterator[Document]:
                for document in adapters.all_documents():
                    counted["records"] += 1
                    if document is not None:
                        counted["documents"] += 1
                        yield document
                    if progress is not None:
                        progress(1)

            index.upsert(read(), processes=build_processes(adapters.count_records()))
            documents, records = counted["documents"], counted["records"]
            index.commit()
            del index
            if dense:
                embeddings.start(path, previous=storage.live_path())
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        storage.swap_in(path)
    if dense and embed_later:
        _embed_later(None)
    return BuildReport(documents=documents, records=records, seconds=time.perf_counter() - started)


def _embed_later(ids: list[str] | None) -> None:
    from . import jobs  # jobs import this module

    jobs.embed_documents(ids)


def embed(
    ids: Iterable[str] | None = None, *, progress: Callable[[int], object] | None = None
) -> int:
    """Embed the live generation's documents (those named by `ids`, or all) whose text changed.

    The vectors are computed without the write lock (a tenth of a second each), then put
    into the index a batch at a time under it, each batch a commit that readers see.
    Returns how many documents were embedded.
    """
    if not embeddings.enabled():
        return 0
    live = storage.live_path()
    current = None if live is None else embeddings.open_index(live)
    if live is None or current is None:
        # No index, or one built while the dense ranking was off: BM25 alone until a build.
        return 0
    seen: set[str] = set()
    removed: Sequence[str]
    if ids is None:
        documents: Iterable[Document] = _kept(adapters.all_documents(), seen)
        removed = ()
    else:
        documents, removed = adapters.documents_for(sorted(set(ids)))
    written = 0
    for chunk in _chunks(documents, ENCODE_BATCH):
        embedded = current.embed(chunk)
        if embedded and not _put(live, embedded, ()):
            return written
        written += len(embedded)
        if progress is not None:
            progress(len(chunk))
    if ids is None:
        removed = [document_id for document_id in current.ids if document_id not in seen]
    if removed:
        _put(live, (), removed)
    return written


def _kept(documents: Iterable[Document | None], seen: set[str]) -> Iterator[Document]:
    for document in documents:
        if document is not None:
            seen.add(document.id)
            yield document


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _put(live: Path, embedded: Sequence[Embedding], removed: Sequence[str]) -> bool:
    """Commit vectors and removals to the live generation; False once another took its place."""
    with storage.write_lock():
        index = embeddings.open_index(live)
        if storage.live_path() != live or index is None:
            return False  # a rebuild swapped in a new generation, and its own job embeds it
        index.put(embedded)
        index.remove(removed)
        index.commit()
        storage.mark_committed()
    return True


def _open(path: Path | None) -> Index | None:
    """The index at `path`, or None when there is none or another engine version wrote it."""
    if path is None:
        return None
    try:
        return Index.open(path)
    except (ValueError, FileNotFoundError):
        return None


def ensure_index() -> None:
    """Build the index if there is none yet (a new installation) or it is of an older format."""
    with storage.write_lock():
        if _open(storage.live_path()) is None:
            rebuild()


def refresh(ids: Iterable[str]) -> None:
    """Re-read the documents named by `ids` from the records and upsert or remove them."""
    ids = sorted(set(ids))
    if not ids:
        return
    with storage.write_lock():
        live = storage.live_path()
        index = _open(live)
        if index is None or live is None:
            # An index of just these documents would miss all the others.
            rebuild()
            return
        upsert, remove = adapters.documents_for(ids)
        if remove:
            index.remove(remove)
        if upsert:
            index.upsert(upsert)
        index.commit()
        compact = index.dead_records > max(len(index), COMPACT_AT_DEAD)
        del index
        storage.mark_committed()
        if compact:
            rebuild(embed_later=False)
    if embeddings.enabled():
        # The vectors follow in a job of their own: BM25 finds the change meanwhile.
        _embed_later(None if compact else ids)
