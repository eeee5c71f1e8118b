"""Money as exact decimals with a currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Currency

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CENT = Decimal("0.01")


def amount_field(
    verbose_name: StrOrPromise | None = None, **kwargs: Any
) -> models.DecimalField[Any, Any]:
    """An exact amount: up to a hundred trillion with two decimals, never a float."""
    return models.DecimalField(
        verbose_name or _("amount"), max_digits=16, decimal_places=2, **kwargs
    )


def currency_field() -> models.CharField[Any, Any]:
    return models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str = Currency.CNY

    def to_cny(self, rate: Decimal | None) -> Decimal:
        """The amount in yuan, at `rate` yuan per unit (1 for yuan itself)."""
        if self.currency == Currency.CNY:
            return self.amount
        if rate is None:
            raise ValueError(f"no exchange rate for {self.currency}")
        return (self.amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)
