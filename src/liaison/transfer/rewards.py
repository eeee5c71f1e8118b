"""The reward engine: the statutory rules as versioned data, a calculator and a fair split.

No Django here (plain dataclasses and decimals), so the rules can be read, tested and
changed on their own; `liaison.transfer.services` feeds it the records and turns its
refusals into the pages' messages.

Two statutory regimes are kept, and an institute's `RewardPolicy` says which it follows:

- the Law on Promoting the Transformation of S&T Achievements (2015), Art. 45 — where the
  institute has no rule of its own: transfer or licence, not less than 50 % of the net income;
  equity investment, not less than 50 % of the shares or contribution formed; own or
  cooperative implementation, not less than 5 % of the operating profit each year for 3 to 5
  consecutive years. Confirmed against the consolidated text.
- the Patent Law's implementing rules, "one reward, two remunerations" for service
  inventions: a bonus on grant, a share of the profit from implementing the patent, a share
  of the licence fees. The 2010 rules (Arts. 77–78) are as the research file gives them, the
  share of licence fees on a weak source; the 2023 revision's figures are recalled, not
  checked against the official text. Each rule says whether it was verified (`verified`).

Whether an institute's own rules must still meet the Art. 45 floors is not verified either;
Liaison holds them to it (never below the floor of the regime the policy follows), which is
the safe reading.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Hashable, Sequence
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

FEN = Decimal("0.01")
HUNDRED = Decimal(100)

# Regimes and bases: the values of `choices.RewardRegime` and `choices.RewardBasis`.
TRANSFORMATION_LAW = "transformation_law"
PATENT_RULES = "patent_rules"
TRANSFER_LICENCE = "transfer_licence"
EQUITY = "equity"
IMPLEMENTATION = "implementation"
GRANT_BONUS = "grant_bonus"
# Patent kinds (the patents app's `kind` values) that the patent rules tell apart.
INVENTION, UTILITY_MODEL, DESIGN = "invention", "utility_model", "design"


@dataclasses.dataclass(frozen=True)
class StatutoryRule:
    """One statutory floor for one basis, as in force from `effective_from`."""

    code: str
    regime: str
    basis: str
    version: str
    effective_from: datetime.date
    source: str
    verified: bool
    # A percentage of the base (transfer, equity, implementation), by patent kind where the
    # rule tells kinds apart ("" for every kind)…
    rates: dict[str, Decimal] = dataclasses.field(default_factory=dict)
    # …or a fixed least amount in yuan (the grant bonus), by patent kind.
    amounts: dict[str, Decimal] = dataclasses.field(default_factory=dict)
    # Implementation rewards: for how many years at least and at most (None: no limit).
    years: tuple[int, int] | None = None

    def floor_rate(self, patent_kind: str = "") -> Decimal | None:
        if not self.rates:
            return None
        return self.rates.get(patent_kind, self.rates.get("", max(self.rates.values())))

    def floor_amount(self, patent_kind: str = "") -> Decimal | None:
        if not self.amounts:
            return None
        return self.amounts.get(patent_kind, self.amounts.get("", max(self.amounts.values())))


LAW_2015 = "2015"
LAW_2015_IN_FORCE = datetime.date(2015, 10, 1)
PATENT_RULES_2010_IN_FORCE = datetime.date(2010, 2, 1)
PATENT_RULES_2023_IN_FORCE = datetime.date(2024, 1, 20)

RULES: tuple[StatutoryRule, ...] = (
    StatutoryRule(
        code="transformation-law-art45-1",
        regime=TRANSFORMATION_LAW,
        basis=TRANSFER_LICENCE,
        version=LAW_2015,
        effective_from=LAW_2015_IN_FORCE,
        source="促进科技成果转化法 (2015) 第四十五条第一项",
        verified=True,
        rates={"": Decimal(50)},
    ),
    StatutoryRule(
        code="transformation-law-art45-2",
        regime=TRANSFORMATION_LAW,
        basis=EQUITY,
        version=LAW_2015,
        effective_from=LAW_2015_IN_FORCE,
        source="促进科技成果转化法 (2015) 第四十五条第二项",
        verified=True,
        rates={"": Decimal(50)},
    ),
    StatutoryRule(
        code="transformation-law-art45-3",
        regime=TRANSFORMATION_LAW,
        basis=IMPLEMENTATION,
        version=LAW_2015,
        effective_from=LAW_2015_IN_FORCE,
        source="促进科技成果转化法 (2015) 第四十五条第三项",
        verified=True,
        rates={"": Decimal(5)},
        years=(3, 5),
    ),
    # The patent rules of 2010 (专利法实施细则 第七十七、七十八条).
    StatutoryRule(
        code="patent-rules-grant-bonus",
        regime=PATENT_RULES,
        basis=GRANT_BONUS,
        version="2010",
        effective_from=PATENT_RULES_2010_IN_FORCE,
        source="专利法实施细则 (2010) 第七十七条",
        verified=False,
        amounts={INVENTION: Decimal(3000), UTILITY_MODEL: Decimal(1000), DESIGN: Decimal(1000)},
    ),
    StatutoryRule(
        code="patent-rules-implementation",
        regime=PATENT_RULES,
        basis=IMPLEMENTATION,
        version="2010",
        effective_from=PATENT_RULES_2010_IN_FORCE,
        source="专利法实施细则 (2010) 第七十八条",
        verified=False,
        rates={INVENTION: Decimal(2), UTILITY_MODEL: Decimal(2), DESIGN: Decimal("0.2")},
    ),
    StatutoryRule(
        code="patent-rules-licence",
        regime=PATENT_RULES,
        basis=TRANSFER_LICENCE,
        version="2010",
        effective_from=PATENT_RULES_2010_IN_FORCE,
        source="专利法实施细则 (2010) 第七十八条 (weak source)",
        verified=False,
        rates={"": Decimal(10)},
    ),
    # The 2023 revision (in force 2024-01-20, 第九十三、九十四条): recalled, not verified.
    StatutoryRule(
        code="patent-rules-grant-bonus",
        regime=PATENT_RULES,
        basis=GRANT_BONUS,
        version="2023",
        effective_from=PATENT_RULES_2023_IN_FORCE,
        source="专利法实施细则 (2023) 第九十三条 (not verified)",
        verified=False,
        amounts={INVENTION: Decimal(4000), UTILITY_MODEL: Decimal(1500), DESIGN: Decimal(1500)},
    ),
    StatutoryRule(
        code="patent-rules-implementation",
        regime=PATENT_RULES,
        basis=IMPLEMENTATION,
        version="2023",
        effective_from=PATENT_RULES_2023_IN_FORCE,
        source="专利法实施细则 (2023) 第九十四条 (not verified)",
        verified=False,
        rates={INVENTION: Decimal(2), UTILITY_MODEL: Decimal(2), DESIGN: Decimal("0.2")},
    ),
    StatutoryRule(
        code="patent-rules-licence",
        regime=PATENT_RULES,
        basis=TRANSFER_LICENCE,
        version="2023",
        effective_from=PATENT_RULES_2023_IN_FORCE,
        source="专利法实施细则 (2023) 第九十四条 (not verified)",
        verified=False,
        rates={"": Decimal(10)},
    ),
)


def statutory_rule(
    *, regime: str, basis: str, on: datetime.date, rules: Sequence[StatutoryRule] = RULES
) -> StatutoryRule | None:
    """The rule of `regime` for `basis` in force on `on` (the latest version before it).

    The grant bonus exists only in the patent rules, so it is read there whatever the regime.
    A date before any version falls back on the earliest: a reward for an older deal is
    still held to a floor.
    """
    if basis == GRANT_BONUS:
        regime = PATENT_RULES
    candidates = sorted(
        (r for r in rules if r.regime == regime and r.basis == basis),
        key=lambda r: r.effective_from,
    )
    if not candidates:
        return None
    in_force = [r for r in candidates if r.effective_from <= on]
    return in_force[-1] if in_force else candidates[0]


@dataclasses.dataclass(frozen=True)
class PolicyTerms:
    """What an institute's reward policy sets (a `RewardPolicy` record, read by the services)."""

    label: str
    regime: str = TRANSFORMATION_LAW
    transfer_rate: Decimal | None = None
    equity_rate: Decimal | None = None
    implementation_rate: Decimal | None = None
    implementation_years: int | None = None
    grant_bonus_invention: Decimal | None = None
    grant_bonus_other: Decimal | None = None

    def rate_for(self, basis: str) -> Decimal | None:
        return {
            TRANSFER_LICENCE: self.transfer_rate,
            EQUITY: self.equity_rate,
            IMPLEMENTATION: self.implementation_rate,
        }.get(basis)

    def bonus_for(self, patent_kind: str) -> Decimal | None:
        return self.grant_bonus_invention if patent_kind == INVENTION else self.grant_bonus_other


@dataclasses.dataclass(frozen=True)
class Refusal:
    """Why a computation or a policy is refused: the services word it for the pages."""

    field: str
    code: str
    floor: Decimal | None = None
    rule: StatutoryRule | None = None
    limit: int | None = None


class RewardRefused(Exception):
    def __init__(self, refusals: Sequence[Refusal]) -> None:
        super().__init__(", ".join(r.code for r in refusals))
        self.refusals = tuple(refusals)


@dataclasses.dataclass(frozen=True)
class RewardRequest:
    """What a reward is computed from.

    `base` is the net income of the period (transfer, licence), the value of the shares or
    contribution formed (equity), the operating profit of the year (implementation); a grant
    bonus has none. `on` chooses the version of the rules (the end of the period, the day the
    shares were formed, the grant).
    """

    basis: str
    on: datetime.date
    base: Decimal = Decimal(0)
    implementation_year: int | None = None
    patent_kind: str = ""
    policy: PolicyTerms | None = None
    manual_rate: Decimal | None = None
    manual_amount: Decimal | None = None


@dataclasses.dataclass(frozen=True)
class Computation:
    """A reward computed: the rule and its version, where the rate came from, the amount."""

    basis: str
    base: Decimal
    regime: str
    rule: StatutoryRule
    floor_rate: Decimal | None
    floor_amount: Decimal | None
    rate: Decimal | None
    rate_from: str  # "policy", "manual" or "statute"
    amount: Decimal
    implementation_year: int | None
    patent_kind: str

    def as_inputs(self) -> dict[str, str | int | bool | None]:
        """The computation as JSON-ready values, kept on the reward."""
        return {
            "basis": self.basis,
            "base": str(self.base),
            "regime": self.regime,
            "rule": self.rule.code,
            "rule_version": self.rule.version,
            "rule_source": self.rule.source,
            "rule_verified": self.rule.verified,
            "floor_rate": None if self.floor_rate is None else str(self.floor_rate),
            "floor_amount": None if self.floor_amount is None else str(self.floor_amount),
            "rate": None if self.rate is None else str(self.rate),
            "rate_from": self.rate_from,
            "amount": str(self.amount),
            "implementation_year": self.implementation_year,
            "patent_kind": self.patent_kind,
        }


def compute(request: RewardRequest, rules: Sequence[StatutoryRule] = RULES) -> Computation:
    """The reward `request` asks for, never below the statutory floor; or `RewardRefused`.

    The rate is the manual one if given, else the policy's, else the statutory floor; the
    amount is rounded up to the fen, so rounding never takes it below the floor.
    """
    policy = request.policy
    regime = policy.regime if policy is not None else TRANSFORMATION_LAW
    rule = statutory_rule(regime=regime, basis=request.basis, on=request.on, rules=rules)
    if rule is None:
        raise RewardRefused([Refusal("basis", "no_rule")])
    refusals: list[Refusal] = []
    kind = request.patent_kind
    if request.basis == GRANT_BONUS:
        floor_amount = rule.floor_amount(kind)
        amount = request.manual_amount
        rate_from = "manual"
        if amount is None and policy is not None and policy.bonus_for(kind) is not None:
            amount, rate_from = policy.bonus_for(kind), "policy"
        if amount is None:
            amount, rate_from = floor_amount, "statute"
        assert amount is not None
        if floor_amount is not None and amount < floor_amount:
            refusals.append(
                Refusal(
                    "manual_amount" if rate_from == "manual" else "policy",
                    "below_floor_amount",
                    floor=floor_amount,
                    rule=rule,
                )
            )
        if refusals:
            raise RewardRefused(refusals)
        return Computation(
            basis=request.basis,
            base=amount,
            regime=rule.regime,
            rule=rule,
            floor_rate=None,
            floor_amount=floor_amount,
            rate=None,
            rate_from=rate_from,
            amount=amount.quantize(FEN, rounding=ROUND_UP),
            implementation_year=None,
            patent_kind=kind,
        )

    floor = rule.floor_rate(kind)
    if request.base < 0:
        refusals.append(Refusal("base", "negative_base"))
    if request.basis == IMPLEMENTATION:
        refusals.extend(_check_year(request, rule, policy))
    rate = request.manual_rate
    rate_from = "manual"
    if rate is None and policy is not None and policy.rate_for(request.basis) is not None:
        rate, rate_from = policy.rate_for(request.basis), "policy"
    if rate is None:
        rate, rate_from = floor, "statute"
    assert rate is not None
    if floor is not None and rate < floor:
        refusals.append(
            Refusal(
                "manual_rate" if rate_from == "manual" else "policy",
                "below_floor",
                floor=floor,
                rule=rule,
            )
        )
    if rate > HUNDRED:
        refusals.append(Refusal("manual_rate", "above_hundred"))
    if refusals:
        raise RewardRefused(refusals)
    amount = (request.base * rate / HUNDRED).quantize(FEN, rounding=ROUND_UP)
    return Computation(
        basis=request.basis,
        base=request.base,
        regime=rule.regime,
        rule=rule,
        floor_rate=floor,
        floor_amount=None,
        rate=rate,
        rate_from=rate_from,
        amount=amount,
        implementation_year=request.implementation_year,
        patent_kind=kind,
    )


def _check_year(
    request: RewardRequest, rule: StatutoryRule, policy: PolicyTerms | None
) -> list[Refusal]:
    """An implementation reward is for year n of those the policy (or the law: 3 to 5) gives."""
    year = request.implementation_year
    if year is None:
        return [Refusal("implementation_year", "year_required")]
    if rule.years is None:
        return [] if year >= 1 else [Refusal("implementation_year", "year_out_of_range", limit=1)]
    limit = rule.years[1]
    if policy is not None and policy.implementation_years is not None:
        limit = policy.implementation_years
    if not 1 <= year <= limit:
        return [Refusal("implementation_year", "year_out_of_range", rule=rule, limit=limit)]
    return []


def check_policy(
    policy: PolicyTerms, *, on: datetime.date, rules: Sequence[StatutoryRule] = RULES
) -> list[Refusal]:
    """Where a policy in force from `on` sets less than the statutory floor of its regime."""
    refusals: list[Refusal] = []
    fields = {
        TRANSFER_LICENCE: "transfer_rate",
        EQUITY: "equity_rate",
        IMPLEMENTATION: "implementation_rate",
    }
    for basis, field in fields.items():
        rate = policy.rate_for(basis)
        rule = statutory_rule(regime=policy.regime, basis=basis, on=on, rules=rules)
        if rate is None or rule is None:
            continue
        # A rate that differs by patent kind is checked against the kinds' highest floor:
        # a policy's one rate applies to every kind.
        floor = max(rule.rates.values()) if rule.rates else None
        if floor is not None and rate < floor:
            refusals.append(Refusal(field, "below_floor", floor=floor, rule=rule))
    implementation = statutory_rule(regime=policy.regime, basis=IMPLEMENTATION, on=on, rules=rules)
    if (
        policy.implementation_years is not None
        and implementation is not None
        and implementation.years is not None
    ):
        least, most = implementation.years
        if not least <= policy.implementation_years <= most:
            refusals.append(
                Refusal(
                    "implementation_years", "years_out_of_range", rule=implementation, limit=most
                )
            )
    bonus = statutory_rule(regime=PATENT_RULES, basis=GRANT_BONUS, on=on, rules=rules)
    if bonus is not None:
        for field, kind in (
            ("grant_bonus_invention", INVENTION),
            ("grant_bonus_other", UTILITY_MODEL),
        ):
            amount = getattr(policy, field)
            floor_amount = bonus.floor_amount(kind)
            if amount is not None and floor_amount is not None and amount < floor_amount:
                refusals.append(
                    Refusal(field, "below_floor_amount", floor=floor_amount, rule=bonus)
                )
    return refusals


def split(total: Decimal, shares: Sequence[tuple[K, Decimal]]) -> list[tuple[K, Decimal]]:
    """`total` split by percentage `shares` (adding to 100) to the fen, adding up exactly.

    Each part is first rounded down to the fen; the fens left over go one each to the parts
    that lost most to the rounding, ties to the larger share, then to the earlier in the
    order given: the same shares always give the same amounts.
    """
    if not shares:
        return []
    total = total.quantize(FEN)
    exact = [total * share / HUNDRED for _, share in shares]
    parts = [value.quantize(FEN, rounding=ROUND_DOWN) for value in exact]
    left = int(((total - sum(parts, Decimal(0))) / FEN).to_integral_value())
    order = sorted(
        range(len(shares)),
        key=lambda i: (-(exact[i] - parts[i]), -shares[i][1], i),
    )
    for i in order[: max(left, 0)]:
        parts[i] += FEN
    return [(key, part) for (key, _), part in zip(shares, parts, strict=True)]
