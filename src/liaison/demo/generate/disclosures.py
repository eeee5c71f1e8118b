"""Invention disclosures: the one behind each achievement, and those the office did not keep."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from liaison.agreements.choices import AgreementKind, AgreementStatus
from liaison.disclosures.choices import DisclosureDecision, DisclosureEventKind, DisclosureStatus
from liaison.disclosures.models import (
    Disclosure,
    DisclosureEvent,
    DisclosureFunding,
    DisclosureInventor,
)
from liaison.disclosures.services import CASE_PREFIX

from .. import announcement as report
from ..texts import achievement_description, achievement_titles, topic
from ..vocabulary import DOMAINS, Term
from ..writer import Change
from .achievements import AchievementsGenerator
from .story import DAY, AchievementRecord, Expert, FigureGuardError, Org

# What the office writes down with each decision (the service asks for its reasons).
DECISION_NOTES: dict[str, tuple[str, ...]] = {
    DisclosureDecision.FILE_PATENT: (
        "检索未见相同技术方案公开，具备新颖性和创造性，产业化前景明确，建议申请发明专利。",
        "技术方案完整、可实施，已有企业表达合作意向，申请发明专利并考虑PCT国际申请。",
        "与研究院重点方向一致，权利要求可覆盖主要产品形态，申请发明专利予以保护。",
    ),
    DisclosureDecision.KNOW_HOW: (
        "核心在于工艺参数与配方，难以通过产品反向获知，以技术秘密形式保护更为有利。",
        "方案以工艺诀窍为主，申请专利将公开关键参数，作为技术秘密管理并限定知悉范围。",
    ),
    DisclosureDecision.RELEASE: (
        "与研究院发展方向关联度低，评估后无转化计划，按规定交由发明人自行处置。",
        "市场前景有限，研究院放弃申请，发明人可自行申请并承担费用。",
    ),
    DisclosureDecision.NO_ACTION: (
        "检索发现相近方案已公开，新颖性不足，暂不采取保护措施。",
        "技术方案尚不完整，建议补充实验数据后重新提交。",
    ),
}
WITHDRAW_REASONS = (
    "发明人拟补充实验数据后与后续成果合并提交。",
    "经与合作单位协商，该成果由合作单位牵头申请。",
)
FUNDING_PROJECTS: tuple[tuple[str, str], ...] = (
    ("wenzhou_stb", "温州市重大科技创新攻关项目"),
    ("wenzhou_stb", "温州市基础性科研项目"),
    ("zhejiang_stb", "浙江省重点研发计划项目"),
    ("zhejiang_stb", "浙江省自然科学基金项目"),
)
# The kinds of achievement the office keeps by filing patents; the others it keeps as know-how.
PATENTED_KINDS = frozenset({"patent", "material", "medical_device", "drug"})


@dataclass(eq=False)
class DisclosurePlan:
    """A disclosure being generated: numbered once all are dated, then written."""

    obj: Disclosure
    lead: Expert
    inventors: list[tuple[Expert, Decimal]]
    steps: list[tuple[str, datetime.date, dict[str, Any], str]]  # event, day, changes, note
    licensees: list[Org] = field(default_factory=list)
    funding: list[DisclosureFunding] = field(default_factory=list)
    record: AchievementRecord | None = None

    def day_of(self, kind: str) -> datetime.date | None:
        return next((day for step, day, _values, _note in self.steps if step == kind), None)


class DisclosuresGenerator(AchievementsGenerator):
    """Generates invention disclosures with their inventors' shares, funding and history."""

    def _shares(self, count: int) -> list[Decimal]:
        """Agreed contribution shares of `count` inventors, the lead's first, adding to 100."""
        if count == 1:
            return [Decimal(100)]
        if count == 3 and self.rng.random() < 0.15:  # an even split, to the fen
            return [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
        lead = self.rng.randrange(max(40, 100 - 30 * (count - 1)), 85 - 5 * count, 5)
        rest = 100 - lead
        shares = [lead]
        for left in range(count - 1, 0, -1):
            part = rest if left == 1 else self.rng.randrange(5, rest - 5 * (left - 1) + 1, 5)
            part = min(part, shares[-1])  # the lead contributed most
            shares.append(part)
            rest -= part
        shares[0] += rest  # what the caps left over goes to the lead
        return [Decimal(s) for s in shares]

    def _disclosure_dates(
        self, end: datetime.date, *, span: tuple[int, int] = (25, 110)
    ) -> list[datetime.date]:
        """Submission, acknowledgement, start of evaluation and decision, ending on `end`,
        squeezed after the institute's founding when `end` comes soon after it."""
        gaps = [
            self.rng.randrange(1, 8),
            self.rng.randrange(0, 8),
            self.rng.randrange(span[0], span[1]),
        ]
        floor = report.INSTITUTE_FOUNDED_ON + 3 * DAY
        room = (end - floor).days
        total = sum(gaps)
        if total > room:
            gaps = [gap * max(room, 0) // total for gap in gaps]
        days = [end]
        for gap in reversed(gaps):
            days.insert(0, days[0] - gap * DAY)
        return days

    def _plan_disclosure(
        self,
        *,
        domain: str,
        lead: Expert,
        inventors: list[Expert],
        title: Term,
        description: str,
        center: Any,
        submitted_on: datetime.date,
        steps: list[tuple[str, datetime.date, dict[str, Any], str]],
        record: AchievementRecord | None = None,
    ) -> DisclosurePlan:
        conceived_on = max(
            submitted_on - self.rng.randrange(30, 300) * DAY, datetime.date(2018, 1, 1)
        )
        decision = next(
            (values["decision"] for _k, _d, values, _n in steps if "decision" in values), ""
        )
        planned = None
        if decision == DisclosureDecision.FILE_PATENT and self.rng.random() < 0.4:
            planned = submitted_on + self.rng.randrange(120, 300) * DAY
        first_public = None
        if decision == DisclosureDecision.RELEASE and self.rng.random() < 0.5:
            first_public = self._day(conceived_on, submitted_on)
        disclosure = Disclosure(
            title_zh=title.zh,
            title_en=title.en,
            description=description,
            center=center,
            conceived_on=conceived_on,
            first_public_on=first_public,
            planned_publication_on=planned,
            submitted_on=submitted_on,
        )
        for _kind, _day, values, _note in steps:
            for name, value in values.items():
                setattr(disclosure, name, value)
        shares = self._shares(len(inventors))
        licensees = []
        firms = self.enterprises.get(domain, [])
        if firms and decision in {DisclosureDecision.FILE_PATENT, DisclosureDecision.KNOW_HOW}:
            licensees = self.rng.sample(firms, min(len(firms), self.rng.randrange(0, 3)))
        plan = DisclosurePlan(
            obj=disclosure,
            lead=lead,
            inventors=list(zip(inventors, shares, strict=True)),
            steps=steps,
            licensees=licensees,
            record=record,
        )
        plan.funding = self._funding(disclosure, domain, submitted_on)
        return plan

    def _funding(
        self, disclosure: Disclosure, domain: str, submitted_on: datetime.date
    ) -> list[DisclosureFunding]:
        """A government project behind most inventions; a development contract behind some."""
        sources = []
        if self.rng.random() < 0.6:
            key, project = self.rng.choice(FUNDING_PROJECTS)
            year = self.rng.randrange(max(2019, submitted_on.year - 2), submitted_on.year + 1)
            sources.append(
                DisclosureFunding(
                    disclosure=disclosure,
                    sponsor=self.by_key[key].obj,
                    project=f"{project}（{year}{self.rng.randrange(1, 400):03d}）",
                )
            )
        known, developments = self.developments.get(domain, (-1, []))
        if known != len(self.contracts):  # one pass over the contracts per domain, not per call
            developments = [
                c
                for c in self.contracts
                if c.domain == domain and c.obj.kind == AgreementKind.TECH_DEVELOPMENT
            ]
            self.developments[domain] = (len(self.contracts), developments)
        contracts = [
            c
            for c in developments
            if c.obj.signed_on is not None
            and c.obj.signed_on < submitted_on
            and c.obj.status != AgreementStatus.DRAFT
        ]
        if contracts and self.rng.random() < 0.3:
            contract = self.rng.choice(contracts)
            rights = self.rng.random() < 0.5
            sources.append(
                DisclosureFunding(
                    disclosure=disclosure,
                    sponsor=contract.partner.obj,
                    agreement=contract.obj,
                    project=contract.obj.title_zh,
                    sponsor_has_rights=rights,
                    rights_note=(
                        "合同约定委托方在同等条件下享有优先受让权或优先实施许可权。"
                        if rights
                        else ""
                    ),
                )
            )
        return sources

    def _steps_to(
        self,
        status: str,
        days: list[datetime.date],
        *,
        decision: str = "",
        withdraw_on: datetime.date | None = None,
    ) -> list[tuple[str, datetime.date, dict[str, Any], str]]:
        """The dated steps of a disclosure up to `status` (the case number comes later)."""
        submitted_on, acknowledged_on, started_on, decided_on = days
        steps: list[tuple[str, datetime.date, dict[str, Any], str]] = [
            (DisclosureEventKind.SUBMITTED, submitted_on, {}, "")
        ]
        order: list[str] = [
            DisclosureStatus.ACKNOWLEDGED,
            DisclosureStatus.UNDER_EVALUATION,
            DisclosureStatus.DECIDED,
        ]
        reached = (
            order.index(status) + 1
            if status in order
            else len(order)
            if status == DisclosureStatus.ACCEPTED
            else 0
        )
        if status == DisclosureStatus.WITHDRAWN:
            reached = self.rng.randrange(0, 3)
        if reached >= 1:
            steps.append(
                (
                    DisclosureEventKind.ACKNOWLEDGED,
                    acknowledged_on,
                    {
                        "status": DisclosureStatus.ACKNOWLEDGED,
                        "case_number": None,  # numbered once every disclosure is dated
                        "acknowledged_on": acknowledged_on,
                        "responsible": self.office,
                    },
                    "",
                )
            )
        if reached >= 2:
            steps.append(
                (
                    DisclosureEventKind.EVALUATION_STARTED,
                    started_on,
                    {"status": DisclosureStatus.UNDER_EVALUATION},
                    "",
                )
            )
        if reached >= 3:
            note = self.rng.choice(DECISION_NOTES[decision])
            steps.append(
                (
                    DisclosureEventKind.DECIDED,
                    decided_on,
                    {
                        "status": DisclosureStatus.DECIDED,
                        "decision": decision,
                        "decided_on": decided_on,
                        "decision_note": note,
                    },
                    note,
                )
            )
        if status == DisclosureStatus.WITHDRAWN:
            assert withdraw_on is not None
            reason = self.rng.choice(WITHDRAW_REASONS)
            day = max(withdraw_on, steps[-1][1])
            steps.append(
                (DisclosureEventKind.WITHDRAWN, day, {"status": DisclosureStatus.WITHDRAWN}, reason)
            )
        return steps

    def _achievement_disclosure(self, record: AchievementRecord) -> DisclosurePlan:
        """The disclosure an achievement was accepted from, decided shortly before it started."""
        achievement = record.obj
        # The biomedical materials of the announcement are patented, whatever their kind.
        kept = (
            DisclosureDecision.FILE_PATENT
            if achievement.kind in PATENTED_KINDS
            or record.domain == "biomaterials"
            or (achievement.kind == "process" and self.rng.random() < 0.5)
            else DisclosureDecision.KNOW_HOW
        )
        accepted_on = record.started_on
        days = self._disclosure_dates(accepted_on - self.rng.randrange(0, 15) * DAY)
        steps = self._steps_to(DisclosureStatus.ACCEPTED, days, decision=kept)
        steps.append(
            (
                DisclosureEventKind.ACCEPTED,
                accepted_on,
                {"status": DisclosureStatus.ACCEPTED, "achievement": achievement},
                "",
            )
        )
        return self._plan_disclosure(
            domain=record.domain,
            lead=record.inventors[0],
            inventors=record.inventors,
            title=Term(achievement.title_zh, achievement.title_en),
            description=achievement.description,
            center=achievement.center,
            submitted_on=days[0],
            steps=steps,
            record=record,
        )

    def _other_disclosure(self, status: str, end: datetime.date) -> DisclosurePlan:
        """A disclosure the office did not (or not yet) keep: decided, withdrawn or open."""
        domain = self._domain()
        lead = self.rng.choice(self.researchers[domain])
        others = self.rng.sample(self.researchers[domain], self.rng.randrange(0, 3))
        inventors = list(dict.fromkeys([lead, *others]))
        t = topic(self.rng, DOMAINS[domain], subject=self.rng.choice(lead.subjects))
        kind = self.rng.choice(("patent", "material", "process"))
        title = Term(*achievement_titles(self.rng, t, kind=kind))
        description = achievement_description(self.rng, t, english=self.rng.random() < 0.2)
        decision = ""
        if status == DisclosureStatus.DECIDED:
            decision = self.rng.choice(
                (DisclosureDecision.RELEASE, DisclosureDecision.NO_ACTION)
                if end < self.today - 30 * DAY
                else (DisclosureDecision.FILE_PATENT, DisclosureDecision.KNOW_HOW)
            )
        days = self._disclosure_dates(end, span=(10, 60))
        steps = self._steps_to(status, days, decision=decision, withdraw_on=end)
        return self._plan_disclosure(
            domain=domain,
            lead=lead,
            inventors=inventors,
            title=title,
            description=description,
            center=self.home_centers[domain].obj,
            submitted_on=days[0],
            steps=steps,
        )

    def _volume_disclosure_plans(self) -> list[DisclosurePlan]:
        """Disclosures the office released or left alone, withdrawn ones, and the open queue."""
        plans = []
        first = report.INSTITUTE_FOUNDED_ON + 120 * DAY
        for _ in range(self._count("disclosures_declined")):  # more each year, as it grows
            plans.append(
                self._other_disclosure(
                    DisclosureStatus.DECIDED, self._day(first, self.today - 60 * DAY, late=True)
                )
            )
        for _ in range(self._count("disclosures_withdrawn")):
            plans.append(
                self._other_disclosure(
                    DisclosureStatus.WITHDRAWN, self._day(first, self.today - 30 * DAY)
                )
            )
        # The office's queue today: submitted, acknowledged, under evaluation, decided to keep.
        for _ in range(self._count("disclosures_open")):
            status = self.rng.choice(
                (
                    DisclosureStatus.SUBMITTED,
                    DisclosureStatus.ACKNOWLEDGED,
                    DisclosureStatus.UNDER_EVALUATION,
                    DisclosureStatus.UNDER_EVALUATION,
                    DisclosureStatus.DECIDED,
                )
            )
            plans.append(
                self._other_disclosure(status, self.today - self.rng.randrange(0, 20) * DAY)
            )
        return plans

    def _write_disclosures(self, plans: list[DisclosurePlan]) -> None:
        """Number the acknowledged disclosures by year in the order they were acknowledged,
        then write each with its inventors, funding, likely licensees and history."""
        acknowledged = sorted(
            (p for p in plans if p.day_of(DisclosureEventKind.ACKNOWLEDGED) is not None),
            key=lambda p: p.day_of(DisclosureEventKind.ACKNOWLEDGED) or self.today,
        )
        numbers: dict[int, int] = {}
        for plan in acknowledged:
            day = plan.day_of(DisclosureEventKind.ACKNOWLEDGED)
            assert day is not None
            numbers[day.year] = numbers.get(day.year, 0) + 1
            number = f"{CASE_PREFIX}-{day.year}-{numbers[day.year]:04d}"
            plan.obj.case_number = number
            for kind, _day, values, _note in plan.steps:
                if kind == DisclosureEventKind.ACKNOWLEDGED:
                    values["case_number"] = number
        for plan in sorted(plans, key=lambda p: p.steps[0][1]):
            self._write_disclosure(plan)

    def _write_disclosure(self, plan: DisclosurePlan) -> None:
        disclosure = plan.obj
        moments = [self._at(day) for _kind, day, _values, _note in plan.steps]
        submitted = moments[0]
        before = {
            "status": DisclosureStatus.SUBMITTED,
            "case_number": None,
            "responsible": None,
            "acknowledged_on": None,
            "decision": "",
            "decided_on": None,
            "decision_note": "",
            "achievement": None,
        }
        changes: list[Change] = [
            (moment, values)
            for moment, (_kind, _day, values, _note) in zip(
                moments[1:], plan.steps[1:], strict=True
            )
        ]
        if disclosure.status == DisclosureStatus.SUBMITTED and changes:
            raise FigureGuardError("a submitted disclosure has no steps")
        self.writer.add(disclosure, submitted, before=before, changes=changes)
        for organization in plan.licensees:
            self.writer.add(
                Disclosure.likely_licensees.through(
                    disclosure=disclosure, organization=organization.obj
                ),
                submitted,
            )
        for inventor, share in plan.inventors:
            self.writer.add(
                DisclosureInventor(disclosure=disclosure, person=inventor.obj, share=share),
                submitted,
            )
        for source in plan.funding:
            self.writer.add(source, submitted)
        for moment, (kind, day, _values, note) in zip(moments, plan.steps, strict=True):
            if kind == DisclosureEventKind.ACKNOWLEDGED:
                note = f"案号 {disclosure.case_number}；负责人：{self.office or '—'}。"
            elif kind == DisclosureEventKind.DECIDED:
                note = f"{DisclosureDecision(disclosure.decision).label}: {note}"
            elif kind == DisclosureEventKind.ACCEPTED and disclosure.achievement is not None:
                note = f"成为成果“{disclosure.achievement.title_zh}”。"
            self.writer.add(
                DisclosureEvent(
                    disclosure=disclosure,
                    kind=kind,
                    happened_on=day,
                    recorded_by=self.writer.by,
                    note=note,
                ),
                moment,
            )
