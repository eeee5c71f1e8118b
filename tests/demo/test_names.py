"""The demo's names of organizations stay unique at any scale the benchmarks load."""

from __future__ import annotations

import random

from faker import Faker

from liaison.demo.names import FOREIGN_SURNAMES, Namer
from liaison.demo.vocabulary import Trade

TRADE = Trade("生物科技", "Biotech", "医药制造业")


def test_foreign_enterprises_of_one_trade_outnumbering_the_surnames_get_unique_names() -> None:
    namer = Namer(random.Random(1), Faker("zh_CN"), Faker("en_US"))
    wanted = 3 * len(FOREIGN_SURNAMES)

    names = [namer.foreign_enterprise(country="US", trade=TRADE) for _ in range(wanted)]

    assert len({name.zh for name in names}) == wanted
    assert len({name.en for name in names}) == wanted


def test_foreign_investors_outnumbering_surnames_and_words_get_unique_names() -> None:
    namer = Namer(random.Random(1), Faker("zh_CN"), Faker("en_US"))

    names = [namer.foreign_investor() for _ in range(400)]

    assert len({name.zh for name in names}) == 400
