"""Background jobs that keep the matching index in step with the records.

They run in the threads `liaison up` starts (the embedded default), on `liaison run_huey`
workers in production, and at once in tests. Each reads the records as they are when it
runs, so a job that runs late or twice still writes the right documents.
"""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from . import indexing


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
    """Embed the documents named by `ids` (every document when None) whose text changed."""
    indexing.embed(ids)
