"""Writing the matching index from the records: a full rebuild, or the few documents a change touched."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import adapters, embeddings, storage
from .engine import Document, Index

BATCH = 2000
# The document store only grows: a changed document's old record stays until a rebuild.
# Once the dead records outnumber the live ones (and are more than a few), the change
# that found it so rebuilds: the store is never more than about twice its live size.
COMPACT_AT_DEAD = 1000


@dataclass(frozen=True)
class BuildReport:
    documents: int
    records: int
    seconds: float


def rebuild(*, progress: Callable[[int], object] | None = None) -> BuildReport:
    """Build a new index from every record and make it the live one in one step.

    `progress` is called with the number of records read since its last call.
    """
    started = time.perf_counter()
    with storage.write_lock():
        path = storage.new_generation_path()
        try:
            index = Index.create(path, analyzer=storage.analyzer(user_words=adapters.user_words()))
            batch: list[Document] = []
            # Kept for the embedder only when the dense ranking is on.
            dense = embeddings.enabled()
            embedded: list[Document] = []
            documents = records = 0
            for document in adapters.all_documents():
                records += 1
                if document is not None:
                    batch.append(document)
                if len(batch) >= BATCH:
                    index.upsert(batch)
                    documents += len(batch)
                    if dense:
                        embedded.extend(batch)
                    batch = []
                if progress is not None:
                    progress(1)
            index.upsert(batch)
            documents += len(batch)
            index.commit()
            del index
            if dense:
                embedded.extend(batch)
                embeddings.build(path, embedded)
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        storage.swap_in(path)
    return BuildReport(documents=documents, records=records, seconds=time.perf_counter() - started)


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
        if embeddings.enabled():
            embeddings.refresh(live, upsert=upsert, remove=remove)
        index.commit()
        compact = index.dead_records > max(len(index), COMPACT_AT_DEAD)
        del index
        storage.mark_committed()
        if compact:
            rebuild()
