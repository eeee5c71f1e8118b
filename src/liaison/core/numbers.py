"""Numbers and amounts as each language writes them: 1.563亿元 in Chinese, CNY 156.3 million in English.

A value the reader is not cleared for (`permissions.HIDDEN`) is written as the word "hidden",
never as zero or blank.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import get_language

from .permissions import is_hidden

ZH_CURRENCY_UNITS = {
    "CNY": "元",
    "USD": "美元",
    "EUR": "欧元",
    "HKD": "港元",
    "JPY": "日元",
    "GBP": "英镑",
}


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _trimmed(value: Decimal, places: int) -> str:
    """`value` rounded to `places` decimals, trailing zeros dropped, thousands grouped."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = number_format(rounded, decimal_pos=places, force_grouping=True)
    decimal_separator = "."
    if decimal_separator in text:
        text = text.rstrip("0").rstrip(decimal_separator)
    return text


def is_chinese(language: str | None = None) -> bool:
    return (language or get_language() or "").lower().startswith("zh")


def format_number(value: Any, places: int = 0) -> str:
    """A count or measure with the language's grouping: 12,345."""
    if is_hidden(value):
        return str(value)
    number = _decimal(value)
    if number is None:
        return ""
    return _trimmed(number, places)


def format_amount(value: Any, currency: str = "CNY", language: str | None = None) -> str:
    """An amount in the words of the language: 1.563亿元 / 15.6万元; CNY 156.3 million."""
    if is_hidden(value):
        return str(value)
    amount = _decimal(value)
    if amount is None:
        return ""
    currency = currency or "CNY"
    size = abs(amount)
    if is_chinese(language):
        unit = ZH_CURRENCY_UNITS.get(currency, currency)
        for scale, word, places in ((Decimal(10) ** 8, "亿", 4), (Decimal(10) ** 4, "万", 2)):
            if size >= scale:
                return f"{_trimmed(amount / scale, places)}{word}{unit}"
        return f"{_trimmed(amount, 2)}{unit}"
    for scale, word in ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")):
        if size >= scale:
            return f"{currency} {_trimmed(amount / scale, 2)} {word}"
    return f"{currency} {_trimmed(amount, 2)}"
