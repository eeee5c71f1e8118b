"""Reads of the institute's figures: their values as of a date and the rows behind them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from liaison.organizations.models import Organization

from .metrics import FIGURES, FIGURES_BY_KEY, SYSTEM, FigureDefinition, FigureValue


class UnknownFigureError(LookupError):
    def __init__(self, key: str) -> None:
        super().__init__(f"no figure is defined under the key {key!r}")
        self.key = key


@dataclass(frozen=True)
class Figure:
    """One figure's value as of a date, and how many rows it left out as hidden from its reader."""

    definition: FigureDefinition
    as_of: datetime.date
    value: FigureValue
    hidden: int = 0

    @property
    def key(self) -> str:
        return self.definition.key


def figure_definition(key: str) -> FigureDefinition:
    """The definition named `key`."""
    try:
        return FIGURES_BY_KEY[key]
    except KeyError:
        raise UnknownFigureError(key) from None


def figure_rows(key: str, as_of: datetime.date) -> QuerySet[Any]:
    """The records that make the figure `key` as of `as_of`, every one of them."""
    return figure_definition(key).rows(as_of, SYSTEM)


def figure_value(key: str, as_of: datetime.date) -> FigureValue:
    """The value of the figure `key` as of `as_of` (one query)."""
    return figure_definition(key).value_as_of(as_of)


def figures_as_of(*, as_of: datetime.date) -> list[Figure]:
    """Every figure of the catalogue as of `as_of`, in catalogue order (one query each)."""
    return [
        Figure(definition=definition, as_of=as_of, value=definition.value_as_of(as_of))
        for definition in FIGURES
    ]


def institute_organization() -> Organization | None:
    """The organization that is the institute itself, if it has been recorded."""
    return Organization.objects.filter(is_institute=True).first()
