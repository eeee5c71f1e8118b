"""Where the matching index lives on disk, who may write it, and the readers' copy of it.

`settings.MATCHING_INDEX_DIR` holds generations of the index (`gen-…/`), a `CURRENT` file
naming the live one, a `COMMITTED` stamp that moves on after every write, and `write.lock`.

- A full rebuild writes a new generation beside the live one and swaps `CURRENT` with one
  `os.replace`, so a reader sees the old index or the new one, never half of one.
- Tantivy allows one writer per index: every write (a rebuild, a job's update) holds
  `write.lock` (an flock, so threads, the job consumer and a command in another process
  take turns).
- Readers keep their open index (`reader()`, the one way the web workers reach the
  engine): they reload it when `COMMITTED` changed (a commit to the same generation) and
  open the new one when `CURRENT` did, so a search after a commit sees the commit.
- A web machine with `settings.MATCHING_INDEX_SOURCE` set is a replica: it never writes
  its index (`write_lock()` refuses); `liaison index follow` (`replication.py`) copies
  each commit of the writer's index at that path into this folder, stamps last, and the
  readers here pick it up as they would a local commit.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from . import embeddings
from .engine import Analyzer, Index, Matcher

CURRENT = "CURRENT"
COMMITTED = "COMMITTED"
LOCK = "write.lock"
GENERATION_PREFIX = "gen-"

_thread_lock = threading.RLock()
_held = threading.local()


def index_root() -> Path:
    return Path(settings.MATCHING_INDEX_DIR)


def source_root() -> Path | None:
    """The writer's index folder this machine follows, or None when this machine writes its own."""
    value = getattr(settings, "MATCHING_INDEX_SOURCE", None)
    return Path(value) if value else None


def is_replica() -> bool:
    return source_root() is not None


class ReadOnlyReplica(RuntimeError):
    """A write to the index on a machine that only reads a replica of the writer's."""


def live_path() -> Path | None:
    """The live generation's folder, or None while no index was ever built."""
    try:
        name = (index_root() / CURRENT).read_text().strip()
    except FileNotFoundError:
        return None
    path = index_root() / name
    return path if name and path.is_dir() else None


def new_generation_path() -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    return index_root() / f"{GENERATION_PREFIX}{stamp}-{uuid.uuid4().hex[:8]}"


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    partial.write_text(text)
    os.replace(partial, path)


def mark_committed() -> None:
    """Tell every reader, in this process or another, that the live index changed."""
    _write_atomically(index_root() / COMMITTED, uuid.uuid4().hex)


def swap_in(path: Path) -> None:
    """Make the generation at `path` the live index and drop the generations before it."""
    _write_atomically(index_root() / CURRENT, path.name)
    mark_committed()
    for old in index_root().glob(f"{GENERATION_PREFIX}*"):
        if old != path and old.is_dir():
            # Readers that still hold the old files keep them until they re-open (POSIX).
            shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def write_lock() -> Iterator[None]:
    """Hold the one right to write the index (re-entrant within a thread); refused on a replica."""
    source = source_root()
    if source is not None:
        # Its records' changes reach the index as jobs that the writer's consumer runs.
        raise ReadOnlyReplica(
            _(
                "This machine reads a replica of the matching index (%(source)s): it does not "
                "write the index; the job consumer's machine does, and `liaison index follow` "
                "copies its commits here."
            )
            % {"source": source}
        )
    if getattr(_held, "depth", 0):
        _held.depth += 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    root = index_root()
    root.mkdir(parents=True, exist_ok=True)
    with _thread_lock, open(root / LOCK, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
            fcntl.flock(handle, fcntl.LOCK_UN)


def analyzer(*, user_words: tuple[str, ...] = ()) -> Analyzer:
    """The analyzer of a new index: the records' own keywords, and the institute's dictionary.

    The dictionary is a jieba user dictionary (one word a line, optionally its frequency
    and part of speech) at `settings.MATCHING_DICTIONARY`, by default
    `matching-dictionary.txt` in the data folder; it is read when the index is built.
    """
    default = Path(settings.DATA_DIR) / "matching-dictionary.txt"
    dictionary = Path(getattr(settings, "MATCHING_DICTIONARY", default))
    return Analyzer(user_words=user_words, dictionary=dictionary if dictionary.is_file() else None)


def _stamp(root: Path | None = None) -> tuple[str, str]:
    """The `CURRENT` and `COMMITTED` stamps of an index folder (this machine's by default)."""
    root = root or index_root()
    values = []
    for name in (CURRENT, COMMITTED):
        try:
            values.append((root / name).read_text())
        except FileNotFoundError:
            values.append("")
    return values[0], values[1]


@dataclass
class Reader:
    """This process's open live index and its matcher, as of the stamps it was opened at."""

    root: Path
    stamp: tuple[str, str]
    index: Index
    matcher: Matcher


_reader: Reader | None = None
_reader_lock = threading.Lock()


def reader() -> Reader | None:
    """The live index as last committed (or last copied, on a replica); None while there is none.

    Every read of the index by the web workers goes through here.
    """
    global _reader
    stamp = _stamp()
    held = _reader
    if held is not None and held.root == index_root() and held.stamp == stamp:
        return held
    with _reader_lock:
        held = _reader
        if (
            held is not None
            and held.root == index_root()
            and held.stamp[0] == stamp[0]
            and held.matcher.dense is None
        ):
            if held.stamp != stamp:
                held.index.reload()
                held.stamp = stamp
            return held
        path = live_path()
        if path is None:
            return None
        index = Index.open(path)
        matcher = Matcher(index, dense=embeddings.open_ranking(path))
        _reader = Reader(root=index_root(), stamp=stamp, index=index, matcher=matcher)
        return _reader


def open_matcher() -> Matcher | None:
    """The matcher over the live index as last committed, or None while there is no index."""
    opened = reader()
    return None if opened is None else opened.matcher


def open_index() -> Index | None:
    """The live index as last committed, for reading; None while there is none."""
    opened = reader()
    return None if opened is None else opened.index


def forget_readers() -> None:
    """Drop this process's open index (tests give each test its own index folder)."""
    global _reader
    with _reader_lock:
        _reader = None
