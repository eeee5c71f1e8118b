"""Technology brokers (issue 19), from random streams of their own.

Certified brokers (技术经纪人, junior to senior) of the region's technology-transfer service
firms, and one or two of those firms acting as intermediary themselves, bring enterprises
and their needs to the office after the report: each introduced need is dated the day it was
submitted or a few days later, and some of the technical contracts signed after 2023-05-08
were brokered — the broker a party to the contract as its intermediary (an organization as
one of its parties in that role, from before the signing), with a commission agreed on a
rate of the contract's value or as a fixed amount, and paid in part or in full after the
signing. Some brokered deals grew from a need the broker introduced.

Nothing here is dated on or before 2023-05-08 and nothing counts in the report's figures,
so the six figures stay as they are; records and history come from streams of their own.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from liaison.agreements.choices import PartyRole
from liaison.agreements.models import AgreementParty
from liaison.brokers.choices import CertificateLevel, CommissionBasis
from liaison.brokers.models import Broker, BrokerEngagement, CommissionPayment, Introduction
from liaison.core.money import CENT
from liaison.needs.models import TechnicalNeed
from liaison.organizations.choices import OrganizationKind
from liaison.people.choices import PersonKind

from .incubation import IncubationGenerator
from .story import AS_OF, DAY, ContractRecord, Org

# The volume of one unit of scale.
BROKERS_PER_SCALE = {
    "person_brokers": 3.0,
    "organization_brokers": 0.4,
    "deals": 5.0,
    "introductions": 6.0,
}
# Levels as the province has certified them so far: most are junior or intermediate.
LEVEL_WEIGHTS = {
    CertificateLevel.JUNIOR: 4,
    CertificateLevel.INTERMEDIATE: 3,
    CertificateLevel.SENIOR: 1,
    CertificateLevel.NONE: 1,
}
LEVEL_TITLES: dict[str, str] = {
    CertificateLevel.JUNIOR: "初级技术经纪人",
    CertificateLevel.INTERMEDIATE: "中级技术经纪人",
    CertificateLevel.SENIOR: "高级技术经理人",
    CertificateLevel.NONE: "技术转移专员",
}
# The first certificates were issued in 2023 (the occupation's standard of 2022).
FIRST_CERTIFICATES = datetime.date(2023, 6, 1)
ISSUERS = ("浙江省科学技术厅", "温州市科学技术局", "中国技术市场协会")
FIELDS = {
    "biomaterials": "生物医用材料",
    "medical_engineering": "医疗器械",
    "life_health": "生命健康",
    "food": "食品科技",
    "materials": "新材料",
}
DEAL_NOTES = (
    "经纪人促成双方对接并参与谈判，居间服务至合同签订。",
    "经纪人协助企业梳理技术需求，推荐研究院团队，全程跟进签约。",
    "居间方负责需求挖掘、技术评估和合同条款协调。",
)


class BrokersGenerator(IncubationGenerator):
    """Generates technology brokers, their introductions, deals and commission paid."""

    def _brokers(self) -> None:
        self._use_stream("brokers")
        clock = self.clock
        self.clock = random.Random(f"liaison-demo:{self.seed}:brokers-history")
        try:
            self._write_brokers()
        finally:
            self.clock = clock

    def _scaled_brokers(self, key: str) -> int:
        expected = BROKERS_PER_SCALE[key] * self.scale
        whole = int(expected)
        return whole + (1 if self.rng.random() < expected - whole else 0)

    def _write_brokers(self) -> None:
        # The needs submitted after the report, read back from what was written.
        self.writer.flush()
        needs = list(
            TechnicalNeed.objects.filter(submitted_on__gt=AS_OF).order_by("submitted_on", "pk")
        )
        deals = [
            c
            for c in self.contracts
            if c.obj.signed_on is not None and c.obj.signed_on > AS_OF and c.obj.pk is not None
        ]
        if not deals and not needs:
            return
        firms = [
            o
            for o in self.orgs
            if o.kind in {OrganizationKind.SERVICE_PROVIDER, OrganizationKind.ASSOCIATION}
            and o.local
            and not o.is_institute
        ]
        brokers: list[Broker] = []
        count = max(1, self._scaled_brokers("organization_brokers")) if firms else 0
        for org in self.rng.sample(firms, min(count, len(firms))):
            brokers.append(self._organization_broker(org))
        # One of each certified level first, then as the province has certified them.
        levels = [CertificateLevel.SENIOR, CertificateLevel.INTERMEDIATE, CertificateLevel.JUNIOR]
        for index in range(max(len(levels), self._scaled_brokers("person_brokers"))):
            level = (
                levels[index]
                if index < len(levels)
                else self.rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()))[0]
            )
            brokers.append(self._person_broker(self.rng.choice(firms) if firms else None, level))
        introduced: dict[int, list[tuple[Broker, TechnicalNeed]]] = defaultdict(list)
        chosen = self.rng.sample(needs, min(len(needs), self._scaled_brokers("introductions")))
        for need in sorted(chosen, key=lambda n: (n.submitted_on, n.pk)):
            broker = self.rng.choice(brokers)
            self._introduce(broker, need)
            introduced[need.organization_id].append((broker, need))
        for record in self.rng.sample(deals, min(len(deals), self._scaled_brokers("deals"))):
            self._deal(record, brokers, introduced)

    def _certificate(self, level: str) -> dict[str, Any]:
        if level == CertificateLevel.NONE:
            return {"certificate_level": level}
        issued = self._day(FIRST_CERTIFICATES, min(self.today, FIRST_CERTIFICATES + 700 * DAY))
        return {
            "certificate_level": level,
            "certificate_number": f"JSJJR{issued.year}{self.rng.randrange(10000, 99999)}",
            "certificate_issued_on": issued,
            "certificate_issuer": self.rng.choice(ISSUERS),
        }

    def _fields(self, domains: tuple[str, ...]) -> list[str]:
        keys = list(dict.fromkeys([*domains, self._domain()]))
        return [FIELDS.get(k, k) for k in keys[:2]]

    def _organization_broker(self, org: Org) -> Broker:
        broker = Broker(
            organization=org.obj,
            fields_of_practice=self._fields(org.domains),
            default_commission_rate=Decimal(self.rng.choice((3, 4, 5))),
            notes="区域技术转移服务机构，以居间方身份参与技术合同。",
        )
        self.writer.add(broker, self._at(AS_OF + self.rng.randrange(10, 60) * DAY))
        return broker

    def _person_broker(self, firm: Org | None, level: str) -> Broker:
        certificate = self._certificate(level)
        domain = self._domain()
        person = self._add_person(
            name=self.namer.chinese_person(),
            kind=PersonKind.EXPERT,
            title=LEVEL_TITLES[level],
            organization=firm or self.by_key["institute"],
            position=LEVEL_TITLES[level],
            starts_on=None,
            expertise=[FIELDS[domain]] if domain in FIELDS else [],
        )
        broker = Broker(
            person=person,
            fields_of_practice=self._fields((domain,)),
            default_commission_rate=Decimal(self.rng.choice(("2.5", "3", "4", "5"))),
            notes="",
            **certificate,
        )
        issued = certificate.get("certificate_issued_on") or AS_OF + 30 * DAY
        self.writer.add(broker, self._at(max(issued, AS_OF + DAY)))
        return broker

    def _introduce(self, broker: Broker, need: TechnicalNeed) -> Introduction:
        introduced_on = min(need.submitted_on + self.rng.randrange(0, 4) * DAY, self.today)
        introduction = Introduction(
            broker=broker,
            need=need,
            organization=need.organization,
            introduced_on=introduced_on,
            note="经纪人走访企业后协助提交需求。",
        )
        self.writer.add(introduction, self._at(introduced_on))
        return introduction

    def _deal(
        self,
        record: ContractRecord,
        brokers: list[Broker],
        introduced: dict[int, list[tuple[Broker, TechnicalNeed]]],
    ) -> None:
        agreement = record.obj
        signed_on = agreement.signed_on
        assert signed_on is not None
        # A need of the partner the broker introduced before the signing: the deal grew from it.
        grew_from = [
            (b, n)
            for b, n in introduced.get(record.partner.obj.pk, [])
            if n.submitted_on <= signed_on
        ]
        need = None
        if grew_from and self.rng.random() < 0.8:
            broker, need = self.rng.choice(grew_from)
        else:
            broker = self.rng.choice(brokers)
        drafted = self._at(signed_on, lead=(5, 40))
        if broker.organization is not None:
            self.writer.add(
                AgreementParty(
                    agreement=agreement,
                    organization=broker.organization,
                    role=PartyRole.INTERMEDIARY,
                    signatory=self.namer.chinese_person().zh,
                ),
                drafted,
            )
        if agreement.value is not None and self.rng.random() < 0.8:
            rate = broker.default_commission_rate or Decimal(3)
            amount = (agreement.value * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)
            terms: dict[str, Any] = {
                "basis": CommissionBasis.RATE,
                "commission_rate": rate,
                "commission_amount": amount,
            }
        else:
            amount = Decimal(self.rng.randrange(1, 6) * 10000)
            terms = {
                "basis": CommissionBasis.FIXED,
                "commission_fixed": amount,
                "commission_amount": amount,
            }
        engagement = BrokerEngagement(
            broker=broker,
            agreement=agreement,
            currency=agreement.currency,
            need=need,
            note=self.rng.choice(DEAL_NOTES),
            **terms,
        )
        self.writer.add(engagement, drafted)
        # Commission is paid after the signing: half first, the rest later, some not yet.
        paid_on = min(signed_on + self.rng.randrange(10, 90) * DAY, self.today)
        roll = self.rng.random()
        if roll < 0.3 or amount <= 0:
            return
        first = (amount / 2).quantize(CENT) if roll < 0.75 else amount
        self._pay(engagement, first, paid_on)
        rest_on = paid_on + self.rng.randrange(60, 240) * DAY
        if first < amount and rest_on <= self.today and self.rng.random() < 0.5:
            self._pay(engagement, amount - first, rest_on)

    def _pay(self, engagement: BrokerEngagement, amount: Decimal, paid_on: datetime.date) -> None:
        self.writer.add(
            CommissionPayment(
                engagement=engagement,
                paid_on=paid_on,
                amount=amount,
                currency=engagement.currency,
                reference=f"PZ{paid_on:%Y%m}{self.rng.randrange(1000, 9999)}",
            ),
            self._at(paid_on),
        )
