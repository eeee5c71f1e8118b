"""A web machine's own copy of the matching index, following the one writer's.

With `settings.MATCHING_INDEX_SOURCE` set, this machine never writes the index: the job
consumer's machine does, in its `MATCHING_INDEX_DIR`, which this machine sees at that path
(a read-only NFS mount, a folder rsync keeps). `follow()` (`liaison index follow`) copies
each committed state of the source's live generation into the local `MATCHING_INDEX_DIR`,
where this machine's workers read it through `storage.reader()` as they would their own.

A round copies in the order that lets a reader see the old state or the new one, never half:

1. the Tantivy segment files that the source's `meta.json` names and that are not here yet
   (a segment file never changes once written, so only new ones are copied), each under a
   hidden name first, then renamed;
2. the records appended to the document store since the last round (the store only grows
   within a generation) and the dense vectors' matrix that its manifest names;
3. `meta.json`, then the dense manifest with the digests (each replaced in one step);
4. the stamps last: `CURRENT` after a rebuild (whose new generation was copied beside the
   live one), then `COMMITTED`, which the local readers watch.

The source is read without its write lock (a read-only mount takes none): its stamps first,
then its `meta.json`, then the files they name. A writer that moved on meanwhile only makes
the copy newer than the stamp it is filed under, and the next round copies again; a file
that is gone (merged away, a rebuild's old generation removed) or a generation not yet
whole ends the round with `SourceNotReady`, the replica left on its last whole state.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from . import embeddings, storage
from .engine.dense import MANIFEST as DENSE_MANIFEST
from .engine.index import SETTINGS_FILE
from .engine.store import ENDS, RECORDS

TANTIVY_META = "meta.json"
# Tantivy's own bookkeeping of the writer's directory: the replica opens it read-only.
WRITER_ONLY = frozenset({".managed.json", ".tantivy-meta.lock", ".tantivy-writer.lock"})
# A segment's files: `<segment id>.<component>`, and `<segment id>.<opstamp>.del` for its deletes.
SEGMENT_FILE = re.compile(r"^(?P<segment>[0-9a-f]{32})\.(?:(?P<opstamp>\d+)\.del|[a-z]+)$")
FOLLOW_LOCK = "follow.lock"
_CHUNK = 8 * 2**20
_END = 8  # bytes of one entry of the store's ends


class SourceNotReady(Exception):
    """The source holds no whole committed state just now (missing, or caught mid-write)."""


class ReplicaDiverged(Exception):
    """The local copy is not a prefix of the source's store: only a fresh copy can follow."""


@dataclass(frozen=True)
class FollowReport:
    """What a round did: the generation followed, and what it copied to get there."""

    generation: str
    changed: bool
    rebuilt: bool
    files: int
    bytes: int


def follow() -> FollowReport:
    """Copy the source's last committed state into this machine's index folder, if it is new."""
    source = storage.source_root()
    if source is None:
        raise ImproperlyConfigured(
            _("LIAISON_MATCHING_INDEX_SOURCE is not set: this machine writes its own index.")
        )
    local = storage.index_root()
    if source.resolve() == local.resolve():
        raise ImproperlyConfigured(
            _("LIAISON_MATCHING_INDEX_SOURCE is this machine's own index folder (%(path)s).")
            % {"path": local}
        )
    local.mkdir(parents=True, exist_ok=True)
    with _follow_lock(local):
        try:
            return _Round(source, local).run()
        except FileNotFoundError as error:
            raise SourceNotReady(
                _("%(source)s changed while it was copied (%(file)s is gone); next round.")
                % {"source": source, "file": error.filename}
            ) from error


@contextlib.contextmanager
def _follow_lock(local: Path) -> Iterator[None]:
    # One follower at a time per folder: two would append the same records twice.
    with open(local / FOLLOW_LOCK, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class _Round:
    def __init__(self, source: Path, local: Path) -> None:
        self.source = source
        self.local = local
        self.files = 0
        self.bytes = 0
        # Files of the followed generation that its new state uses; the others are removed.
        self.kept: set[str] = set()
        self.previous: set[str] = set()
        self.generation = local

    def run(self) -> FollowReport:
        if not self.source.is_dir():
            raise SourceNotReady(
                _("The index source %(source)s is not there (not mounted?).")
                % {"source": self.source}
            )
        current, committed = storage._stamp(self.source)
        name = current.strip()
        if not name:
            raise SourceNotReady(
                _("%(source)s holds no index yet: build it on the writer (liaison index build).")
                % {"source": self.source}
            )
        live = storage.live_path()
        if (current, committed) == storage._stamp(self.local) and live is not None:
            return FollowReport(name, changed=False, rebuilt=False, files=0, bytes=0)
        source_generation = self.source / name
        meta_file = source_generation / TANTIVY_META
        if not meta_file.is_file() or not (source_generation / SETTINGS_FILE).is_file():
            raise SourceNotReady(
                _("%(generation)s is not whole yet; next round.")
                % {"generation": source_generation}
            )
        generation = self.generation = self.local / name
        rebuilt = live is None or live.name != name
        generation.mkdir(parents=True, exist_ok=True)
        # The files of the state the local readers hold now stay one round more: a reader
        # that read the old meta.json just before it was replaced still finds its segments.
        self.previous = set() if rebuilt else _in_use(generation)

        meta = meta_file.read_bytes()
        segments = _segments(json.loads(meta))
        for file in sorted(os.listdir(source_generation)):
            if file in (TANTIVY_META, RECORDS, ENDS) or file in WRITER_ONLY:
                continue
            found = SEGMENT_FILE.match(file)
            if found is None:
                if not file.startswith(".") and not file.endswith(".tmp"):
                    self._copy_other(source_generation / file, generation / file)
            elif found["segment"] in segments and found["opstamp"] in (
                None,
                segments[found["segment"]],
            ):
                self._copy(source_generation / file, generation / file)
        self._check_segments(segments)
        self._copy(source_generation / SETTINGS_FILE, generation / SETTINGS_FILE)
        self._append_store(source_generation, generation)
        dense = self._dense(source_generation, generation)

        # On disk before the state that names them: a machine that loses power keeps a whole copy.
        for folder in {generation, generation / embeddings.FOLDER}:
            if folder.is_dir():
                _sync(folder)
        _replace(generation / TANTIVY_META, meta)
        self.kept.add(TANTIVY_META)
        dense_manifest = Path(embeddings.FOLDER) / DENSE_MANIFEST
        if dense is not None:
            _replace(generation / dense_manifest, dense)
            self.kept.add(str(dense_manifest))
        if rebuilt:
            storage._write_atomically(self.local / storage.CURRENT, current)
        storage._write_atomically(self.local / storage.COMMITTED, committed)

        self._tidy(generation, drop_others=rebuilt)
        return FollowReport(name, changed=True, rebuilt=rebuilt, files=self.files, bytes=self.bytes)

    def _check_segments(self, segments: dict[str, str | None]) -> None:
        """Every segment `meta.json` names has each file a segment has, and its deletes."""
        components: dict[str, set[str]] = {segment: set() for segment in segments}
        for name in self.kept:
            found = SEGMENT_FILE.match(name)
            if found is not None:
                components[found["segment"]].add(name.split(".", 1)[1])
        every = set().union(*components.values()) if components else set()
        for segment, opstamp in segments.items():
            expected = {part for part in every if not part.endswith(".del")}
            if opstamp is not None:
                expected.add(f"{opstamp}.del")
            if not expected or not expected <= components[segment]:
                raise SourceNotReady(
                    _("A segment of the source's index is missing files (%(segment)s); next round.")
                    % {"segment": segment}
                )

    def _copy(self, source: Path, target: Path) -> None:
        """Copy a file that never changes once written, unless it is here already."""
        self.kept.add(str(target.relative_to(self.generation)))
        size = source.stat().st_size
        if target.exists() and target.stat().st_size == size:
            return
        self._copy_whole(source, target, size)

    def _copy_other(self, source: Path, target: Path) -> None:
        """Copy a file of the generation this module does not know, whenever it changed."""
        if not source.is_file():
            return
        self.kept.add(str(target.relative_to(self.generation)))
        known = source.stat()
        if target.exists():
            here = target.stat()
            if (here.st_size, here.st_mtime_ns) == (known.st_size, known.st_mtime_ns):
                return
        self._copy_whole(source, target, known.st_size)
        os.utime(target, ns=(known.st_atime_ns, known.st_mtime_ns))

    def _copy_whole(self, source: Path, target: Path, size: int) -> None:
        # Under a hidden name until whole: a round cut short leaves no file that looks copied.
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{uuid.uuid4().hex}")
        try:
            shutil.copyfile(source, partial)
            _sync(partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        self.files += 1
        self.bytes += size

    def _append_store(self, source: Path, target: Path) -> None:
        """Bring the document store up to the source's: its new records, then their ends.

        The store's files only grow within a generation (records first, then their ends),
        so the local files are a prefix of the source's: only what follows is copied. Bytes
        past the local ends (a round cut short) are overwritten, as the writer itself does.
        """
        self.kept.update((RECORDS, ENDS))
        source_ends = (source / ENDS).read_bytes()
        source_ends = source_ends[: len(source_ends) - len(source_ends) % _END]
        local_ends = (target / ENDS).read_bytes() if (target / ENDS).exists() else b""
        local_ends = local_ends[: len(local_ends) - len(local_ends) % _END]
        if source_ends[: len(local_ends)] != local_ends:
            raise ReplicaDiverged(
                _(
                    "The local copy of %(generation)s is not the source's; remove %(local)s "
                    "and follow again."
                )
                % {"generation": target.name, "local": target}
            )
        have = _last_end(local_ends)
        want = _last_end(source_ends)
        if (source / RECORDS).stat().st_size < want:
            raise SourceNotReady(
                _("%(generation)s's documents are being written; next round.")
                % {"generation": source}
            )
        with open(source / RECORDS, "rb") as reading, open(target / RECORDS, "a+b") as writing:
            writing.truncate(have)
            reading.seek(have)
            left = want - have
            while left > 0:
                chunk = reading.read(min(_CHUNK, left))
                if not chunk:
                    raise SourceNotReady(
                        _("%(generation)s's documents are being written; next round.")
                        % {"generation": source}
                    )
                writing.write(chunk)
                left -= len(chunk)
            writing.flush()
            os.fsync(writing.fileno())
        with open(target / ENDS, "a+b") as writing:
            writing.truncate(len(local_ends))
            writing.write(source_ends[len(local_ends) :])
            writing.flush()
            os.fsync(writing.fileno())
        self.bytes += (want - have) + len(source_ends) - len(local_ends)

    def _dense(self, source: Path, target: Path) -> bytes | None:
        """Copy the files the source's dense manifest names (the vectors' matrices); return it.

        Each matrix file is written once under a new name and named by the manifest, which
        is replaced last; whatever matrices it names (documents', words'), they are copied.
        """
        folder = Path(embeddings.FOLDER)
        try:
            manifest = (source / folder / DENSE_MANIFEST).read_bytes()
        except FileNotFoundError:
            return None
        named = _named_files(json.loads(manifest), source / folder)
        if any(name.endswith(".npy") for name in named.missing):
            # A newer commit replaced the manifest and removed the matrices this one names.
            raise SourceNotReady(
                _("%(generation)s's vectors changed while they were copied; next round.")
                % {"generation": source}
            )
        for name in sorted(named.present):
            self._copy(source / folder / name, target / folder / name)
        return manifest

    def _tidy(self, generation: Path, *, drop_others: bool) -> None:
        """Remove what the new state no longer uses (readers holding old files keep them)."""
        for path in sorted(generation.rglob("*"), reverse=True):
            relative = str(path.relative_to(generation))
            if (
                path.is_file()
                and relative not in self.kept
                and relative not in self.previous
                and path.name not in WRITER_ONLY
            ):
                path.unlink(missing_ok=True)
        if drop_others:
            for old in self.local.glob(f"{storage.GENERATION_PREFIX}*"):
                if old != generation and old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)


def _in_use(generation: Path) -> set[str]:
    """The files of a local generation that its meta.json and dense manifest name."""
    try:
        segments = _segments(json.loads((generation / TANTIVY_META).read_bytes()))
    except (FileNotFoundError, ValueError, SourceNotReady):
        return set()
    used = {TANTIVY_META}
    for name in os.listdir(generation):
        found = SEGMENT_FILE.match(name)
        if found is None or found["segment"] not in segments:
            continue
        if found["opstamp"] in (None, segments[found["segment"]]):
            used.add(name)
    folder = Path(embeddings.FOLDER)
    try:
        manifest = json.loads((generation / folder / DENSE_MANIFEST).read_bytes())
    except (FileNotFoundError, ValueError):
        return used
    named = _named_files(manifest, generation / folder).present
    used.update(str(folder / name) for name in named)
    return used


@dataclass(frozen=True)
class _Named:
    present: set[str]
    missing: set[str]


def _named_files(manifest: object, folder: Path) -> _Named:
    """The file names among a manifest's values (at any depth): those in `folder`, and not.

    Only a value that names a file in the folder, or ends like a matrix file (`.npy`),
    counts: the manifest also lists every document's id.
    """
    present = {name for name in os.listdir(folder) if name != DENSE_MANIFEST}
    named = _Named(set(), set())
    pending = [manifest]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            if value in present:
                named.present.add(value)
            elif value.endswith(".npy"):
                named.missing.add(value)
    return named


def _segments(meta: dict[str, object]) -> dict[str, str | None]:
    """The segments a Tantivy `meta.json` names, each with the opstamp of its deletes file."""
    segments = meta.get("segments")
    if not isinstance(segments, list):
        raise SourceNotReady(_("The source's meta.json names no segments."))
    named: dict[str, str | None] = {}
    for segment in segments:
        deletes = segment.get("deletes")
        named[str(segment["segment_id"]).replace("-", "")] = (
            str(deletes["opstamp"]) if deletes else None
        )
    return named


def _last_end(ends: bytes) -> int:
    return int.from_bytes(ends[-_END:], "little") if ends else 0


def _replace(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    partial.write_bytes(content)
    _sync(partial)
    os.replace(partial, path)


def _sync(path: Path) -> None:
    """Flush a file's (or a folder's entries') writes to the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
