"""The kinds of record an import reads and an export writes, in the order they are imported.

A kind is a key (`organizations`, `agreement-parties`), its resource, and its place in the
order: parents before the records that name them. Each module of `kinds/` registers its
kinds when it is imported; `kinds()` imports them all.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from typing import TYPE_CHECKING, Any

from django.utils import translation

if TYPE_CHECKING:
    from django.db import models

    from .resources import KindResource


@dataclasses.dataclass(frozen=True)
class Kind:
    """One kind of record: its key, its resource and where it comes in the order."""

    key: str
    resource: type[KindResource]
    order: int

    @property
    def model(self) -> type[models.Model]:
        model: type[models.Model] = self.resource._meta.model
        return model

    def title(self, language: str | None = None) -> str:
        """The kind's name (the model's plural), in `language` or the one spoken now."""
        plural = self.model._meta.verbose_name_plural
        if language is None:
            return str(plural)
        with translation.override(language):
            return str(plural)

    def names(self) -> set[str]:
        """What a workbook's sheet may be called to hold this kind (lower-cased)."""
        return {
            self.key,
            self.title("en").lower(),
            self.title("zh-hans").lower(),
        }

    def make(self, **kwargs: Any) -> KindResource:
        resource = self.resource(**kwargs)
        return resource


_KINDS: dict[str, Kind] = {}
_loaded = False


def register(key: str, resource: type[KindResource], *, order: int) -> None:
    """Add a kind; `order` places it after the kinds it names (smaller first)."""
    resource.kind_key = key
    _KINDS[key] = Kind(key=key, resource=resource, order=order)


def kinds() -> list[Kind]:
    """Every kind, in the order they are imported."""
    global _loaded
    if not _loaded:
        from . import kinds as package

        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
        _loaded = True
    return sorted(_KINDS.values(), key=lambda kind: kind.order)


def kind(key: str) -> Kind:
    for found in kinds():
        if found.key == key:
            return found
    raise KeyError(key)


def by_sheet_name(name: str) -> Kind | None:
    wanted = name.strip().lower()
    for found in kinds():
        if wanted in found.names():
            return found
    return None
