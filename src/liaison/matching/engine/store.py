"""The documents beside the Tantivy index: an append-only table read by a numeric key.

Reading Tantivy's stored documents was most of a match's time: each read decompresses a
block of the document store. Here a document is one record in `documents.bin`, found
through `documents.ends` (the little-endian uint64 end offset of each record, one per
key), both memory-mapped: a read is two slices. Tantivy keeps each document's key in a
fast field, so a hit leads to its record without touching the document store.

Records are only ever appended: a replaced or removed document leaves its old record
behind, unreachable (Tantivy no longer returns its key), until the next full rebuild.
"""

from __future__ import annotations

import mmap
import os
from pathlib import Path

import numpy as np

__all__ = ["DocumentStore"]

RECORDS = "documents.bin"
ENDS = "documents.ends"
_FLUSH_BYTES = 64 * 2**20


class DocumentStore:
    """Records by key; appended records are readable once `flush` wrote them."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._records_path = self.path / RECORDS
        self._ends_path = self.path / ENDS
        for file in (self._records_path, self._ends_path):
            file.touch(exist_ok=True)
        self._map: mmap.mmap | None = None
        self._ends: np.ndarray = np.zeros(0, dtype="<u8")
        self._pending: list[bytes] = []
        self._pending_ends: list[int] = []
        self._pending_bytes = 0
        self.refresh()

    def refresh(self) -> None:
        """Map the files as they are now (another writer may have appended to them).

        The new map replaces the old one without closing it: a search in another thread
        may be reading the old map (an index reloaded after a commit), and the old map
        closes when the last reference to it goes. The map is replaced before the ends,
        so a reader never takes an end from the new ends to slice the old, shorter map.
        """
        ends = np.fromfile(self._ends_path, dtype="<u8")
        size = int(ends[-1]) if len(ends) else 0
        if self._map is not None and len(ends) == len(self._ends):
            return
        if size:
            with self._records_path.open("rb") as file:
                self._map = mmap.mmap(file.fileno(), size, access=mmap.ACCESS_READ)
        self._ends = ends
        self._committed_end = size

    def __len__(self) -> int:
        """Keys given out so far, pending ones included: the next key is this."""
        return len(self._ends) + len(self._pending_ends)

    def append(self, record: bytes) -> int:
        """Store a record (readable after `flush`) and return its key."""
        key = len(self)
        end = (self._pending_ends[-1] if self._pending_ends else self._committed_end) + len(record)
        self._pending.append(record)
        self._pending_ends.append(end)
        self._pending_bytes += len(record)
        if self._pending_bytes >= _FLUSH_BYTES:
            self._write()
        return key

    def _write(self) -> None:
        """Append the pending records to the files, records first: ends never point past them."""
        if not self._pending_ends:
            return
        with self._records_path.open("r+b") as file:
            # Bytes past the last end are a crashed write's: overwritten.
            file.truncate(self._committed_end)
            file.seek(self._committed_end)
            file.write(b"".join(self._pending))
            file.flush()
            os.fsync(file.fileno())
        with self._ends_path.open("ab") as file:
            file.write(np.asarray(self._pending_ends, dtype="<u8").tobytes())
            file.flush()
            os.fsync(file.fileno())
        self._committed_end = self._pending_ends[-1]
        self._pending.clear()
        self._pending_ends.clear()
        self._pending_bytes = 0
        self._ends = np.zeros(0, dtype="<u8")  # makes refresh map the files again

    def flush(self) -> None:
        """Write the pending records and make them readable."""
        self._write()
        self.refresh()

    def get(self, key: int) -> bytes:
        if key >= len(self._ends):
            self.refresh()  # appended by another writer since this store was mapped
        assert self._map is not None
        end = int(self._ends[key])
        start = int(self._ends[key - 1]) if key else 0
        return self._map[start:end]

    def close(self) -> None:
        if self._map is not None:
            self._map.close()
            self._map = None
