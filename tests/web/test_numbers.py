from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from liaison.core.numbers import format_amount, format_number


@pytest.mark.parametrize(
    ("amount", "currency", "zh", "en"),
    [
        (156_300_000, "CNY", "1.563亿元", "CNY 156.3 million"),
        (Decimal("2500000000"), "CNY", "25亿元", "CNY 2.5 billion"),
        (120_000, "CNY", "12万元", "CNY 120,000"),
        (12_345, "CNY", "1.23万元", "CNY 12,345"),
        (Decimal("9999.50"), "CNY", "9,999.5元", "CNY 9,999.5"),
        (3_000_000, "USD", "300万美元", "USD 3 million"),
        (-50_000, "CNY", "-5万元", "CNY -50,000"),
    ],
)
def test_amounts_are_written_as_each_language_writes_them(
    amount: object, currency: str, zh: str, en: str
) -> None:
    assert format_amount(amount, currency, "zh-hans") == zh
    assert format_amount(amount, currency, "en") == en


def test_an_empty_amount_is_shown_as_nothing() -> None:
    assert format_amount(None) == ""
    assert format_amount("") == ""


def test_numbers_are_grouped_by_thousands() -> None:
    with translation.override("en"):
        assert format_number(1234567) == "1,234,567"
        assert format_number(Decimal("12.50"), 2) == "12.5"


def test_money_filter_follows_the_active_language() -> None:
    template = Template("{% load liaison %}{{ amount|money }}|{{ amount|money:'USD' }}")
    context = Context({"amount": Decimal("156300000")})
    with translation.override("zh-hans"):
        assert template.render(context) == "1.563亿元|1.563亿美元"
    with translation.override("en"):
        assert template.render(context) == "CNY 156.3 million|USD 156.3 million"


def test_a_record_page_writes_an_amount_with_its_currency() -> None:
    from liaison.agreements.models import Agreement
    from liaison.core.display import field_value

    agreement = Agreement(value=Decimal("156300000"), currency="CNY")
    with translation.override("zh-hans"):
        assert field_value(agreement, "value") == "1.563亿元"
    with translation.override("en"):
        assert field_value(agreement, "value") == "CNY 156.3 million"
