"""The reward engine on its own: statutory floors by regime and version, the split."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liaison.transfer import rewards

D = datetime.date


def test_the_statute_applies_without_a_policy() -> None:
    result = rewards.compute(
        rewards.RewardRequest(basis=rewards.EQUITY, on=D(2024, 1, 1), base=Decimal(1000))
    )
    assert (result.rate, result.amount, result.rule.version) == (
        Decimal(50),
        Decimal("500.00"),
        "2015",
    )


def test_a_manual_rate_below_the_floor_is_refused_naming_it() -> None:
    with pytest.raises(rewards.RewardRefused) as refused:
        rewards.compute(
            rewards.RewardRequest(
                basis=rewards.IMPLEMENTATION,
                on=D(2024, 1, 1),
                base=Decimal(1000),
                implementation_year=1,
                manual_rate=Decimal("4.99"),
            )
        )
    (refusal,) = refused.value.refusals
    assert (refusal.code, refusal.floor) == ("below_floor", Decimal(5))


def test_the_patent_rules_floor_depends_on_the_kind_and_version() -> None:
    policy = rewards.PolicyTerms(label="Patent rules", regime=rewards.PATENT_RULES)
    design = rewards.compute(
        rewards.RewardRequest(
            basis=rewards.IMPLEMENTATION,
            on=D(2020, 6, 1),
            base=Decimal(100000),
            implementation_year=7,  # the patent rules set no limit of years
            patent_kind=rewards.DESIGN,
            policy=policy,
        )
    )
    assert (design.rate, design.amount) == (Decimal("0.2"), Decimal("200.00"))
    old = rewards.compute(
        rewards.RewardRequest(
            basis=rewards.GRANT_BONUS, on=D(2020, 6, 1), patent_kind=rewards.INVENTION
        )
    )
    new = rewards.compute(
        rewards.RewardRequest(
            basis=rewards.GRANT_BONUS, on=D(2024, 6, 1), patent_kind=rewards.INVENTION
        )
    )
    assert (old.amount, old.rule.version, old.rule.verified) == (Decimal(3000), "2010", False)
    assert (new.amount, new.rule.version) == (Decimal(4000), "2023")


def test_a_policy_is_checked_against_the_floor_of_its_regime() -> None:
    low = rewards.PolicyTerms(label="Low", transfer_rate=Decimal(30), implementation_years=6)
    refusals = rewards.check_policy(low, on=D(2024, 1, 1))
    assert {(r.field, r.code) for r in refusals} == {
        ("transfer_rate", "below_floor"),
        ("implementation_years", "years_out_of_range"),
    }
    # Under the patent rules a licence's floor is 10 %.
    patent = rewards.PolicyTerms(
        label="Patent", regime=rewards.PATENT_RULES, transfer_rate=Decimal(30)
    )
    assert rewards.check_policy(patent, on=D(2024, 1, 1)) == []


def test_the_amount_is_rounded_up_so_it_never_falls_below_the_floor() -> None:
    result = rewards.compute(
        rewards.RewardRequest(
            basis=rewards.TRANSFER_LICENCE, on=D(2024, 1, 1), base=Decimal("0.03")
        )
    )
    assert result.amount == Decimal("0.02")


def test_ties_in_the_split_go_to_the_larger_share_then_the_earlier() -> None:
    parts = rewards.split(
        Decimal("0.03"), [("a", Decimal(50)), ("b", Decimal(25)), ("c", Decimal(25))]
    )
    assert parts == [("a", Decimal("0.01")), ("b", Decimal("0.01")), ("c", Decimal("0.01"))]
    parts = rewards.split(Decimal("0.01"), [("a", Decimal(50)), ("b", Decimal(50))])
    assert parts == [("a", Decimal("0.01")), ("b", Decimal("0.00"))]


@given(
    total=st.decimals(min_value=0, max_value=10**9, places=2),
    weights=st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=8),
)
def test_the_split_always_adds_up_to_the_total(total: Decimal, weights: list[int]) -> None:
    # Shares in hundredths of a percent adding to exactly 100.
    scale = sum(weights)
    hundredths = [w * 10_000 // scale for w in weights]
    hundredths[0] += 10_000 - sum(hundredths)
    shares = [(i, Decimal(h) / 100) for i, h in enumerate(hundredths) if h > 0]
    parts = rewards.split(total, shares)
    assert sum(p for _, p in parts) == total
    assert all(
        abs(p - total * s / 100) < Decimal("0.01")
        for (_, p), (_, s) in zip(parts, shares, strict=True)
    )
