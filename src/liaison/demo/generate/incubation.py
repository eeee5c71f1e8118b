"""Incubated companies and students trained jointly (issue 21), from random streams of their own.

The incubation center of the announcement (signed with the equity-service group on
2023-05-06) admits companies from the week after the report: the spin-offs the institute
invested an achievement in (transfer.py made them), start-ups its researchers founded, and
outside tenants. Each moves in, uses space and services, reaches milestones, and some graduate,
one moves out; the spin-offs raise rounds while incubated. Students and postdocs are trained
under the all-round agreement with Ningbo University signed that day and under the institute's
other agreements with universities, supervised by a researcher of the institute and an expert
of the university, and some have graduated.

Nothing here is dated on or before 2023-05-08, so the report's six figures stay as they are;
records and history come from streams of their own, so the records before them do not move.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from liaison.agreements.choices import AgreementKind, PartyRole
from liaison.agreements.models import Agreement
from liaison.centers.choices import CenterKind
from liaison.financing.choices import RoundKind, RoundStatus
from liaison.incubation.choices import IncubationStatus, MilestoneKind, Origin, ResourceKind
from liaison.incubation.models import Incubation, IncubationMilestone, IncubationResource
from liaison.organizations.choices import OrganizationKind
from liaison.people.choices import PersonKind
from liaison.training.choices import SupervisionSide, TraineeLevel, TraineeStatus
from liaison.training.models import Supervision, Trainee

from .. import announcement as report
from .financing import FinancingGenerator
from .story import AS_OF, DAY, AchievementRecord, CenterRecord, Expert, Org
from .transfer import TransferGenerator

# The volume of one unit of scale (the spin-offs are those transfer.py founded).
INCUBATION_PER_SCALE = {
    "researchers_startups": 1.0,
    "outside_tenants": 2.0,
    "ningbo_trainees": 4.0,
    "other_trainees": 3.0,
}
INCUBATION_BEFORE = {
    "status": IncubationStatus.ADMITTED,
    "incubating_since": None,
    "exited_on": None,
    "exit_note": "",
}
TRAINEE_BEFORE = {"status": TraineeStatus.IN_TRAINING, "ends_on": None}
# How long each level trains at the institute, in months (a student may join in a later
# year of their degree), and how the levels are weighted.
TRAINING_MONTHS = {
    TraineeLevel.BACHELOR: (6, 12),
    TraineeLevel.MASTER: (12, 36),
    TraineeLevel.DOCTORATE: (24, 48),
    TraineeLevel.POSTDOC: (24, 36),
}
LEVEL_WEIGHTS = {
    TraineeLevel.BACHELOR: 2,
    TraineeLevel.MASTER: 6,
    TraineeLevel.DOCTORATE: 3,
    TraineeLevel.POSTDOC: 1,
}
LEVEL_TITLES = {
    TraineeLevel.BACHELOR: "本科生",
    TraineeLevel.MASTER: "硕士研究生",
    TraineeLevel.DOCTORATE: "博士研究生",
    TraineeLevel.POSTDOC: "博士后",
}
MILESTONES = {
    MilestoneKind.PRODUCT: "首款产品完成样机并上市",
    MilestoneKind.FIRST_CUSTOMER: "签订首个客户订单",
    MilestoneKind.REGISTRATION: "取得医疗器械注册证/生产许可",
    MilestoneKind.REVENUE: "年度营业收入",
}
EXIT_NOTES = {
    IncubationStatus.GRADUATED: "完成孵化，迁入自有厂房独立运营。",
    IncubationStatus.MOVED_OUT: "因扩产需要，提前迁出孵化中心。",
}


@dataclass(eq=False)
class SignedAgreement:
    """An agreement the story signed, with its partners: what training may be agreed under."""

    obj: Agreement
    partners: list[Org]


class IncubationGenerator(TransferGenerator, FinancingGenerator):
    """Generates incubated companies and joint trainees."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.signed_agreements: list[SignedAgreement] = []

    def _agreement(self, **kwargs: Any) -> Agreement:
        """Every agreement, noted with its partners (the training is agreed under one)."""
        agreement = super()._agreement(**kwargs)
        self.signed_agreements.append(
            SignedAgreement(agreement, [org for org, _role in kwargs["partners"]])
        )
        return agreement

    def _incubation_and_training(self) -> None:
        self._use_stream("incubation")
        clock = self.clock
        self.clock = random.Random(f"liaison-demo:{self.seed}:incubation-history")
        try:
            self._incubations()
            self._use_stream("training")
            self._trainees()
        finally:
            self.clock = clock

    def _scaled(self, key: str) -> int:
        expected = INCUBATION_PER_SCALE[key] * self.scale
        whole = int(expected)
        return whole + (1 if self.rng.random() < expected - whole else 0)

    # Incubation ----------------------------------------------------------------------------

    def _incubation_center(self) -> CenterRecord:
        return next(
            record
            for records in self.centers.values()
            for record in records
            if record.obj.kind == CenterKind.INCUBATION
            and record.obj.name_zh == report.INCUBATION_CENTER.name_zh
        )

    def _incubations(self) -> None:
        center = self._incubation_center()
        opened = max(AS_OF + DAY, center.obj.established_on or AS_OF)
        last = self.today - 30 * DAY
        if last <= opened:
            return
        by_obj = {id(o.obj): o for o in self.orgs}
        used: set[int] = set()
        # The spin-offs: admitted as they were founded, on the achievement invested in them.
        for record, shares in self.equity:
            org = by_obj[id(shares.payer)]
            founded = max(org.obj.founded_on or opened, opened)
            if founded > last:
                continue
            used.add(id(org))
            self._admit(
                center,
                org,
                Origin.SPIN_OFF,
                admitted_on=self._day(founded, min(last, founded + 60 * DAY)),
                achievement=record,
                founders=[e.obj for e in record.inventors[:2] if e.internal],
                shareholding=Decimal(self.rng.randrange(10, 35)),
            )
        young = [
            o
            for o in self.orgs
            if o.kind == OrganizationKind.ENTERPRISE
            and o.local
            and self._young(o)
            and id(o) not in used
            and (o.obj.founded_on or self.today) <= last
        ]
        self.rng.shuffle(young)
        for org in young[: self._scaled("researchers_startups")]:
            used.add(id(org))
            researchers = self.researchers.get(org.domain or "", [])
            founded = max(org.obj.founded_on or opened, opened)
            self._admit(
                center,
                org,
                Origin.RESEARCHERS_STARTUP,
                admitted_on=self._day(founded, min(last, founded + 120 * DAY)),
                founders=[e.obj for e in self.rng.sample(researchers, min(2, len(researchers)))],
                shareholding=Decimal(self.rng.randrange(5, 20))
                if self.rng.random() < 0.5
                else None,
            )
        tenants = [
            o
            for o in self.orgs
            if o.kind == OrganizationKind.ENTERPRISE
            and o.local
            and id(o) not in used
            and (o.obj.founded_on or opened) <= last
        ]
        for org in self.rng.sample(tenants, min(len(tenants), self._scaled("outside_tenants"))):
            founded = max(org.obj.founded_on or opened, opened)
            self._admit(
                center, org, Origin.OUTSIDE_TENANT, admitted_on=self._day(founded, last, late=True)
            )

    def _admit(
        self,
        center: CenterRecord,
        org: Org,
        origin: str,
        *,
        admitted_on: datetime.date,
        achievement: AchievementRecord | None = None,
        founders: list[Any] | None = None,
        shareholding: Decimal | None = None,
    ) -> None:
        """A company's stay: its agreement, moving in, space, milestones, rounds, its exit."""
        agreement = self._agreement(
            kind=AgreementKind.INCUBATION,
            partners=[(org, PartyRole.PARTNER)],
            title=self._titles(AgreementKind.INCUBATION, org, None),
            signed_on=admitted_on,
            term_days=self.rng.randrange(2, 4) * 365,
        )
        since = min(admitted_on + self.rng.randrange(3, 30) * DAY, self.today)
        status, exited_on, note = IncubationStatus.INCUBATING, None, ""
        # Graduating takes a year and a half at least; one company in a few moves out early.
        if (self.today - since).days > 540:
            roll = self.rng.random()
            if roll < 0.45:
                status = IncubationStatus.GRADUATED
                exited_on = self._day(since + 540 * DAY, self.today)
            elif roll < 0.6:
                status = IncubationStatus.MOVED_OUT
                exited_on = self._day(since + 90 * DAY, self.today)
        elif (self.today - since).days > 120 and self.rng.random() < 0.1:
            status = IncubationStatus.MOVED_OUT
            exited_on = self._day(since + 60 * DAY, self.today)
        if exited_on is not None:
            note = EXIT_NOTES[status]
        area = Decimal(self.rng.randrange(4, 40) * 10)
        incubation = Incubation(
            organization=org.obj,
            center=center.obj,
            origin=origin,
            achievement=achievement.obj if achievement else None,
            agreement=agreement,
            admitted_on=admitted_on,
            status=status,
            incubating_since=since,
            exited_on=exited_on,
            exit_note=note,
            institute_shareholding=shareholding,
            space=f"孵化楼{self.rng.randrange(1, 4)}号楼{self.rng.randrange(2, 9)}层",
            area_m2=area,
        )
        changes = [
            (self._at(since), {"status": IncubationStatus.INCUBATING, "incubating_since": since})
        ]
        if exited_on is not None:
            changes.append(
                (self._at(exited_on), {"status": status, "exited_on": exited_on, "exit_note": note})
            )
        admitted = self._at(admitted_on)
        self.writer.add(incubation, admitted, before=INCUBATION_BEFORE, changes=changes)
        for person in founders or []:
            self.writer.add(
                Incubation.founders.through(incubation=incubation, person=person), admitted
            )
        if achievement is not None:
            self.writer.add(
                Incubation.achievements.through(incubation=incubation, achievement=achievement.obj),
                admitted,
            )
        until = exited_on or self.today
        self.writer.add(
            IncubationResource(
                incubation=incubation,
                kind=self.rng.choice((ResourceKind.OFFICE_SPACE, ResourceKind.LAB_SPACE)),
                starts_on=since,
                ends_on=exited_on,
                area_m2=area,
                fee=area * Decimal(self.rng.randrange(20, 45)) * 12,
                note="首年租金减免50%。",
            ),
            self._at(since),
        )
        for service in (ResourceKind.SHARED_SERVICES, ResourceKind.MENTORING):
            if self.rng.random() < 0.6:
                self.writer.add(
                    IncubationResource(
                        incubation=incubation,
                        kind=service,
                        starts_on=self._day(since, until),
                        note="孵化中心公共技术平台与创业导师服务。",
                    ),
                    self._at(since),
                )
        reached = since
        for kind, evidence in MILESTONES.items():
            if (until - reached).days < 60 or self.rng.random() < 0.35:
                continue
            reached = self._day(reached + 30 * DAY, until)
            amount = (
                Decimal(self.rng.randrange(50, 2000) * 10000)
                if kind == MilestoneKind.REVENUE
                else None
            )
            self.writer.add(
                IncubationMilestone(
                    incubation=incubation,
                    kind=kind,
                    reached_on=reached,
                    evidence=evidence,
                    amount=amount,
                ),
                self._at(reached),
            )
        # A spin-off raises a round while incubated (its angel or seed money).
        if origin == Origin.SPIN_OFF and (until - since).days > 90:
            announced_on = self._day(since, until - 60 * DAY)
            self._round(
                venture=org,
                achievement=achievement,
                kind=self.rng.choice((RoundKind.ANGEL, RoundKind.SEED)),
                amount=Decimal(self.rng.randrange(100, 800) * 10000),
                announced_on=announced_on,
                status=RoundStatus.CLOSED,
                closed_on=self._after(announced_on, 10, 50),
            )

    # Joint training ------------------------------------------------------------------------

    def _training_agreements(self, ningbo: SignedAgreement | None) -> list[SignedAgreement]:
        """The institute's other signed agreements with universities that training may be
        agreed under (no figure of the report counts a trainee)."""
        others = []
        for signed in self.signed_agreements:
            agreement = signed.obj
            if signed is ningbo or agreement.signed_on is None:
                continue
            if agreement.kind not in {AgreementKind.FRAMEWORK, AgreementKind.TALENT_TRAINING}:
                continue
            universities = [o for o in signed.partners if o.kind == OrganizationKind.UNIVERSITY]
            if universities:
                others.append(signed)
        return others

    def _the_ningbo_agreement(self) -> SignedAgreement | None:
        ningbo = self.by_key["ningbo_university"]
        for signed in self.signed_agreements:
            if (
                ningbo in signed.partners
                and signed.obj.kind == AgreementKind.FRAMEWORK
                and signed.obj.signed_on == report.MAY_SIGNING.held_on
            ):
                return signed
        return None

    def _trainees(self) -> None:
        ningbo = self._the_ningbo_agreement()
        others = self._training_agreements(ningbo)
        if ningbo is not None:
            for _ in range(max(2, self._scaled("ningbo_trainees"))):
                self._trainee(ningbo)
        for _ in range(self._scaled("other_trainees") if others else 0):
            self._trainee(self.rng.choice(others))

    def _partner_supervisor(self, university: Org, domain: str) -> Expert:
        experts = [e for e in university.experts if not e.internal]
        if experts:
            return self.rng.choice(experts)
        return self._outside_expert(organization=university, domain=domain)

    def _trainee(self, signed: SignedAgreement) -> None:
        agreement = signed.obj
        assert agreement.signed_on is not None
        university = next(o for o in signed.partners if o.kind == OrganizationKind.UNIVERSITY)
        end = min(agreement.ended_on or self.today, self.today - 30 * DAY)
        start = max(agreement.signed_on, report.INSTITUTE_FOUNDED_ON)
        if end <= start:
            return
        level = self.rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()))[0]
        starts_on = self._day(start, end)
        domain = self.rng.choice(
            [d for d in university.domains if self.researchers.get(d)]
            or [d for d in self.researchers if self.researchers[d]]
        )
        mentor = self.rng.choice(self.researchers[domain])
        name = self.namer.chinese_person()
        student = self._add_person(
            name=name,
            kind=PersonKind.EXPERT,
            title=LEVEL_TITLES[level],
            organization=university,
            position=LEVEL_TITLES[level],
            starts_on=starts_on,
            expertise=[mentor.subjects[0].zh] if mentor.subjects else [],
        )
        status, ends_on = TraineeStatus.IN_TRAINING, None
        due = starts_on + self.rng.randrange(*TRAINING_MONTHS[level]) * 30 * DAY
        if due <= self.today:
            status = TraineeStatus.GRADUATED if self.rng.random() < 0.9 else TraineeStatus.WITHDREW
            ends_on = min(self._day(due - 30 * DAY, due + 60 * DAY), self.today)
        elif self.rng.random() < 0.05:
            status, ends_on = TraineeStatus.WITHDREW, self._day(starts_on, self.today)
        subject = mentor.subjects[0] if mentor.subjects else None
        trainee = Trainee(
            person=student,
            agreement=agreement,
            level=level,
            center=self.home_centers[domain].obj if domain in self.home_centers else None,
            starts_on=starts_on,
            ends_on=ends_on,
            status=status,
            title=f"{subject.zh}研究" if subject else "",
        )
        created = self._at(starts_on)
        changes = []
        if ends_on is not None:
            changes.append((self._at(ends_on), {"status": status, "ends_on": ends_on}))
        self.writer.add(trainee, created, before=TRAINEE_BEFORE, changes=changes)
        self.writer.add(
            Supervision(trainee=trainee, supervisor=mentor.obj, side=SupervisionSide.INSTITUTE),
            created,
        )
        partner = self._partner_supervisor(university, domain)
        self.writer.add(
            Supervision(trainee=trainee, supervisor=partner.obj, side=SupervisionSide.PARTNER),
            created,
        )
