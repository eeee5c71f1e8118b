"""What the engine indexes: a plain document, built by the matching app from the models."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Document:
    """A searchable text about one record.

    `entities` names the entities (experts, centers, organizations) the document speaks for:
    a solved need supports the people and the center that solved it. `attributes` are the
    plain strings filters compare with, read on an entity's own profile document.
    """

    id: str
    kind: str
    title: str
    text: str
    keywords: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    attributes: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "id": self.id,
                "kind": self.kind,
                "title": self.title,
                "text": self.text,
                "keywords": list(self.keywords),
                "entities": list(self.entities),
                "attributes": dict(self.attributes),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()

    @classmethod
    def from_json(cls, raw: bytes | str) -> Document:
        data: dict[str, Any] = json.loads(raw)
        return cls(
            id=data["id"],
            kind=data["kind"],
            title=data["title"],
            text=data["text"],
            keywords=tuple(data["keywords"]),
            entities=tuple(data["entities"]),
            attributes=data["attributes"],
        )
