"""Financing rounds of enterprises, and their investors."""

from __future__ import annotations

import datetime
from decimal import Decimal

from liaison.core.choices import Currency
from liaison.financing.choices import RoundKind, RoundStatus
from liaison.financing.models import FinancingRound, RoundInvestor
from liaison.organizations.choices import OrganizationKind

from .. import announcement as report
from ..vocabulary import CANCEL_REASONS, Term
from ..writer import Change
from .story import AS_OF, DAY, AchievementRecord, FigureGuardError, Org, Story, cents, values_of

ROUND_NAMES_ZH: dict[str, str] = {
    RoundKind.GRANT: "科技项目资助",
    RoundKind.ANGEL: "天使轮融资",
    RoundKind.SEED: "种子轮融资",
    RoundKind.PRE_A: "Pre-A轮融资",
    RoundKind.SERIES_A: "A轮融资",
    RoundKind.SERIES_B: "B轮融资",
    RoundKind.SERIES_C: "C轮及以后融资",
    RoundKind.GOVERNMENT_FUND: "政府引导基金投资",
    RoundKind.LOAN: "科技贷款",
}
# How large rounds of each kind are, in units of 10,000 yuan.
ROUND_SIZES: dict[str, tuple[int, int]] = {
    RoundKind.GRANT: (50, 300),
    RoundKind.ANGEL: (100, 500),
    RoundKind.SEED: (200, 800),
    RoundKind.PRE_A: (500, 1200),
    RoundKind.SERIES_A: (800, 2000),
    RoundKind.SERIES_B: (1500, 4000),
    RoundKind.SERIES_C: (3000, 8000),
    RoundKind.GOVERNMENT_FUND: (200, 800),
    RoundKind.LOAN: (100, 1000),
}
ROUND_WEIGHTS: dict[str, int] = {
    RoundKind.GRANT: 15,
    RoundKind.ANGEL: 15,
    RoundKind.SEED: 12,
    RoundKind.PRE_A: 12,
    RoundKind.SERIES_A: 12,
    RoundKind.SERIES_B: 6,
    RoundKind.SERIES_C: 3,
    RoundKind.GOVERNMENT_FUND: 10,
    RoundKind.LOAN: 15,
}
ROUND_ANNOUNCED: dict[str, object] = {
    "status": RoundStatus.ANNOUNCED,
    "closed_on": None,
    "cancel_reason": "",
}


class FinancingGenerator(Story):
    """Generates financing rounds with their investors."""

    def _round(
        self,
        *,
        venture: Org | None,
        achievement: AchievementRecord | None,
        kind: str,
        amount: Decimal,
        announced_on: datetime.date,
        status: str,
        closed_on: datetime.date | None = None,
        currency: str = Currency.CNY,
        cny_rate: Decimal = Decimal(1),
    ) -> None:
        if status == RoundStatus.CLOSED:
            assert closed_on is not None
            if closed_on <= AS_OF:
                if not self.in_core:
                    raise FigureGuardError("a round would close before 2023-05-08")
                self.financing_by_then += cents(amount * cny_rate)
        public = kind in {RoundKind.GRANT, RoundKind.GOVERNMENT_FUND}
        if public:
            pool = [self.by_key["wenzhou_stb"], self.by_key["zhejiang_stb"]]
        elif currency != Currency.CNY and self.foreign_investors:
            pool = self.foreign_investors
        else:
            pool = self.investors
        investors = self.rng.sample(pool, min(len(pool), 1 if public else self.rng.randrange(1, 4)))
        subject = venture.name if venture else Term("", "")
        financing_round = FinancingRound(
            venture=venture.obj if venture else None,
            achievement=achievement.obj if achievement else None,
            kind=kind,
            amount=amount,
            currency=currency,
            cny_rate=cny_rate,
            status=status,
            announced_on=announced_on,
            closed_on=closed_on,
            note=f"{subject.zh}{ROUND_NAMES_ZH[kind]}" if venture else "",
            cancel_reason=self.rng.choice(CANCEL_REASONS)
            if status == RoundStatus.CANCELLED
            else "",
        )
        announced = self._at(announced_on)
        ended: list[Change] = []
        if status != RoundStatus.ANNOUNCED:  # closed, or given up a couple of months later
            ended_on = closed_on or min(announced_on + 60 * DAY, self.today)
            ended.append((self._at(ended_on), values_of(financing_round, *ROUND_ANNOUNCED)))
        self.writer.add(financing_round, announced, before=ROUND_ANNOUNCED, changes=ended)
        remaining = amount
        for number, investor in enumerate(investors):
            stake = None
            if self.rng.random() < 0.8:
                if number == len(investors) - 1:
                    stake = remaining
                else:
                    stake = cents(remaining * Decimal(self.rng.randrange(40, 70)) / 100)
                remaining -= stake
            self.writer.add(
                RoundInvestor(
                    round=financing_round,
                    organization=investor.obj,
                    amount=stake,
                    is_lead=number == 0,
                ),
                announced,
            )

    def _core_financing(self) -> None:
        """Rounds closed by 2023-05-08 that add up to the report's cumulative financing."""
        target = report.FIGURES_AS_OF["financing_cumulative_cny"]
        assert isinstance(target, Decimal)
        plan = (
            [RoundKind.ANGEL] * 4
            + [RoundKind.SEED] * 3
            + [RoundKind.PRE_A] * 3
            + [RoundKind.SERIES_A] * 2
            + [RoundKind.GRANT] * 3
            + [RoundKind.GOVERNMENT_FUND] * 2
        )
        rounds: list[tuple[str, Decimal, str, Decimal]] = []  # kind, amount, currency, rate
        for _ in range(3):
            amount = Decimal(self.rng.randrange(80, 201) * 10000)
            rate = Decimal(self.rng.randrange(63500, 71500)) / 10000
            rounds.append((RoundKind.SERIES_A, amount, Currency.USD, rate))
        foreign_total = sum(a * r for _k, a, _c, r in rounds)
        domestic = [Decimal(self.rng.randrange(*ROUND_SIZES[kind]) * 10000) for kind in plan]
        last = Decimal(self.rng.randrange(800, 2000) * 10000)
        room = target - foreign_total - last
        factor = room / sum(domestic)
        domestic = [
            max(Decimal(10000), (a * factor / 10000).quantize(Decimal(1)) * 10000) for a in domestic
        ]
        rounds += [
            (kind, amount, Currency.CNY, Decimal(1))
            for kind, amount in zip(plan, domestic, strict=True)
        ]
        closing = target - foreign_total - sum(domestic)
        if closing <= 0:
            raise FigureGuardError("the core's financing does not add up")
        rounds.append((RoundKind.SERIES_B, closing, Currency.CNY, Decimal(1)))
        ventures = self.rng.sample(
            [o for o in self.orgs if o.served and o.kind == OrganizationKind.ENTERPRISE], 8
        )
        order = {k: i for i, k in enumerate(RoundKind.values)}
        for index, venture in enumerate(ventures):  # the rounds dealt out, each's in order
            entries = sorted(rounds[index :: len(ventures)], key=lambda e: order[e[0]])
            day = self._day(datetime.date(2019, 10, 1), datetime.date(2021, 6, 30))
            step = max(1, ((AS_OF - 60 * DAY) - day).days // len(entries))
            for kind, amount, currency, rate in entries:
                announced_on = day
                closed_on = min(announced_on + self.rng.randrange(10, 60) * DAY, AS_OF)
                related = [
                    a
                    for a in self.achievements.get(venture.domain or "", [])
                    if a.started_on <= announced_on and self.rng.random() < 0.1
                ]
                self._round(
                    venture=venture,
                    achievement=related[0] if related else None,
                    kind=kind,
                    amount=amount,
                    announced_on=announced_on,
                    status=RoundStatus.CLOSED,
                    closed_on=closed_on,
                    currency=currency,
                    cny_rate=rate,
                )
                day = min(day + self.rng.randrange(step // 2 + 1, step + 1) * DAY, AS_OF - 60 * DAY)

    def _volume_financing(self) -> None:
        ventures = [o for firms in self.enterprises.values() for o in firms if o.local]
        for _ in range(self._count("rounds_before")):
            venture = self.rng.choice(ventures)
            announced_on = self._day(datetime.date(2020, 1, 1), AS_OF - DAY)
            status = self.rng.choices(
                (RoundStatus.CLOSED, RoundStatus.CANCELLED, RoundStatus.ANNOUNCED),
                weights=(60, 25, 15),
            )[0]
            self._volume_round(venture, announced_on, status, closes_after=AS_OF)
        for _ in range(self._count("rounds_after")):
            venture = self.rng.choice(ventures)
            announced_on = self._after_report(late=True)
            status = self.rng.choices(
                (RoundStatus.CLOSED, RoundStatus.CANCELLED, RoundStatus.ANNOUNCED),
                weights=(75, 10, 15),
            )[0]
            self._volume_round(venture, announced_on, status, closes_after=announced_on - DAY)

    def _volume_round(
        self,
        venture: Org,
        announced_on: datetime.date,
        status: str,
        *,
        closes_after: datetime.date,
    ) -> None:
        closed_on = None
        if status == RoundStatus.CLOSED:
            earliest = max(announced_on, closes_after + DAY)
            closed_on = self._day(earliest, min(self.today, earliest + 150 * DAY))
        kind = self.rng.choices(list(ROUND_WEIGHTS), weights=list(ROUND_WEIGHTS.values()))[0]
        currency, rate = Currency.CNY, Decimal(1)
        if self.rng.random() < 0.1 and self.foreign_investors:
            currency, rate = Currency.USD, Decimal(self.rng.randrange(68000, 73000)) / 10000
        amount = Decimal(self.rng.randrange(*ROUND_SIZES[kind]) * 10000)
        related = [
            a
            for a in self.achievements.get(venture.domain or "", [])
            if a.started_on <= announced_on
        ]
        self._round(
            venture=venture,
            achievement=self.rng.choice(related) if related and self.rng.random() < 0.3 else None,
            kind=kind,
            amount=amount,
            announced_on=announced_on,
            status=status,
            closed_on=closed_on,
            currency=currency,
            cny_rate=rate,
        )
