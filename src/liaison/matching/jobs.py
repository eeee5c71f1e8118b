"""Background jobs that keep the matching index in step with the records.

They run in the threads `liaison up` starts (the embedded default), on `liaison run_huey`
workers in production, and at once in tests. Each reads the records as they are when it
runs, so a job that runs late or twice still writes the right documents.
"""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from . import embeddings, indexing, storage
from .engine import Index
from .engine.bridge import vocabulary


@db_task(retries=3, retry_delay=2)
def refresh_documents(ids: list[str]) -> None:
    """Upsert or remove the documents named by `ids`, as the records now are."""
    indexing.refresh(ids)


@db_task()
def rebuild_index() -> None:
    """Rebuild the whole index from the records and swap it in."""
    indexing.rebuild()


@db_task(retries=3, retry_delay=2)
def embed_documents(ids: list[str] | None = None) -> None:
    """Embed the documents named by `ids` (every document when None) whose text changed.

    After a rebuild's (None), the index's vocabulary too, for the bridge across languages:
    only its new words. Choosing it reads every document's words, too much for each
    record's change; a word one change brings is seldom yet held by two documents, and the
    next rebuild (`liaison index build`, or the one a store of mostly replaced records
    asks for) takes it in.
    """
    indexing.embed(ids)
    if ids is None:
        refresh_vocabulary()


def refresh_vocabulary() -> int:
    """Embed the live index's new words for the bridge (`engine.bridge`); how many were new.

    The vocabulary is chosen from the documents that have their vectors and embedded
    without the write lock (only words the dense index lacks), then committed under it.
    Nothing happens with the dense ranking off, or when a rebuild swapped in another
    generation meanwhile (its own job chooses its words).
    """
    if not embeddings.enabled():
        return 0
    live = storage.live_path()
    dense = None if live is None else embeddings.open_index(live)
    if live is None or dense is None:
        return 0
    words = vocabulary(Index.open(live), dense.ids)
    if tuple(words) == tuple(dense.words):
        return 0
    embedded = dense.embed_vocabulary(words)
    with storage.write_lock():
        current = embeddings.open_index(live)
        if storage.live_path() != live or current is None:
            return 0
        current.put_vocabulary(embedded)
        current.commit()
        storage.mark_committed()
    return embedded.embedded
