"""The transfer side's money: price notices before transfers and licences are signed, the
income they bring, the costs borne for the achievements, and the inventors' rewards."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from liaison.agreements.choices import AgreementKind, AgreementStatus, PartyRole
from liaison.agreements.models import Agreement
from liaison.core.choices import Currency
from liaison.core.money import CENT
from liaison.organizations.choices import OrganizationKind
from liaison.patents.choices import Jurisdiction
from liaison.patents.models import FeePayment
from liaison.transfer import rewards
from liaison.transfer.choices import (
    CostKind,
    IncomeKind,
    NoticeStatus,
    ObjectionOutcome,
    PricingMethod,
    RewardBasis,
    RewardRegime,
    RewardStatus,
)
from liaison.transfer.models import (
    Cost,
    Income,
    PriceNotice,
    PriceObjection,
    Reward,
    RewardPolicy,
    RewardShare,
)

from ..texts import contract_obligations, topic
from ..vocabulary import DOMAINS
from ..writer import Change
from .agreements import CONTRACT_VALUES, PRICE_NOTICED_KINDS, AgreementsGenerator
from .disclosures import DisclosurePlan
from .patents import PatentsGenerator
from .story import AS_OF, DAY, PER_SCALE, AchievementRecord, ContractRecord, Org

NOTICE_DAYS = 15
NOTICE_CREATED: dict[str, Any] = {
    "status": NoticeStatus.DRAFT,
    "posted_on": None,
    "ends_on": None,
    "concluded_on": None,
    "period_days": None,
}
REWARD_CREATED: dict[str, Any] = {
    "status": RewardStatus.PROPOSED,
    "approved_by": None,
    "approved_on": None,
    "paid_on": None,
}
OBJECTIONS = (
    (
        "认为协议价格低于同类成果近期成交价格，建议重新评估。",
        "经核查，本次定价以第三方资产评估报告为依据，并经院务会审议，异议不成立。",
    ),
    (
        "认为成果完成人名单遗漏了参与中试的人员。",
        "经核对成果登记与交底书，所列完成人与约定的贡献份额一致，异议不成立。",
    ),
)
KIND_WORDS = {
    AgreementKind.TECH_TRANSFER: "转让",
    AgreementKind.TECH_LICENSING: "许可",
    AgreementKind.INVESTMENT: "作价投资",
}


@dataclass(eq=False)
class Deal:
    """A transfer or licence contract and the achievement it transfers or licenses."""

    contract: ContractRecord
    achievement: AchievementRecord

    @property
    def agreement(self) -> Agreement:
        return self.contract.obj


class TransferGenerator(PatentsGenerator, AgreementsGenerator):
    """Generates the transfer side: the reward policy, transfers and licences after the report
    with their price notices, the notices of the earlier ones, income, costs and rewards."""

    policies: list[RewardPolicy]
    deals: list[Deal]
    income: dict[int, list[Income]]  # by id() of the achievement
    costs: dict[int, list[Cost]]
    equity: list[tuple[AchievementRecord, Income]]  # shares received, apart from money
    objections: int
    first_cn_filing: list[tuple[AchievementRecord, datetime.date | None]]
    # The rewards proposed, written once all are known: (proposed on, order, achievement, fields).
    proposals: list[tuple[datetime.date, int, AchievementRecord, dict[str, Any]]]
    plans: dict[int, DisclosurePlan]  # the accepted disclosure of each achievement, by its id()

    # The reward policy ---------------------------------------------------------------------

    def _reward_policies(self) -> None:
        """The institute's own rules from 2021, revised in 2024; before them, the statute's.

        Rates and bonuses are written as the database keeps them (four and two decimals): the
        rewards' inputs quote them as the services read them back.
        """
        first = RewardPolicy(
            title="国科温州研究院科技成果转化收益分配与奖励管理办法（试行）",
            regime=RewardRegime.TRANSFORMATION_LAW,
            effective_from=datetime.date(2021, 1, 1),
            effective_until=datetime.date(2023, 12, 31),
            transfer_rate=Decimal("70.0000"),
            equity_rate=Decimal("70.0000"),
            implementation_rate=Decimal("5.0000"),
            implementation_years=5,
            grant_bonus_invention=Decimal("5000.00"),
            grant_bonus_other=Decimal("2000.00"),
            notice_days=NOTICE_DAYS,
            note="院务会2020年第12次会议审议通过。",
        )
        second = RewardPolicy(
            title="国科温州研究院科技成果转化收益分配与奖励管理办法",
            regime=RewardRegime.TRANSFORMATION_LAW,
            effective_from=datetime.date(2024, 1, 1),
            transfer_rate=Decimal("75.0000"),
            equity_rate=Decimal("70.0000"),
            implementation_rate=Decimal("6.0000"),
            implementation_years=5,
            grant_bonus_invention=Decimal("6000.00"),
            grant_bonus_other=Decimal("2000.00"),
            notice_days=NOTICE_DAYS,
            note="院务会2023年第10次会议审议通过，替代试行办法。",
        )
        self.policies = []
        for policy, decided_on in (
            (first, datetime.date(2020, 12, 18)),
            (second, datetime.date(2023, 12, 15)),
        ):
            if decided_on < self.today:
                self.writer.add(policy, self._at(decided_on))
                self.policies.append(policy)

    def _policy_on(self, day: datetime.date) -> RewardPolicy | None:
        return next(
            (
                p
                for p in self.policies
                if p.effective_from <= day
                and (p.effective_until is None or day <= p.effective_until)
            ),
            None,
        )

    # Transfers and licences ----------------------------------------------------------------

    def _licensable(self, on: datetime.date, transferred: set[int]) -> list[AchievementRecord]:
        """Achievements with a patent filed before `on` and not transferred away yet."""
        cutoff = on - 60 * DAY
        return [
            r
            for r, first in self.first_cn_filing
            if first is not None and first <= cutoff and id(r.obj) not in transferred
        ]

    def _new_transfers(self, transferred: set[int]) -> None:
        """Transfers and licences of patented achievements every year after the report."""
        for year in range(AS_OF.year, self.today.year + 1):
            start = max(AS_OF + DAY, datetime.date(year, 1, 1))
            end = min(self.today - 5 * DAY, datetime.date(year, 12, 31))
            if end <= start:
                continue
            fraction = (end - start).days / 365
            expected = self.scale * PER_SCALE["transfers_per_year"] * fraction
            count = int(expected) + (1 if self.rng.random() < expected - int(expected) else 0)
            for signed_on in sorted(self._day(start, end) for _ in range(count)):
                candidates = self._licensable(signed_on, transferred)
                if not candidates:
                    continue
                weights = [3 if r.domain == "biomaterials" else 1 for r in candidates]
                record = self.rng.choices(candidates, weights=weights)[0]
                kind = self.rng.choice(
                    (AgreementKind.TECH_TRANSFER, *[AgreementKind.TECH_LICENSING] * 2)
                )
                if kind == AgreementKind.TECH_TRANSFER:
                    transferred.add(id(record.obj))
                partner = self._licensee(record, signed_on)
                if partner is None:
                    continue
                t = topic(self.rng, DOMAINS[record.domain], subject=record.subject)
                agreement = self._agreement(
                    kind=kind,
                    partners=[(partner, PartyRole.LICENSEE)],
                    title=self._titles(kind, partner, t),
                    signed_on=signed_on,
                    term_days=self.rng.randrange(700, 2500),
                    value=Decimal(self.rng.randrange(*CONTRACT_VALUES[kind]) * 1000),
                    description=(
                        f"{KIND_WORDS[kind]}“{record.obj.title_zh}”相关专利及技术秘密，"
                        f"用于{t.application.zh}产品的开发与生产。"
                    ),
                    obligations=contract_obligations(self.rng, t),
                )
                contract = ContractRecord(agreement, record.domain, record.subject, partner)
                self.contracts.append(contract)
                self.deals.append(Deal(contract, record))

    def _spinoffs(self, transferred: set[int]) -> None:
        """Companies founded after the report on an achievement the institute invested in
        them (作价投资): its price noticed, the shares it received recorded as income."""
        young = sorted(
            (
                o
                for o in self.orgs
                if o.kind == OrganizationKind.ENTERPRISE
                and o.local
                and self._young(o)
                and o.domain is not None
            ),
            key=lambda o: o.obj.founded_on or self.today,
        )
        for org in young:
            founded_on = org.obj.founded_on
            assert founded_on is not None
            # Most young companies are no spin-offs; the demo shows one at least.
            if self.equity and self.rng.random() >= 0.35:
                continue
            signed_on = founded_on + self.rng.randrange(20, 90) * DAY
            if signed_on > self.today - 60 * DAY:
                continue
            candidates = [
                r
                for r in self._licensable(signed_on, transferred)
                if r.domain == org.domain and id(r.obj) not in self.income
            ]
            if not candidates:
                continue
            record = self.rng.choice(candidates)
            transferred.add(id(record.obj))
            value = Decimal(self.rng.randrange(100, 800) * 10000)
            agreement = self._agreement(
                kind=AgreementKind.INVESTMENT,
                partners=[(org, PartyRole.PARTNER)],
                title=self._titles(AgreementKind.INVESTMENT, org, None),
                signed_on=signed_on,
                term_days=self.rng.randrange(1800, 3650),
                value=value,
                description=(
                    f"研究院以“{record.obj.title_zh}”相关专利及技术作价{value / 10000:.0f}万元"
                    f"入股{org.obj.name_zh}，占注册资本的{self.rng.randrange(10, 35)}%。"
                ),
                noticed=True,
            )
            deal = Deal(ContractRecord(agreement, record.domain, record.subject, org), record)
            self._notice(deal)
            formed_on = signed_on + self.rng.randrange(20, 60) * DAY
            shares = Income(
                agreement=agreement,
                achievement=record.obj,
                kind=IncomeKind.EQUITY,
                payer=org.obj,
                received_on=formed_on,
                amount=value,
                currency=Currency.CNY,
                reference=f"{agreement.number}-股权",
                note="完成工商变更登记，研究院取得股权。",
            )
            self.writer.add(shares, self._at(formed_on))
            self.equity.append((record, shares))

    def _equity_rewards(self) -> None:
        """The contributors' part of the shares an achievement formed (Art. 45, item 2)."""
        for record, shares in self.equity:
            proposed_on = shares.received_on + self.rng.randrange(20, 60) * DAY
            if proposed_on > self.today:
                continue
            policy = self._policy_on(shares.received_on)
            computation = rewards.compute(
                rewards.RewardRequest(
                    basis=RewardBasis.EQUITY,
                    on=shares.received_on,
                    base=shares.amount,
                    policy=self._terms(policy),
                )
            )
            self._reward(
                record,
                proposed_on,
                computation=computation,
                basis=RewardBasis.EQUITY,
                period=(shares.received_on, shares.received_on),
                policy=policy,
                agreement=shares.agreement,
            )

    def _licensee(self, record: AchievementRecord, signed_on: datetime.date) -> Org | None:
        """An enterprise of the achievement's field founded before the deal: one the inventors
        named as a likely licensee when there is one."""

        def founded(org: Org) -> bool:
            return org.obj.founded_on is None or org.obj.founded_on <= signed_on - 180 * DAY

        plan = self.plans.get(id(record.obj))
        named = [o for o in (plan.licensees if plan else []) if founded(o)]
        if named and self.rng.random() < 0.6:
            return self.rng.choice(named)
        firms = [o for o in self.enterprises.get(record.domain, []) if founded(o)]
        local = [o for o in firms if o.local]
        pool = local if local and self.rng.random() < 0.7 else firms
        return self.rng.choice(pool) if pool else None

    def _deal_for(self, contract: ContractRecord) -> Deal:
        """The achievement an earlier transfer or licence contract is about: one of its field
        and subject that existed some months before, a patented one if there is one."""
        agreement = contract.obj
        day = agreement.signed_on or self.today
        every = [r for records in self.achievements.values() for r in records]
        # One that existed some months before; in the institute's first months, the first.
        started = [r for r in every if r.started_on <= day - 90 * DAY] or [
            min(every, key=lambda r: r.started_on)
        ]

        def score(r: AchievementRecord) -> tuple[int, int, int]:
            return (
                r.domain == contract.domain,
                r.subject == contract.subject,
                bool(self.patents.get(id(r.obj))),
            )

        best = max(score(r) for r in started)
        record = self.rng.choice([r for r in started if score(r) == best])
        return Deal(contract, record)

    # Price notices -------------------------------------------------------------------------

    def _notice(self, deal: Deal) -> None:
        """The Art. 18 notice of the deal's price: concluded before a signed deal was signed;
        for one still being negotiated, posted lately or being drafted."""
        agreement, record = deal.agreement, deal.achievement
        drafted: datetime.date = agreement._history_date.date()  # type: ignore[attr-defined]
        signed_on = agreement.signed_on
        if signed_on is not None:
            latest = signed_on - (NOTICE_DAYS + 1) * DAY
            posted_on = self._day(max(drafted, latest - 10 * DAY), latest)
        else:
            posted_on = max(drafted, self.today - self.rng.randrange(0, 25) * DAY)
        ends_on = posted_on + NOTICE_DAYS * DAY
        names = "、".join(e.obj.name_zh for e in record.inventors)
        partner = deal.contract.partner.obj.name_zh
        value = agreement.value or Decimal(0)
        notice = PriceNotice(
            agreement=agreement,
            achievement=record.obj,
            price=value,
            currency=Currency.CNY,
            pricing=PricingMethod.AGREEMENT,
            text=(
                f"根据《中华人民共和国促进科技成果转化法》第十八条及研究院相关规定，现将“"
                f"{record.obj.title_zh}”拟以{KIND_WORDS[AgreementKind(agreement.kind)]}方式"
                f"转化给{partner}，协议价格人民币{value:,.0f}元，成果完成人：{names}。"
                f"公示期{NOTICE_DAYS}日，如有异议，请在公示期内以书面形式向成果转化办公室反映。"
            ),
        )
        changes: list[Change] = []
        objection: tuple[PriceObjection, datetime.date] | None = None
        if posted_on <= self.today:
            posted = {
                "status": NoticeStatus.POSTED,
                "posted_on": posted_on,
                "period_days": NOTICE_DAYS,
                "ends_on": ends_on,
            }
            changes.append((self._at(posted_on), posted))
            # Now and then someone objects (the first notice that may, always: the demo shows
            # an objection); the office dismisses it within the period.
            objected = self.rng.random() < 0.12 or not self.objections
            if ends_on + 3 * DAY < self.today and objected:
                text, response = self.rng.choice(OBJECTIONS)
                raised_on = posted_on + self.rng.randrange(2, NOTICE_DAYS - 3) * DAY
                decided_on = min(raised_on + self.rng.randrange(1, 4) * DAY, ends_on)
                objection = (
                    PriceObjection(
                        notice=notice,
                        raised_on=raised_on,
                        raised_by="研究院职工（实名）",
                        text=text,
                        outcome=ObjectionOutcome.DISMISSED,
                        decided_on=decided_on,
                        response=response,
                    ),
                    decided_on,
                )
            concluded_on = None
            if signed_on is not None:
                concluded_on = min(ends_on + self.rng.randrange(1, 4) * DAY, signed_on)
            elif ends_on + DAY < self.today:
                concluded_on = ends_on + DAY
            if concluded_on is not None:
                changes.append(
                    (
                        self._at(concluded_on),
                        {"status": NoticeStatus.CONCLUDED, "concluded_on": concluded_on},
                    )
                )
        for _moment, values in changes:
            for name, value_ in values.items():
                setattr(notice, name, value_)
        created = self._at(min(posted_on, self.today), lead=(0, max(0, (posted_on - drafted).days)))
        self.writer.add(notice, created, before=NOTICE_CREATED, changes=changes)
        for inventor in record.inventors:
            self.writer.add(
                PriceNotice.completers.through(pricenotice=notice, person=inventor.obj), created
            )
        if objection is not None:
            obj, decided_on = objection
            self.objections += 1
            self.writer.add(
                obj,
                self._at(obj.raised_on),
                before={"outcome": ObjectionOutcome.PENDING, "decided_on": None, "response": ""},
                changes=[(self._at(decided_on), values_of_objection(obj))],
            )
        # An achievement transferred or invested is valued first; a licence's price sometimes.
        if record.obj.kind != "standard" and (
            agreement.kind != AgreementKind.TECH_LICENSING or self.rng.random() < 0.4
        ):
            evaluated_on = max(drafted, posted_on - self.rng.randrange(5, 25) * DAY)
            self._cost(
                record,
                kind=CostKind.EVALUATION,
                on=min(evaluated_on, self.today),
                amount=Decimal(self.rng.randrange(8, 31) * 1000).quantize(CENT),
                description=f"成果价值评估费（{agreement.number}）",
            )

    def _cost(
        self,
        record: AchievementRecord,
        *,
        kind: str,
        on: datetime.date,
        amount: Decimal,
        description: str,
        payee: Org | None = None,
    ) -> None:
        cost = Cost(
            achievement=record.obj,
            kind=kind,
            incurred_on=on,
            amount=amount,
            currency=Currency.CNY,
            payee=payee.obj if payee else None,
            description=description,
        )
        self.writer.add(cost, self._at(on))
        self.costs[id(record.obj)].append(cost)

    # Income --------------------------------------------------------------------------------

    def _income(self, deal: Deal) -> None:
        """A payment for each milestone of the deal that was met."""
        agreement = deal.agreement
        kind = (
            IncomeKind.TRANSFER
            if agreement.kind == AgreementKind.TECH_TRANSFER
            else IncomeKind.LICENCE
        )
        for number, milestone in enumerate(self.milestones.get(id(agreement), []), start=1):
            if milestone.done_on is None or milestone.amount is None:
                continue
            income = Income(
                agreement=agreement,
                achievement=deal.achievement.obj,
                milestone=milestone,
                kind=kind,
                payer=deal.contract.partner.obj,
                received_on=milestone.done_on,
                amount=milestone.amount,
                currency=Currency.CNY,
                reference=f"{agreement.number}-{number}",
                note=milestone.title,
            )
            self.writer.add(income, self._at(milestone.done_on))
            self.income[id(deal.achievement.obj)].append(income)

    # Rewards -------------------------------------------------------------------------------

    def _reward_steps(self, proposed_on: datetime.date) -> tuple[list[Change], dict[str, Any]]:
        """Approval and payment after `proposed_on`, as far as today has come."""
        changes: list[Change] = []
        values: dict[str, Any] = dict(REWARD_CREATED)
        approved_on = proposed_on + self.rng.randrange(5, 30) * DAY
        if approved_on > self.today or (
            (self.today - proposed_on).days < 20 and self.rng.random() < 0.5
        ):
            return changes, values
        approved = {
            "status": RewardStatus.APPROVED,
            "approved_by": self.writer.by,
            "approved_on": approved_on,
        }
        changes.append((self._at(approved_on), approved))
        values.update(approved)
        paid_on = approved_on + self.rng.randrange(5, 45) * DAY
        if paid_on > self.today:
            return changes, values
        paid = {"status": RewardStatus.PAID, "paid_on": paid_on}
        changes.append((self._at(paid_on), paid))
        values.update(paid)
        return changes, values

    def _reward(self, record: AchievementRecord, proposed_on: datetime.date, **fields: Any) -> None:
        """A reward to write once all are known: the latest wait for their approval."""
        self.proposals.append((proposed_on, len(self.proposals), record, fields))

    def _write_rewards(self) -> None:
        """The rewards in the order they were proposed; the last few are still waiting for
        the leadership's approval today, whenever they were proposed."""
        ordered = sorted(self.proposals, key=lambda p: (p[0], p[1]))
        waiting = len(ordered) - self.scale
        for number, (proposed_on, _order, record, fields) in enumerate(ordered):
            self._write_reward(record, proposed_on=proposed_on, waiting=number >= waiting, **fields)

    def _write_reward(
        self,
        record: AchievementRecord,
        computation: rewards.Computation,
        *,
        basis: str,
        proposed_on: datetime.date,
        period: tuple[datetime.date, datetime.date],
        policy: RewardPolicy | None,
        parts: dict[str, Any] | None = None,
        agreement: Agreement | None = None,
        patent_kind: str = "",
        waiting: bool = False,
    ) -> None:
        plan = self.plans.get(id(record.obj))
        if plan is None:
            return
        inputs: dict[str, Any] = dict(computation.as_inputs())
        if parts:
            inputs["net_income"] = parts
        if policy is not None:
            inputs["policy"] = f"{policy.title} ({policy.effective_from:%Y-%m-%d})"
        changes, values = ([], dict(REWARD_CREATED)) if waiting else self._reward_steps(proposed_on)
        reward = Reward(
            achievement=record.obj,
            basis=basis,
            agreement=agreement,
            period_start=period[0],
            period_end=period[1],
            base_amount=computation.base,
            patent_kind=patent_kind,
            rate=computation.rate,
            amount=computation.amount,
            currency=Currency.CNY,
            policy=policy,
            rule=computation.rule.code,
            rule_version=computation.rule.version,
            inputs=inputs,
            proposed_by=self.office,
            proposed_on=proposed_on,
            **values,
        )
        proposed = self._at(proposed_on)
        self.writer.add(reward, proposed, before=REWARD_CREATED, changes=changes)
        # The disclosure's shares, largest first, as `contribution_shares` reads them.
        order = sorted(range(len(plan.inventors)), key=lambda i: (-plan.inventors[i][1], i))
        shares = [(plan.inventors[i][0], plan.inventors[i][1]) for i in order]
        paid_on = values["paid_on"]
        paid_changes = [
            (moment, {"paid_on": paid_on, "paid_by": self.writer.by})
            for moment, step in changes
            if step.get("status") == RewardStatus.PAID
        ]
        for (inventor, share), (_inventor, amount) in zip(
            shares, rewards.split(computation.amount, shares), strict=True
        ):
            self.writer.add(
                RewardShare(
                    reward=reward,
                    person=inventor.obj,
                    share=share,
                    amount=amount,
                    paid_on=paid_on,
                    paid_by=self.writer.by if paid_on else None,
                ),
                proposed,
                before={"paid_on": None, "paid_by": None},
                changes=paid_changes,
            )

    def _terms(self, policy: RewardPolicy | None) -> rewards.PolicyTerms | None:
        if policy is None:
            return None
        return rewards.PolicyTerms(
            label=f"{policy.title} ({policy.effective_from:%Y-%m-%d})",
            regime=policy.regime,
            transfer_rate=policy.transfer_rate,
            equity_rate=policy.equity_rate,
            implementation_rate=policy.implementation_rate,
            implementation_years=policy.implementation_years,
            grant_bonus_invention=policy.grant_bonus_invention,
            grant_bonus_other=policy.grant_bonus_other,
        )

    def _income_rewards(self, record: AchievementRecord) -> None:
        """A reward on each year's net income from the achievement's transfers and licences,
        proposed early the next year (this year's before its end)."""
        income = self.income.get(id(record.obj), [])
        years = sorted({i.received_on.year for i in income})
        fees: list[FeePayment] = [
            payment
            for patent in self.patents.get(id(record.obj), [])
            for payment in patent.payments
        ]
        costs = self.costs.get(id(record.obj), [])
        for year in years:
            start = datetime.date(year, 1, 1)
            if year < self.today.year:
                end = datetime.date(year, 12, 31)
                proposed_on = datetime.date(year + 1, 1, 5) + self.rng.randrange(0, 75) * DAY
            else:
                last = max(i.received_on for i in income if i.received_on.year == year)
                if (self.today - last).days < 10:
                    continue
                end = last + self.rng.randrange(0, (self.today - last).days - 5) * DAY
                proposed_on = min(end + self.rng.randrange(3, 20) * DAY, self.today)
            if proposed_on > self.today:
                continue
            received = sorted(
                (i for i in income if start <= i.received_on <= end),
                key=lambda i: (i.received_on, i.pk),
            )
            spent = sorted(
                (c for c in costs if start <= c.incurred_on <= end),
                key=lambda c: (c.incurred_on, c.pk),
            )
            paid = sorted(
                (f for f in fees if start <= f.paid_on <= end), key=lambda f: (f.paid_on, f.pk)
            )
            total = sum((i.amount for i in received), Decimal(0))
            net = (
                total
                - sum((c.amount for c in spent), Decimal(0))
                - sum((f.amount for f in paid), Decimal(0))
            )
            if net <= 0:
                continue
            policy = self._policy_on(end)
            computation = rewards.compute(
                rewards.RewardRequest(
                    basis=RewardBasis.TRANSFER_LICENCE,
                    on=end,
                    base=net,
                    policy=self._terms(policy),
                )
            )
            parts = {
                "start": start.isoformat(),
                "end": end.isoformat(),
                "income": str(total),
                "costs": str(sum((c.amount for c in spent), Decimal(0))),
                "fees": str(sum((f.amount for f in paid), Decimal(0))),
                "net": str(net),
                "income_ids": [i.pk for i in received],
                "cost_ids": [c.pk for c in spent],
                "fee_ids": [f.pk for f in paid],
                "left_out_not_in_yuan": 0,
            }
            agreements = {id(i.agreement): i.agreement for i in received}
            self._reward(
                record,
                proposed_on,
                computation=computation,
                basis=RewardBasis.TRANSFER_LICENCE,
                period=(start, end),
                policy=policy,
                parts=parts,
                agreement=next(iter(agreements.values())) if len(agreements) == 1 else None,
            )

    def _grant_bonuses(self, record: AchievementRecord) -> None:
        """The bonus the patent rules give the inventors of each Chinese patent granted."""
        for patent_record in self.patents.get(id(record.obj), []):
            patent = patent_record.obj
            if patent.jurisdiction != Jurisdiction.CN or patent.granted_on is None:
                continue
            proposed_on = patent.granted_on + self.rng.randrange(20, 90) * DAY
            if proposed_on > self.today:
                continue
            policy = self._policy_on(patent.granted_on)
            computation = rewards.compute(
                rewards.RewardRequest(
                    basis=RewardBasis.GRANT_BONUS,
                    on=patent.granted_on,
                    patent_kind=patent.kind,
                    policy=self._terms(policy),
                )
            )
            self._reward(
                record,
                proposed_on,
                computation=computation,
                basis=RewardBasis.GRANT_BONUS,
                period=(patent.granted_on, patent.granted_on),
                policy=policy,
                patent_kind=patent.kind,
            )

    # The whole transfer side ---------------------------------------------------------------

    def _transfer_records(self) -> None:
        self.deals = []
        self.objections = 0
        self.income = defaultdict(list)
        self._reward_policies()
        # Each achievement's first Chinese filing, once: the patents are all written by now,
        # and a scan of every patent for every transfer made the demo at scale 1000 crawl.
        self.first_cn_filing = [
            (
                r,
                min(
                    (
                        p.obj.filed_on
                        for p in self.patents.get(id(r.obj), [])
                        if p.obj.jurisdiction == Jurisdiction.CN
                    ),
                    default=None,
                ),
            )
            for records in self.achievements.values()
            for r in records
        ]
        for contract in list(self.contracts):
            if contract.obj.kind in PRICE_NOTICED_KINDS:
                self.deals.append(self._deal_for(contract))
        transferred: set[int] = set()
        self._new_transfers(transferred)
        for deal in self.deals:
            if (
                deal.agreement.status in {AgreementStatus.DRAFT, AgreementStatus.UNDER_REVIEW}
                and (
                    self.today - deal.agreement._history_date.date()  # type: ignore[attr-defined]
                ).days
                > 120
            ):
                continue  # a draft long left aside: no price agreed yet
            self._notice(deal)
            self._income(deal)
        self.equity = []
        self.proposals = []
        self._spinoffs(transferred)
        # The rewards' inputs name the income, costs and fees they rest on by their keys.
        self.writer.flush()
        for records in self.achievements.values():
            for record in records:
                self._income_rewards(record)
                self._grant_bonuses(record)
        self._equity_rewards()
        self._write_rewards()


def values_of_objection(objection: PriceObjection) -> dict[str, Any]:
    return {
        "outcome": objection.outcome,
        "decided_on": objection.decided_on,
        "response": objection.response,
    }
