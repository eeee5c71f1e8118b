"""The allowed status moves of a stateful record, written once.

Each stateful model (an agreement, a need, an achievement's stage, a financing round, a center,
an appointment) has one `Moves` table: for every status, the statuses it may be reached from.
Its services check a move with `MOVES.require(record, wanted)`; its step buttons are offered
from `MOVES.into(wanted)` (or `MOVES.offers(record, wanted)`); the status sets that pages,
tables and the admin need (still open, ended) are read from it, so no status is written twice.

A status is usually a field with choices; a record whose status follows from its dates (an
appointment: planned, serving, ended) names the function that reads it (`state`) and the
statuses' labels instead.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from .display import join_items

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Moves:
    """For each status of `field` (or of `state(record)`), the statuses a record may move to it from."""

    def __init__(
        self,
        table: Mapping[str, Collection[str]],
        *,
        field: str = "status",
        state: Callable[[Any], str] | None = None,
        labels: Mapping[str, StrOrPromise] | None = None,
    ) -> None:
        self.field = field
        self.state = state
        self.labels = labels
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

    def current(self, instance: Any) -> str:
        """The status `instance` is in now."""
        return str(self.state(instance) if self.state else getattr(instance, self.field))

    def offers(self, instance: Any, wanted: str) -> bool:
        """Whether `instance` may move to `wanted` from where it is: a step's button is shown."""
        return self.allows(self.current(instance), wanted)

    def label(self, instance: models.Model, value: str) -> str:
        if self.labels is not None:
            return str(self.labels.get(value, value))
        choices = dict(instance._meta.get_field(self.field).flatchoices)  # type: ignore[union-attr]
        return str(choices.get(value, value))

    def require(self, instance: models.Model, wanted: str) -> None:
        """Refuse, with a translatable error, to move `instance` to `wanted` from where it is."""
        current = self.current(instance)
        allowed = self.into(wanted)
        if current in allowed:
            return
        order = (
            list(self.labels)
            if self.labels is not None
            else [
                value
                for value, _label in instance._meta.get_field(self.field).flatchoices  # type: ignore[union-attr]
            ]
        )
        raise ValidationError(
            _(
                "This %(model)s is “%(current)s”, so it cannot become “%(wanted)s” "
                "(only from: %(allowed)s)."
            ),
            code="illegal_transition",
            params={
                "model": instance._meta.verbose_name,
                "current": self.label(instance, current),
                "wanted": self.label(instance, wanted),
                "allowed": join_items(
                    f"“{self.label(instance, value)}”" for value in order if str(value) in allowed
                ),
            },
        )
