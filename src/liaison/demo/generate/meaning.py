"""A need and an expert who share no word: the match across languages, from streams of their own.

Institutes like this one work with foreign experts whose profiles are written in English only,
and local enterprises write their needs in Chinese. The demo holds one such pair at every
scale and seed: Yiding, the dressing maker of the joint R&D center of 2023-05-06, asks in
Chinese for dissolving microneedle patches (a biomaterials topic no other expert of the demo
lists), and a professor at the University of Twente, one of the foreign universities in
in-depth cooperation with the institute, works on exactly that, in English. The need holds no Latin
letter, so the two share no word: only a ranking by meaning can bring them together, and
the candidates' explanation then quotes the sentence of the profile that matched.

The need is submitted and triaged after the report (it moves no figure of 2023-05-08) and
has no candidates yet: the office finds them. Names and days come from a random stream of
its own, and its history from a clock of its own, so the records before it come out as
they did without it.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from liaison.core.choices import Confidentiality, Currency
from liaison.needs.choices import NeedStatus
from liaison.needs.models import TechnicalNeed
from liaison.people.choices import PersonKind
from liaison.people.models import Person

from .. import announcement as report
from ..names import PersonName
from ..vocabulary import Term
from .needs import NEED_SUBMITTED, NeedsGenerator
from .story import AS_OF, DAY, Expert, values_of

# The partner the expert works at (a foreign university of the biomaterials domain).
EXPERT_ORGANIZATION = "twente"
EXPERT_TITLE = Term("教授", "Professor")
# The expertise and profile, in English only; each sentence says one thing, so the one
# nearest the need can be quoted on its own.
EXPERT_EXPERTISE = (
    "dissolving microneedles",
    "transdermal drug delivery",
    "water-soluble polymers",
)
EXPERT_PROFILE = (
    "{name} is a professor of biomedical engineering at the University of Twente. "
    "The group designs dissolving microneedle patches: arrays of polymer needles shorter than "
    "a millimetre that pierce only the outer layer of the skin and melt within minutes to "
    "release the medicine they carry. "
    "Patches made from hyaluronic acid and other water-soluble polymers have delivered "
    "vaccines, insulin and cosmetic actives without injections or pain. "
    "The group also studies how such needles stay stiff enough to be pressed into the skin, "
    "how to dose them precisely, and how to make them at scale and store them without "
    "refrigeration."
)

# The need, in Chinese only: no Latin letter, so no word it could share with the profile.
NEED_ORGANIZATION = report.YIDING.key
NEED_TITLE = "无痛透皮的微针贴片"
NEED_DESCRIPTION = (
    "我公司多年生产各类贴剂，计划开发一种贴在皮肤上的微针贴片：针长不足一毫米，只刺入表皮层，"
    "几分钟内化开，把所载的药送进皮肤，替代部分注射，且不感到疼痛。"
    "目前自制样品的针太软，按压时容易弯折，每片的剂量也难以控制；"
    "同时希望成品无需冷藏即可保存和运输。"
    "寻求熟悉微针配方、成型和量产的专家合作。"
)


class MeaningGenerator(NeedsGenerator):
    """Generates the English-only expert and the Chinese need that only meaning matches."""

    def _across_languages(self) -> None:
        self._use_stream("meaning")
        clock = self.clock
        self.clock = random.Random(f"liaison-demo:{self.seed}:meaning-history")
        try:
            self._english_only_expert()
            self._chinese_need()
        finally:
            self.clock = clock

    def _english_only_expert(self) -> Expert:
        organization = self.by_key[EXPERT_ORGANIZATION]
        name: PersonName = self.namer.foreign_person()
        person: Person = self._add_person(
            name=name,
            kind=PersonKind.EXPERT,
            title=EXPERT_TITLE.en,
            organization=organization,
            starts_on=datetime.date(self.rng.randrange(2008, 2016), 9, 1),
            expertise=list(EXPERT_EXPERTISE),
            profile=EXPERT_PROFILE.format(name=name.en),
            foreign=True,
            # The office's search leaves out the experts who are not available.
            available=True,
        )
        return self._register(
            Expert(person, "biomaterials", [], internal=False, organization=organization)
        )

    def _chinese_need(self) -> TechnicalNeed:
        org = self.by_key[NEED_ORGANIZATION]
        # Recent, and after the report whatever day today is (the demo starts 30 days after).
        submitted_on = self._day(max(AS_OF + DAY, self.today - 40 * DAY), self.today - 10 * DAY)
        triaged_on = min(submitted_on + self.rng.randrange(2, 8) * DAY, self.today)
        centers = [c for c in org.centers if "biomaterials" in c.domains]
        center = centers[0] if centers else self.home_centers["biomaterials"]
        need = TechnicalNeed(
            title=NEED_TITLE,
            description=NEED_DESCRIPTION,
            organization=org.obj,
            contact=org.contacts[0] if org.contacts else None,
            domains=["biomaterials"],
            budget=Decimal(self.rng.randrange(30, 120) * 10000),
            currency=Currency.CNY,
            deadline=submitted_on + self.rng.randrange(180, 360) * DAY,
            confidentiality=Confidentiality.INTERNAL,
            status=NeedStatus.TRIAGED,
            submitted_on=submitted_on,
            triaged_on=triaged_on,
            assigned_center=center.obj,
        )
        triage = values_of(need, "triaged_on", "assigned_center")
        self.writer.add(
            need,
            self._at(submitted_on),
            before=NEED_SUBMITTED,
            changes=[(self._at(triaged_on), {"status": NeedStatus.TRIAGED} | triage)],
        )
        return need
