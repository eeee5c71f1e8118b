"""The allowed status moves of a stateful record, written once.

Each stateful model (an agreement, a need, an achievement's stage, a financing round, an
appointment) has one `Moves` table: for every status, the statuses it may be reached from.
Its services check a move with `MOVES.require(record, wanted)`; its step buttons are offered
from `MOVES.into(wanted)`; the status sets that pages, tables and the admin need (still open,
ended) are read from it, so no status is written twice.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from django.db import models

from .lifecycle import require_status


class Moves:
    """For each status of `field`, the statuses a record may move to it from."""

    def __init__(self, table: Mapping[str, Collection[str]], *, field: str = "status") -> None:
        self.field = field
        self._into = {
            str(wanted): frozenset(str(s) for s in sources) for wanted, sources in table.items()
        }

    def into(self, wanted: str) -> frozenset[str]:
        """The statuses from which a record may move to `wanted`."""
        return self._into.get(str(wanted), frozenset())

    def out_of(self, current: str) -> frozenset[str]:
        """The statuses a record in `current` may move to."""
        return frozenset(w for w, sources in self._into.items() if str(current) in sources)

    def allows(self, current: str, wanted: str) -> bool:
        return str(current) in self.into(wanted)

    def final(self, statuses: Collection[str]) -> frozenset[str]:
        """Those of `statuses` that no move leaves: a record there has ended its life."""
        return frozenset(str(s) for s in statuses if not self.out_of(s))

    def require(self, instance: models.Model, wanted: str) -> None:
        """Refuse, with a translatable field error, to move `instance` to `wanted` from where it is."""
        require_status(instance, wanted=wanted, allowed=self.into(wanted), field=self.field)
