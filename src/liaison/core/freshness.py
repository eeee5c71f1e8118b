"""A number that moves on whenever records change: what a cached reading is keyed by.

Pages that read much and change nothing (the dashboard's figures and charts) keep what they
read in the cache under the current generation; a write of any record moves the generation
on, so the next reading is made afresh and no one is shown a figure older than the records.
It moves when the record is saved (a reader in the same transaction, and every test, sees the
change at once) and again when the transaction commits (a reader of another process that read
the rows before the commit cached them under the generation of the save). Writes that send
no signal (`QuerySet.update`, `bulk_create`: the demo's loader, a restore) call `moved()`
themselves; a cached reading also expires after `settings.LIAISON_READING_TTL` seconds.

The first generation is the clock in nanoseconds, not 0: if the cache forgets the number (an
eviction, a Redis restart) it starts again above every number it had, and a reading kept under
an old one is never mistaken for a fresh one.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

KEY = "liaison:generation"
# Written on every visit, not records the pages read.
IGNORED_APPS = frozenset({"sessions", "axes", "admin", "contenttypes"})
IGNORED_MODELS = frozenset({"accounts.auditevent"})
# A save of only these fields is bookkeeping (a sign-in, a token's use), not a change.
BOOKKEEPING_FIELDS = frozenset({"last_login", "last_used_at"})


def generation() -> int:
    """The current generation."""
    current = cache.get(KEY)
    if current is None:
        cache.add(KEY, time.time_ns(), timeout=None)
        current = cache.get(KEY, 0)
    return int(current)


def moved() -> None:
    """Move the generation on (now, and again when the current transaction commits)."""
    _move()
    transaction.on_commit(_move)


def _move() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # forgotten: start again above every earlier number
        cache.add(KEY, time.time_ns(), timeout=None)


def _tracked(sender: Any) -> bool:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label in IGNORED_APPS or meta.label_lower in IGNORED_MODELS:
        return False
    # A historical row is saved with the record it is the history of: one move is enough.
    return not meta.label_lower.split(".")[1].startswith("historical")


def _saved(sender: Any, update_fields: Any = None, **_kwargs: Any) -> None:
    if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    if _tracked(sender):
        moved()


def _deleted(sender: Any, **_kwargs: Any) -> None:
    if _tracked(sender):
        moved()


def _linked(sender: Any, action: str, **_kwargs: Any) -> None:
    if action.startswith("post_") and _tracked(sender):
        moved()


def connect() -> None:
    """Move the generation on every record's change (called once, from CoreConfig.ready)."""
    post_save.connect(_saved, dispatch_uid="liaison-freshness-saved")
    post_delete.connect(_deleted, dispatch_uid="liaison-freshness-deleted")
    m2m_changed.connect(_linked, dispatch_uid="liaison-freshness-linked")


def reading_key(*parts: Any) -> str:
    """A cache key for a reading made of `parts`, under the current generation."""
    return ":".join(("liaison:reading", str(generation()), *map(str, parts)))


__all__ = ["connect", "generation", "moved", "reading_key"]
