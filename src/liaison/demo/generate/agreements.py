"""Agreements: signing events, contracts and cooperation, and the joint centers they found."""

from __future__ import annotations

import datetime
from decimal import Decimal

from liaison.agreements.choices import AgreementKind, AgreementStatus, PartyRole
from liaison.agreements.models import Agreement, AgreementParty, PaymentMilestone, SigningEvent
from liaison.centers.choices import AppointmentRole, CenterKind, CenterStatus, CommitteeKind
from liaison.centers.models import Committee
from liaison.core.choices import Confidentiality, Currency
from liaison.organizations.choices import OrganizationKind

from .. import announcement as report
from ..texts import Topic, agreement_description, contract_obligations, topic
from ..vocabulary import DOMAIN_KEYS, DOMAINS, TERMINATION_REASONS, Term
from ..writer import Change
from .organizations import OrganizationsGenerator
from .story import (
    AS_OF,
    DAY,
    FIRST_DAY,
    INSTITUTION_KINDS,
    CenterRecord,
    ContractRecord,
    FigureGuardError,
    Org,
    cents,
    values_of,
    years_later,
)

HORIZONTAL_PARTNER_KINDS = frozenset({OrganizationKind.ENTERPRISE, OrganizationKind.HOSPITAL})
TECHNICAL_KINDS = (
    AgreementKind.TECH_DEVELOPMENT,
    AgreementKind.TECH_TRANSFER,
    AgreementKind.TECH_LICENSING,
    AgreementKind.TECH_CONSULTING,
    AgreementKind.TECH_SERVICE,
)
HORIZONTAL_AGREEMENT_KINDS = frozenset(
    {*TECHNICAL_KINDS, AgreementKind.JOINT_CENTER, AgreementKind.FRAMEWORK}
)
DEEP_AGREEMENT_KINDS = frozenset(
    {
        AgreementKind.FRAMEWORK,
        AgreementKind.JOINT_CENTER,
        AgreementKind.TALENT_TRAINING,
        AgreementKind.MOU,
    }
)
CORE_JOINT_RD_CENTERS = 6

KIND_CODES: dict[str, str] = {
    AgreementKind.FRAMEWORK: "KJ",
    AgreementKind.JOINT_CENTER: "GJ",
    AgreementKind.TECH_DEVELOPMENT: "JK",
    AgreementKind.TECH_TRANSFER: "JZ",
    AgreementKind.TECH_LICENSING: "XK",
    AgreementKind.TECH_CONSULTING: "ZX",
    AgreementKind.TECH_SERVICE: "FW",
    AgreementKind.TALENT_TRAINING: "PY",
    AgreementKind.INCUBATION: "FH",
    AgreementKind.INVESTMENT: "TZ",
    AgreementKind.MOU: "BW",
}
# The kind of center a joint-center agreement founds with a partner of each kind, and its name.
JOINT_CENTER_KINDS: dict[str, str] = {
    OrganizationKind.ENTERPRISE: CenterKind.JOINT_RD,
    OrganizationKind.HOSPITAL: CenterKind.MEDICAL_RESEARCH,
}
JOINT_CENTER_LABELS: dict[str, Term] = {
    CenterKind.JOINT_RD: Term("联合研发中心", "Joint R&D Center"),
    CenterKind.MEDICAL_RESEARCH: Term("医学研究中心", "Medical Research Center"),
    CenterKind.JOINT_RESEARCH: Term("联合研究中心", "Joint Research Center"),
}
# What technical contracts are worth, in thousands of yuan.
CONTRACT_VALUES: dict[str, tuple[int, int]] = {
    AgreementKind.TECH_DEVELOPMENT: (200, 3000),
    AgreementKind.TECH_TRANSFER: (500, 5000),
    AgreementKind.TECH_LICENSING: (200, 3000),
    AgreementKind.TECH_CONSULTING: (30, 300),
    AgreementKind.TECH_SERVICE: (20, 500),
}
HOSPITAL_CONTRACT_KINDS = (AgreementKind.TECH_SERVICE, AgreementKind.TECH_DEVELOPMENT)
# Transfers and licences of an achievement: their price is noticed before they are signed,
# for 15 days, so they are drafted at least this many days before.
PRICE_NOTICED_KINDS = frozenset({AgreementKind.TECH_TRANSFER, AgreementKind.TECH_LICENSING})
NOTICE_LEAD_DAYS = 25
# An agreement as it is drafted, before review, signature and force.
AGREEMENT_DRAFT: dict[str, object] = {
    "status": AgreementStatus.DRAFT,
    "signed_on": None,
    "effective_on": None,
    "ended_on": None,
    "end_reason": "",
    "registration_number": "",
    "technical_income": None,
}


def _technical_income(value: Decimal, number: int) -> Decimal:
    """The technical part of a registered contract's value the registry approves: 60 to 95 %
    of it, in thousands of yuan (from the agreement's number, so the demo's random draws and
    every figure they make stay as they were)."""
    share = Decimal(60 + (number * 7) % 36) / 100
    return (value * share / 1000).quantize(Decimal(1)) * 1000


SMALL_WORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to", "with"})


def _title_case(text: str) -> str:
    """English name style: "carbon fibre composites" → "Carbon Fibre Composites"."""
    words = text.split()
    return " ".join(
        w if (i and w in SMALL_WORDS) or w[:1].isupper() else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


class AgreementsGenerator(OrganizationsGenerator):
    """Generates agreements, each with its lifecycle, and the joint centers they found."""

    def _event(
        self, title: Term, held_on: datetime.date, place: str, description: str = ""
    ) -> SigningEvent:
        event = SigningEvent(
            title_zh=title.zh,
            title_en=title.en,
            held_on=held_on,
            place=place,
            description=description,
        )
        self.writer.add(event, self._at(held_on, lead=(30, 60)))
        return event

    def _guard_agreement(
        self,
        kind: str,
        parties: list[tuple[Org, str]],
        signed_on: datetime.date | None,
        ended_on: datetime.date | None,
    ) -> None:
        if signed_on is None or signed_on > AS_OF:
            return
        running = ended_on is None or ended_on > AS_OF
        for org, _role in parties:
            if org.is_institute:
                continue
            if kind in HORIZONTAL_AGREEMENT_KINDS and org.kind in HORIZONTAL_PARTNER_KINDS:
                if not org.partner:
                    raise FigureGuardError(
                        f"{org.obj.name_zh} would become a horizontal partner by 2023-05-08"
                    )
                org.partnered_by_then = True
            if kind in DEEP_AGREEMENT_KINDS and running and org.kind in INSTITUTION_KINDS:
                if not org.institution:
                    raise FigureGuardError(
                        f"{org.obj.name_zh} would be in in-depth cooperation on 2023-05-08"
                    )
                org.cooperating_then = True

    def _agreement(
        self,
        *,
        kind: str,
        partners: list[tuple[Org, str]],
        title: Term,
        signed_on: datetime.date | None,
        term_days: int,
        event: SigningEvent | None = None,
        value: Decimal | None = None,
        description: str = "",
        obligations: str = "",
        unsigned_status: str = AgreementStatus.DRAFT,
        running_on: datetime.date | None = None,
        ended_by: datetime.date | None = None,
        terminable: bool = True,
        noticed: bool = False,
    ) -> Agreement:
        """An agreement whose status and dates agree with each other and with today.

        `running_on`: still running on that day; `ended_by`: ended on or before that day;
        `terminable`: may be ended early; `noticed`: its price is noticed before it is signed
        (as a transfer's or licence's always is).
        """
        self.agreement_number += 1
        year = (signed_on or self.today).year
        status: str = unsigned_status
        effective_on = expires_on = ended_on = None
        end_reason = ""
        if signed_on is None:
            if self.rng.random() < 0.5:
                expires_on = self.today + self.rng.randrange(200, 1500) * DAY
        elif (self.today - signed_on).days < 30 and self.rng.random() < 0.5:
            status = AgreementStatus.SIGNED  # and not yet in force
            expires_on = signed_on + term_days * DAY
        else:
            effective_on = min(signed_on + self.rng.randrange(0, 8) * DAY, self.today)
            expires_on = effective_on + term_days * DAY
            if running_on is not None and expires_on <= running_on:
                expires_on = running_on + self.rng.randrange(30, 700) * DAY
            if ended_by is not None:
                expires_on = max(min(expires_on, ended_by), effective_on)
            # The earliest it may end: near its expiry, or when ended early, not in its first
            # two months; never on or before `running_on`.
            if expires_on < self.today:
                earliest = max(effective_on, expires_on - 150 * DAY)
            else:
                earliest = effective_on + 60 * DAY
            if running_on is not None:
                earliest = max(earliest, running_on + DAY)
            if expires_on < self.today:
                if kind in TECHNICAL_KINDS and self.rng.random() < 0.7:
                    status = AgreementStatus.COMPLETED
                    ended_on = self._day(min(earliest, expires_on), expires_on)
                else:
                    status, ended_on = AgreementStatus.EXPIRED, expires_on
            elif terminable and earliest < self.today and self.rng.random() < 0.04:
                status = AgreementStatus.TERMINATED
                ended_on = self._day(earliest, self.today)
                end_reason = self.rng.choice(TERMINATION_REASONS)
            else:
                status = AgreementStatus.IN_FORCE
        self._guard_agreement(kind, partners, signed_on, ended_on)
        technical = kind in TECHNICAL_KINDS
        agreement = Agreement(
            number=f"WZI-{year}-{KIND_CODES[kind]}-{self.agreement_number:05d}",
            title_zh=title.zh,
            title_en=title.en,
            kind=kind,
            status=status,
            signed_on=signed_on,
            effective_on=effective_on,
            expires_on=expires_on,
            ended_on=ended_on,
            end_reason=end_reason,
            value=value,
            currency=Currency.CNY,
            description=description,
            obligations=obligations,
            confidentiality=self.rng.choices(
                Confidentiality.values, weights=(10, 60, 28, 2) if technical else (40, 55, 5, 0)
            )[0],
            registration_number=(
                f"{year}330304{self.agreement_number:06d}"
                if technical and signed_on is not None and self.rng.random() < 0.8
                else ""
            ),
            signing_event=event,
        )
        if agreement.registration_number and value is not None:
            agreement.technical_income = _technical_income(value, self.agreement_number)
        if signed_on is None:  # a draft of this year's, as its number says
            drafted = self._at(self.today, lead=(0, min(150, self.today.timetuple().tm_yday - 1)))
        else:
            drafted = self._at(signed_on, lead=(10, 60))
            if kind in PRICE_NOTICED_KINDS or noticed:
                # Its price is noticed inside the institute before it is signed (Art. 18):
                # written down in time for the notice to run its days.
                shortfall = NOTICE_LEAD_DAYS - (signed_on - drafted.date()).days
                drafted -= max(0, shortfall) * DAY
        self.writer.add(
            agreement,
            drafted,
            before=AGREEMENT_DRAFT,
            changes=self._agreement_steps(agreement, drafted),
        )
        self.writer.add(
            AgreementParty(
                agreement=agreement,
                organization=self.by_key["institute"].obj,
                role=PartyRole.INSTITUTE,
            ),
            drafted,
        )
        for org, role in partners:
            self.writer.add(
                AgreementParty(agreement=agreement, organization=org.obj, role=role), drafted
            )
        if technical and value is not None:
            self.milestones[id(agreement)] = self._milestones(agreement, value, drafted)
        return agreement

    def _agreement_steps(self, agreement: Agreement, drafted: datetime.datetime) -> list[Change]:
        """The steps from a draft to the agreement's status: review, signature, force, end."""
        signed_on = agreement.signed_on
        last = signed_on or self.today
        steps: list[Change] = []
        if agreement.status != AgreementStatus.DRAFT:
            reviewed_on = drafted.date() + (last - drafted.date()) // 2
            steps.append((self._at(reviewed_on), {"status": AgreementStatus.UNDER_REVIEW}))
        if signed_on is None:
            return steps
        signed = {"status": AgreementStatus.SIGNED}
        steps.append(
            (
                self._at(signed_on),
                signed
                | values_of(agreement, "signed_on", "registration_number", "technical_income"),
            )
        )
        if agreement.effective_on is not None:
            in_force = {"status": AgreementStatus.IN_FORCE, "effective_on": agreement.effective_on}
            steps.append((self._at(agreement.effective_on), in_force))
        if agreement.ended_on is not None:
            ended = values_of(agreement, "status", "ended_on", "end_reason")
            steps.append((self._at(agreement.ended_on), ended))
        return steps

    def _milestones(
        self, agreement: Agreement, value: Decimal, drafted: datetime.datetime
    ) -> list[PaymentMilestone]:
        start = agreement.signed_on or self.today
        end = agreement.expires_on or years_later(start, 1)
        shares = (
            (Decimal("0.4"), "合同签订后预付款"),
            (Decimal("0.3"), "中期成果交付"),
            (Decimal("0.3"), "项目验收结题"),
        )
        last = agreement.ended_on or self.today
        milestones = []
        for number, (share, title) in enumerate(shares):
            due_on = [start + 15 * DAY, start + (end - start) // 2, end][number]
            done_on = None
            signed_on = agreement.signed_on
            if signed_on and agreement.status != AgreementStatus.SIGNED and due_on <= last:
                paid_on = min(due_on + self.rng.randrange(0, 20) * DAY, last)
                done_on = max(signed_on, paid_on)
            milestone = PaymentMilestone(
                agreement=agreement,
                title=title,
                due_on=due_on,
                amount=cents(value * share),
                currency=Currency.CNY,
                done_on=done_on,
            )
            self.writer.add(milestone, drafted)
            milestones.append(milestone)
        return milestones

    def _titles(self, kind: str, partner: Org, t: Topic | None, center: Term | None = None) -> Term:
        p = partner.name
        if kind == AgreementKind.FRAMEWORK:
            return Term(
                f"国科温州研究院与{p.zh}全面合作框架协议",
                f"Framework agreement on all-round cooperation with {p.en}",
            )
        if kind == AgreementKind.JOINT_CENTER:
            assert center is not None
            return Term(f"共建{center.zh}协议", f"Agreement to jointly build the {center.en}")
        if kind == AgreementKind.TALENT_TRAINING:
            return Term(
                f"国科温州研究院与{p.zh}研究生联合培养协议",
                f"Joint postgraduate training agreement with {p.en}",
            )
        if kind == AgreementKind.MOU:
            return Term(
                f"国科温州研究院与{p.zh}科技合作谅解备忘录",
                f"Memorandum of understanding on scientific cooperation with {p.en}",
            )
        if kind == AgreementKind.INCUBATION:
            return Term(f"{p.zh}入驻孵化协议", f"Incubation agreement: {p.en}")
        if kind == AgreementKind.INVESTMENT:
            return Term(f"{p.zh}投资协议", f"Investment agreement: {p.en}")
        assert t is not None
        s, m = t.subject, t.method
        test = self.rng.choice(t.domain.tests)
        titles: dict[str, Term] = {
            AgreementKind.TECH_DEVELOPMENT: Term(
                f"{s.zh}{m.zh}技术开发合同", f"Technology development contract: {m.en} for {s.en}"
            ),
            AgreementKind.TECH_TRANSFER: Term(
                f"{s.zh}技术转让合同", f"Technology transfer contract: {s.en}"
            ),
            AgreementKind.TECH_LICENSING: Term(
                f"{s.zh}专利实施许可合同", f"Patent licence contract: {s.en}"
            ),
            AgreementKind.TECH_CONSULTING: Term(
                f"{s.zh}{t.problem.zh}技术咨询合同",
                f"Technology consulting contract: {t.problem.en} of {s.en}",
            ),
            AgreementKind.TECH_SERVICE: Term(
                f"{s.zh}{test.zh}技术服务合同", f"Technology service contract: {test.en} of {s.en}"
            ),
        }
        return titles[kind]

    def _contract(
        self,
        *,
        partner: Org,
        signed_on: datetime.date | None,
        event: SigningEvent | None = None,
        unsigned_status: str = AgreementStatus.DRAFT,
    ) -> Agreement:
        """A technical contract (one of the five kinds) with `partner` about its domain."""
        if partner.kind == OrganizationKind.HOSPITAL:
            kind: str = self.rng.choice(HOSPITAL_CONTRACT_KINDS)
        else:
            kind = self.rng.choices(TECHNICAL_KINDS, weights=(35, 8, 7, 15, 35))[0]
        t = topic(self.rng, DOMAINS[partner.domain or self._domain()])
        role = (
            PartyRole.LICENSEE
            if kind in {AgreementKind.TECH_TRANSFER, AgreementKind.TECH_LICENSING}
            else PartyRole.CLIENT
        )
        agreement = self._agreement(
            kind=kind,
            partners=[(partner, role)],
            title=self._titles(kind, partner, t),
            signed_on=signed_on,
            term_days=self.rng.randrange(180, 800),
            event=event,
            value=Decimal(self.rng.randrange(*CONTRACT_VALUES[kind]) * 1000),
            description=f"{t.subject.zh}{t.method.zh}研究与应用，面向{t.application.zh}。",
            obligations=contract_obligations(self.rng, t),
            unsigned_status=unsigned_status,
        )
        self.contracts.append(ContractRecord(agreement, t.domain.key, t.subject, partner))
        return agreement

    def _cooperation(
        self,
        *,
        kind: str,
        partner: Org,
        signed_on: datetime.date | None,
        event: SigningEvent | None = None,
        running_on: datetime.date | None = None,
        ended_by: datetime.date | None = None,
        years: tuple[int, int] = (3, 6),
        renew: bool = False,
    ) -> Agreement:
        """A framework, talent-training agreement or memorandum with `partner`.

        `renew`: when it runs out before today, the parties sign it again on the day it ends.
        """
        domains = partner.domains or (self._domain(),)
        focus = [self.rng.choice(DOMAINS[d].subjects) for d in domains[:3]]
        title = self._titles(kind, partner, None)
        agreement = self._agreement(
            kind=kind,
            partners=[(partner, PartyRole.PARTNER)],
            title=title,
            signed_on=signed_on,
            term_days=self.rng.randrange(*years) * 365,
            event=event,
            description=agreement_description(partner=partner.obj.name_zh, focus=focus),
            running_on=running_on,
            ended_by=ended_by,
            terminable=not renew,
        )
        first = agreement
        while renew and agreement.status == AgreementStatus.EXPIRED:
            assert agreement.ended_on is not None
            agreement = self._agreement(
                kind=kind,
                partners=[(partner, PartyRole.PARTNER)],
                title=Term(f"{title.zh}（续签）", f"{title.en} (renewal)"),
                signed_on=agreement.ended_on,
                term_days=self.rng.randrange(*years) * 365,
                description=agreement_description(partner=partner.obj.name_zh, focus=focus),
                terminable=False,
            )
        return first

    def _joint_center(
        self,
        *,
        partners: tuple[Org, ...],
        name: Term,
        center_kind: str,
        domains: tuple[str, ...],
        signed_on: datetime.date,
        event: SigningEvent | None = None,
        running_on: datetime.date | None = None,
    ) -> CenterRecord:
        """A joint-center agreement and the center it founds, staffed from its first day."""
        focus = [s for d in domains for s in self.rng.sample(DOMAINS[d].subjects, 2)][:6]
        agreement = self._agreement(
            kind=AgreementKind.JOINT_CENTER,
            partners=[(p, PartyRole.PARTNER) for p in partners],
            title=self._titles(AgreementKind.JOINT_CENTER, partners[0], None, name),
            signed_on=signed_on,
            term_days=self.rng.randrange(3, 6) * 365,
            event=event,
            value=Decimal(self.rng.randrange(50, 1000) * 10000),
            description=agreement_description(
                partner="、".join(p.obj.name_zh for p in partners), focus=focus
            ),
            running_on=running_on,
        )
        center = self._center(
            name=name,
            kind=center_kind,
            domains=domains,
            established_on=signed_on,
            focus=focus,
            partners=partners,
            agreement=agreement,
            event=event,
            status=(
                CenterStatus.CLOSED
                if agreement.status in {AgreementStatus.TERMINATED, AgreementStatus.EXPIRED}
                else CenterStatus.ACTIVE
            ),
        )
        # The ceremony announces the center, not its director (the report names none).
        self._staff_center(center, signed_on, partner=partners[0])
        return center

    def _core_agreements_and_centers(self) -> None:
        k = self.by_key
        # 2023-05-06: the ceremony of the report.
        may = report.MAY_SIGNING
        may_event = self._event(
            Term(may.title_zh, may.title_en), may.held_on, may.place, may.description
        )
        self._cooperation(
            kind=AgreementKind.FRAMEWORK,
            partner=k["ningbo_university"],
            signed_on=may.held_on,
            event=may_event,
            running_on=self.today,
            years=(5, 6),
        )
        for reported in (
            report.JOINT_RD_CENTER,
            report.MEDICAL_RESEARCH_CENTER,
            report.INCUBATION_CENTER,
        ):
            self._joint_center(
                partners=tuple(k[key] for key in reported.partners),
                name=Term(reported.name_zh, reported.name_en),
                center_kind=reported.kind,
                domains=reported.domains,
                signed_on=may.held_on,
                event=may_event,
                running_on=self.today,
            )
        base = report.INTERNATIONAL_BASE
        self._center(
            name=Term(base.name_zh, base.name_en),
            kind=base.kind,
            domains=base.domains,
            established_on=may.held_on,
            event=may_event,
        )
        bmc_facts = report.BIOMEDICAL_MATERIALS_CENTER
        bmc = self._center(
            name=Term(bmc_facts.name_zh, bmc_facts.name_en),
            kind=bmc_facts.kind,
            domains=bmc_facts.domains,
            established_on=may.held_on,
            event=may_event,
        )
        committee = Committee(
            center=bmc.obj,
            kind=CommitteeKind.ACADEMIC,
            name_zh=report.ACADEMIC_COMMITTEE[0],
            name_en=report.ACADEMIC_COMMITTEE[1],
            established_on=may.held_on,
        )
        self.writer.add(committee, self._at(may.held_on))
        self._appoint(
            self.zhang, bmc, AppointmentRole.CHIEF_SCIENTIST, may.held_on, event=may_event
        )
        director = self.rng.choice(self.researchers["biomaterials"])
        self._appoint(director.obj, bmc, AppointmentRole.DIRECTOR, may.held_on)
        outside = [e for d in bmc.domains for e in self.experts[d] if not e.internal]
        inside = [e for d in bmc.domains for e in self.researchers[d] if e is not director]
        chosen = min(len(outside), 6)
        members = self.rng.sample(outside, chosen) + self.rng.sample(inside, 9 - chosen)
        roles = [AppointmentRole.COMMITTEE_CHAIR, AppointmentRole.COMMITTEE_VICE_CHAIR] + [
            AppointmentRole.COMMITTEE_MEMBER
        ] * (len(members) - 2)
        for member, role in zip(members, roles, strict=True):
            self._appoint(
                member.obj,
                bmc,
                role,
                may.held_on,
                years=4,
                committee=committee,
                event=may_event,
            )

        # February 2023: the three joint research centers.
        february = report.FEBRUARY_SIGNING
        feb_event = self._event(
            Term(february.title_zh, february.title_en),
            february.held_on,
            february.place,
            february.description,
        )
        feb_enterprise = k["february_enterprise"]
        for partner, name, domains in (
            (
                k["wmu_first_hospital"],
                Term(
                    "生物材料临床转化联合研究中心",
                    "Joint Research Center for the Clinical Translation of Biomaterials",
                ),
                ("biomaterials", "medical_engineering"),
            ),
            (
                k["wzu"],
                Term(
                    "绿色功能材料联合研究中心",
                    "Joint Research Center for Green Functional Materials",
                ),
                ("materials",),
            ),
            (
                feb_enterprise,
                Term(
                    f"{feb_enterprise.short.zh}创新药物递送联合研究中心",
                    f"{feb_enterprise.short.en} Joint Research Center for Innovative Drug Delivery",
                ),
                ("life_health",),
            ),
        ):
            self._joint_center(
                partners=(partner,),
                name=name,
                center_kind=CenterKind.JOINT_RESEARCH,
                domains=domains,
                signed_on=february.held_on,
                event=feb_event,
                running_on=self.today,
            )

        # Earlier ceremonies of the institute's own (the report does not name them).
        core_events = [
            self._event(
                Term(
                    "产学研合作项目签约仪式",
                    "Industry-university-research cooperation signing ceremony",
                ),
                datetime.date(2020, 11, 20),
                "国科温州研究院",
            ),
            self._event(
                Term(
                    "生物医药产业技术合作签约活动",
                    "Biomedical industry technology cooperation signing",
                ),
                datetime.date(2021, 12, 10),
                "温州国家大学科技园",
            ),
        ]

        # Every institution in in-depth cooperation: a framework, a memorandum or joint training.
        for org in self.orgs:
            if org.institution and not org.cooperating_then:
                kind = (
                    AgreementKind.MOU
                    if org.foreign
                    else AgreementKind.TALENT_TRAINING
                    if org.kind == OrganizationKind.UNIVERSITY and self.rng.random() < 0.3
                    else AgreementKind.FRAMEWORK
                )
                self._cooperation(
                    kind=kind,
                    partner=org,
                    signed_on=self._before_report(start=datetime.date(2019, 9, 1), late=False),
                    running_on=AS_OF,
                    renew=True,
                )

        # Every enterprise and hospital in horizontal cooperation: joint R&D centers for a few,
        # technical contracts for the others.
        waiting = [o for o in self.orgs if o.partner and not o.partnered_by_then]
        local_enterprises = [
            o for o in waiting if o.kind == OrganizationKind.ENTERPRISE and o.local
        ]
        for org in self.rng.sample(local_enterprises, CORE_JOINT_RD_CENTERS):
            assert org.domain is not None
            subject = self.rng.choice(DOMAINS[org.domain].subjects)
            self._joint_center(
                partners=(org,),
                name=Term(
                    f"{org.short.zh}{subject.zh}联合研发中心",
                    f"{org.short.en} Joint R&D Center for {_title_case(subject.en)}",
                ),
                center_kind=CenterKind.JOINT_RD,
                domains=(org.domain,),
                signed_on=self._day(datetime.date(2020, 3, 1), datetime.date(2022, 12, 31)),
            )
        for org in self.orgs:
            if org.partner and not org.partnered_by_then:
                for _ in range(self.rng.choice((1, 1, 2))):
                    event = self.rng.choice([None, None, None, *core_events])
                    signed_on = event.held_on if event else self._before_report(late=True)
                    self._contract(partner=org, signed_on=signed_on, event=event)

    def _signing_after(
        self, events: list[SigningEvent], org: Org
    ) -> tuple[SigningEvent | None, datetime.date]:
        """When an agreement with `org` is signed after the report: at a ceremony, or any day."""
        founded = org.obj.founded_on or FIRST_DAY
        if events and self.rng.random() < 0.35:
            event = self.rng.choice(events)
            if event.held_on > founded:
                return event, event.held_on
        return None, self._day(max(AS_OF, founded) + DAY, self.today, late=True)

    def _venture_agreement(
        self,
        *,
        kind: str,
        org: Org,
        signed_on: datetime.date,
        event: SigningEvent | None = None,
    ) -> None:
        """An incubation or investment agreement: counted by no figure."""
        extra = []
        value = None
        if kind == AgreementKind.INVESTMENT:
            extra = [(self.rng.choice(self.investors), PartyRole.INVESTOR)]
            value = Decimal(self.rng.randrange(50, 2000) * 10000)
        self._agreement(
            kind=kind,
            partners=[(org, PartyRole.PARTNER), *extra],
            title=self._titles(kind, org, None),
            signed_on=signed_on,
            term_days=self.rng.randrange(365, 1500),
            event=event,
            value=value,
        )

    def _volume_agreements_and_centers(self) -> None:
        partners = [o for o in self.orgs if o.partner]
        enterprises = [o for o in self.orgs if o.kind == OrganizationKind.ENTERPRISE]
        established = [o for o in enterprises if not self._young(o)]
        institutions = [o for o in self.orgs if o.kind in INSTITUTION_KINDS and not o.is_institute]
        hospitals = [o for o in institutions if o.kind == OrganizationKind.HOSPITAL]
        academic = [o for o in institutions if o.kind != OrganizationKind.HOSPITAL]
        # Before the report: contracts with partners already counted, at ceremonies too.
        events_before = [
            self._event(
                Term(
                    f"{day.year}年产学研合作项目签约仪式",
                    f"{day.year} industry-university-research cooperation signing",
                ),
                day,
                "国科温州研究院",
            )
            for day in sorted(
                self._before_report(start=datetime.date(2019, 9, 1))
                for _ in range(self._count("events_before"))
            )
        ]
        for _ in range(self._count("partner_contracts_before")):
            event = None
            if events_before and self.rng.random() < 0.3:
                event = self.rng.choice(events_before)
            self._contract(
                partner=self.rng.choice(partners),
                signed_on=event.held_on if event else self._before_report(),
                event=event,
            )
        # Memoranda and joint training that had ended by the report's day.
        for _ in range(self._count("ended_memoranda_before")):
            self._cooperation(
                kind=self.rng.choice((AgreementKind.MOU, AgreementKind.TALENT_TRAINING)),
                partner=self.rng.choice(academic),
                signed_on=self._day(datetime.date(2019, 9, 1), datetime.date(2021, 6, 30)),
                ended_by=AS_OF - self.rng.randrange(1, 300) * DAY,
                years=(1, 3),
            )
        # Incubation and investment agreements: counted by no figure.
        for _ in range(self._count("other_agreements_before")):
            self._venture_agreement(
                kind=self.rng.choice((AgreementKind.INCUBATION, AgreementKind.INVESTMENT)),
                org=self.rng.choice(established),
                signed_on=self._before_report(),
            )
        # Drafts and agreements under review: not signed, so not counted.
        for _ in range(self._count("drafts")):
            self._contract(
                partner=self.rng.choice(enterprises),
                signed_on=None,
                unsigned_status=self.rng.choice(
                    (AgreementStatus.DRAFT, AgreementStatus.UNDER_REVIEW)
                ),
            )
        # After the report: everything, at ceremonies and centers too.
        events_after = []
        for day in sorted(self._after_report() for _ in range(self._count("events_after"))):
            years = day.year - report.INSTITUTE_FOUNDED_ON.year
            title = self.rng.choice(
                [
                    Term(
                        f"{day.year}年产学研合作项目集中签约仪式",
                        f"{day.year} industry-university-research cooperation signing ceremony",
                    ),
                    Term(
                        f"{day.year}年生命健康产业合作对接会签约活动",
                        f"{day.year} life and health industry matchmaking and signing",
                    ),
                    Term(
                        f"国科温州研究院成立{years}周年科技成果转化签约仪式",
                        f"Technology transfer signing on the institute's {years}th anniversary",
                    ),
                ]
            )
            events_after.append(
                self._event(
                    title,
                    day,
                    self.rng.choice(("国科温州研究院", "温州国家大学科技园", "温州市会展中心")),
                )
            )
        contract_partners = enterprises + hospitals
        center_partners = enterprises + institutions
        # The figures keep growing: new institutions and new partners every year.
        newcomers = [o for o in institutions if not o.institution]
        for _ in range(self._count("new_institutions_after")):
            if not newcomers:
                break
            org = newcomers.pop(self.rng.randrange(len(newcomers)))
            event, signed_on = self._signing_after(events_after, org)
            kind = AgreementKind.MOU if org.foreign else AgreementKind.FRAMEWORK
            self._cooperation(kind=kind, partner=org, signed_on=signed_on, event=event, renew=True)
        newcomers = [o for o in contract_partners if not o.partner]
        for _ in range(self._count("new_partners_after")):
            if not newcomers:
                break
            org = newcomers.pop(self.rng.randrange(len(newcomers)))
            event, signed_on = self._signing_after(events_after, org)
            self._contract(partner=org, signed_on=signed_on, event=event)
        for _ in range(self._count("agreements_after")):
            roll = self.rng.random()
            if roll < 0.62:
                org = self.rng.choice(contract_partners)
                event, signed_on = self._signing_after(events_after, org)
                self._contract(partner=org, signed_on=signed_on, event=event)
            elif roll < 0.72:
                org = self.rng.choice(center_partners)
                event, signed_on = self._signing_after(events_after, org)
                domain = org.domain or self.rng.choice(org.domains or DOMAIN_KEYS)
                subject = self.rng.choice(DOMAINS[domain].subjects)
                center_kind = JOINT_CENTER_KINDS.get(org.kind, CenterKind.JOINT_RESEARCH)
                label = JOINT_CENTER_LABELS[center_kind]
                name = Term(
                    f"{org.short.zh}{subject.zh}{label.zh}",
                    f"{org.short.en} {label.en} for {_title_case(subject.en)}",
                )
                self._joint_center(
                    partners=(org,),
                    name=name,
                    center_kind=center_kind,
                    domains=(domain,),
                    signed_on=signed_on,
                    event=event,
                )
            elif roll < 0.84:
                org = self.rng.choice(institutions)
                event, signed_on = self._signing_after(events_after, org)
                kind = self.rng.choice(
                    (AgreementKind.FRAMEWORK, AgreementKind.MOU, AgreementKind.TALENT_TRAINING)
                )
                self._cooperation(kind=kind, partner=org, signed_on=signed_on, event=event)
            else:
                org = self.rng.choice(enterprises)
                event, signed_on = self._signing_after(events_after, org)
                kind = self.rng.choice(
                    (AgreementKind.INCUBATION, AgreementKind.INVESTMENT, AgreementKind.FRAMEWORK)
                )
                if kind == AgreementKind.FRAMEWORK:
                    self._cooperation(kind=kind, partner=org, signed_on=signed_on, event=event)
                else:
                    self._venture_agreement(kind=kind, org=org, signed_on=signed_on, event=event)
        for _ in range(self._count("laboratories")):
            domain = self._domain()
            subject = self.rng.choice(DOMAINS[domain].subjects)
            day = self._after_report()
            lab = self._center(
                name=Term(f"{subject.zh}实验室", f"{_title_case(subject.en)} Laboratory"),
                kind=CenterKind.LABORATORY,
                domains=(domain,),
                established_on=day,
            )
            self._staff_center(lab, day)
        for _ in range(self._count("planned_centers")):
            domain = self._domain()
            subject = self.rng.choice(DOMAINS[domain].subjects)
            self._center(
                name=Term(
                    f"{subject.zh}产业创新中心",
                    f"Industrial Innovation Center for {_title_case(subject.en)}",
                ),
                kind=CenterKind.RESEARCH_CENTER,
                domains=(domain,),
                established_on=None,
                status=CenterStatus.PLANNED,
            )
