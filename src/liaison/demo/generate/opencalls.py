"""Open calls (揭榜挂帅, issue 19), from random streams of their own.

After the report, the office publishes enterprises' needs as open calls with a reward, each
with the enterprise's consent (a signed letter the office records): teams apply — a
researcher of the institute with colleagues, one of its centers, an outside organization —
the enterprise and the office review them, and for the calls already decided the office
selects the team the enterprise endorsed, whose work goes on as the need's solution (its
researcher or center accepted as the need's candidates, the need in progress, the enterprise
shown who works on it). At scale 1: one call awarded and one taking applications today; more
at larger scales.

The needs they publish are new ones, submitted after 2023-05-08 and none solved, so the
report's six figures stay as they are; records and history come from streams of their own.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from liaison.core.choices import Confidentiality, Currency
from liaison.needs.choices import CandidateKind, Decision, NeedStatus
from liaison.needs.models import MatchCandidate, TechnicalNeed
from liaison.opencalls.choices import (
    ApplicantKind,
    ApplicationStatus,
    CallStatus,
    ConsentMethod,
    Recommendation,
    ReviewSide,
)
from liaison.opencalls.models import CallApplication, CallReview, OpenCall
from liaison.organizations.choices import OrganizationKind

from ..texts import need_description, need_title, topic
from ..vocabulary import DOMAINS
from ..writer import Change
from .needs import NEED_SUBMITTED, NeedsGenerator
from .story import AS_OF, DAY, CenterRecord, Expert, Org

# Calls per unit of scale: decided (awarded) and taking applications today.
OPENCALLS_PER_SCALE = {"awarded": 1.0, "open": 1.0}
CALL_DRAFT: dict[str, Any] = {
    "status": CallStatus.DRAFT,
    "consented_on": None,
    "consent_method": "",
    "consent_given_by": "",
    "consent_evidence": "",
    "consent_user": None,
    "published_on": None,
    "closed_on": None,
    "awarded_on": None,
}
APPLICATION_SUBMITTED: dict[str, Any] = {
    "status": ApplicationStatus.SUBMITTED,
    "decided_on": None,
    "decision_note": "",
}
PROPOSALS = (
    "团队在{subject}方向有多年积累，拟采用{method}开展攻关，分三阶段完成小试、中试和产线验证。",
    "依托已有的{subject}中试平台，以{method}为核心路线，十二个月内提交可量产的工艺包。",
    "联合上下游企业，先以{method}解决{problem}，再在企业产线上完成三个批次的验证。",
)
OPINIONS = {
    Recommendation.SELECT: "技术路线清晰，前期数据扎实，建议由该团队揭榜。",
    Recommendation.SHORTLIST: "方案可行，进入答辩环节，请补充中试数据。",
    Recommendation.DECLINE: "方案与需求契合度不足，周期偏长。",
}


class OpenCallsGenerator(NeedsGenerator):
    """Generates open calls, the needs they publish, applications, reviews and selections."""

    def _open_calls(self) -> None:
        self._use_stream("opencalls")
        clock = self.clock
        self.clock = random.Random(f"liaison-demo:{self.seed}:opencalls-history")
        try:
            if (self.today - AS_OF).days < 400:
                return
            for _ in range(self._scaled_calls("awarded")):
                self._call(awarded=True)
            for _ in range(self._scaled_calls("open")):
                self._call(awarded=False)
        finally:
            self.clock = clock

    def _scaled_calls(self, key: str) -> int:
        expected = OPENCALLS_PER_SCALE[key] * self.scale
        whole = int(expected)
        return whole + (1 if self.rng.random() < expected - whole else 0)

    def _call(self, *, awarded: bool) -> None:
        domains = [
            d
            for d in DOMAINS
            if self.researchers.get(d) and d in self.home_centers and self._publishers(d)
        ]
        if not domains:
            return
        domain = self.rng.choice(domains)
        org = self.rng.choice(self._publishers(domain))
        lead = self.rng.choice(self.researchers[domain])
        t = topic(self.rng, DOMAINS[domain], subject=self.rng.choice(lead.subjects))
        # The calendar: decided calls a year or so ago, the open ones taking applications now.
        if awarded:
            submitted_on = self._day(AS_OF + 30 * DAY, self.today - 330 * DAY)
        else:
            submitted_on = self._day(self.today - 120 * DAY, self.today - 60 * DAY)
        triaged_on = submitted_on + self.rng.randrange(2, 10) * DAY
        consented_on = triaged_on + self.rng.randrange(5, 20) * DAY
        published_on = consented_on + self.rng.randrange(3, 10) * DAY
        if awarded:
            deadline = published_on + self.rng.randrange(45, 75) * DAY
        else:
            deadline = self.today + self.rng.randrange(20, 60) * DAY
        center = self.home_centers[domain]
        reward = Decimal(self.rng.randrange(20, 150) * 10000)
        need = TechnicalNeed(
            title=need_title(self.rng, t, english=False),
            description=need_description(
                self.rng, t, english=False, organization=org.obj.name_zh, trade=org.trade
            ),
            organization=org.obj,
            contact=org.contacts[0] if org.contacts else None,
            domains=[domain],
            budget=reward,
            currency=Currency.CNY,
            confidentiality=Confidentiality.INTERNAL,
            status=NeedStatus.TRIAGED,
            submitted_on=submitted_on,
            triaged_on=triaged_on,
            assigned_center=center.obj,
        )
        need_steps: list[Change] = [
            (
                self._at(triaged_on),
                {
                    "status": NeedStatus.TRIAGED,
                    "triaged_on": triaged_on,
                    "assigned_center": center.obj,
                },
            )
        ]
        call = OpenCall(
            need=need,
            title_zh=f"揭榜挂帅：{need.title}",
            title_en=f"Open call: {t.subject.en} for {t.application.en}",
            statement_zh=need.description,
            reward=reward,
            currency=Currency.CNY,
            reward_for="通过企业产线三个批次验证的完整技术方案与工艺包，榜金分两期支付。",
            eligibility="研究院科研人员、研发中心及具备相关研发条件的高校、企业团队均可揭榜。",
            deadline=deadline,
            status=CallStatus.PUBLISHED,
            consented_on=consented_on,
            consent_method=ConsentMethod.LETTER,
            consent_given_by=f"{org.contacts[0].name_zh if org.contacts else ''}（企业负责人）",
            consent_evidence=f"{org.obj.name_zh}盖章同意函，{consented_on:%Y年%m月%d日}。",
            consent_user=self.writer.by,
            published_on=published_on,
        )
        call_steps: list[Change] = [
            (
                self._at(consented_on),
                {
                    "consented_on": consented_on,
                    "consent_method": call.consent_method,
                    "consent_given_by": call.consent_given_by,
                    "consent_evidence": call.consent_evidence,
                    "consent_user": call.consent_user,
                },
            ),
            (
                self._at(published_on),
                {"status": CallStatus.PUBLISHED, "published_on": published_on},
            ),
        ]
        last_day = deadline if awarded else self.today
        teams = self._teams(domain, lead, center, org, awarded=awarded)
        submitted = [self._day(published_on + DAY, last_day) for _ in teams]
        applications = []
        for (kind, target, _members), on in zip(teams, submitted, strict=True):
            applications.append(
                CallApplication(
                    call=call,
                    applicant_kind=kind,
                    person=target.obj if kind == ApplicantKind.PERSON else None,
                    center=target.obj if kind == ApplicantKind.CENTER else None,
                    organization=target.obj if kind == ApplicantKind.ORGANIZATION else None,
                    proposal=self.rng.choice(PROPOSALS).format(
                        subject=t.subject.zh, method=t.method.zh, problem=t.problem.zh
                    ),
                    budget=(reward * Decimal(self.rng.randrange(70, 100)) / 100).quantize(
                        Decimal("1")
                    ),
                    currency=Currency.CNY,
                    duration_months=self.rng.choice((6, 9, 12, 18)),
                    submitted_on=on,
                )
            )
        if not awarded:
            self.writer.add(need, self._at(submitted_on), before=NEED_SUBMITTED, changes=need_steps)
            self.writer.add(call, self._at(triaged_on), before=CALL_DRAFT, changes=call_steps)
            for application, (_kind, _target, members) in zip(applications, teams, strict=True):
                self._write_application(application, members, [])
            # The enterprise has looked at the first one already.
            if applications:
                self._review(
                    applications[0],
                    ReviewSide.ENTERPRISE,
                    Recommendation.SHORTLIST,
                    self._day(applications[0].submitted_on, self.today),
                )
            return
        closed_on = deadline + DAY
        awarded_on = min(closed_on + self.rng.randrange(10, 30) * DAY, self.today)
        # The researcher's team is selected: the need's accepted expert is its lead (the
        # demo's needs in progress have one), the center and the organization not selected.
        chosen = 0
        call.status, call.closed_on, call.awarded_on = CallStatus.AWARDED, closed_on, awarded_on
        call_steps += [
            (self._at(closed_on), {"status": CallStatus.CLOSED, "closed_on": closed_on}),
            (self._at(awarded_on), {"status": CallStatus.AWARDED, "awarded_on": awarded_on}),
        ]
        # The selected team's work goes on as the need's solution.
        kind, target, members = teams[chosen]
        need.status, need.team_visible = NeedStatus.IN_PROGRESS, True
        need_steps += [
            (self._at(awarded_on), {"status": NeedStatus.MATCHED}),
            (self._at(awarded_on), {"status": NeedStatus.IN_PROGRESS, "team_visible": True}),
        ]
        self.writer.add(
            need,
            self._at(submitted_on),
            before={**NEED_SUBMITTED, "team_visible": False},
            changes=need_steps,
        )
        self.writer.add(call, self._at(triaged_on), before=CALL_DRAFT, changes=call_steps)
        solvers: list[tuple[str, Any]] = (
            [
                (
                    CandidateKind.CENTER if kind == ApplicantKind.CENTER else CandidateKind.EXPERT,
                    target,
                )
            ]
            if kind != ApplicantKind.ORGANIZATION
            else []
        )
        solvers += [(CandidateKind.EXPERT, member) for member in members]
        for rank, (candidate_kind, solver) in enumerate(solvers, start=1):
            self.writer.add(
                MatchCandidate(
                    need=need,
                    kind=candidate_kind,
                    person=solver.obj if candidate_kind == CandidateKind.EXPERT else None,
                    center=solver.obj if candidate_kind == CandidateKind.CENTER else None,
                    score=1.0,
                    rank=rank,
                    explanation={"open_call": True},
                    decision=Decision.ACCEPTED,
                    decided_by=self.writer.by,
                    decided_at=self._moment(awarded_on),
                ),
                self._at(awarded_on),
            )
        for index, (application, (_kind, _target, team)) in enumerate(
            zip(applications, teams, strict=True)
        ):
            reviewed_on = self._day(closed_on, awarded_on)
            if index == chosen:
                steps = [
                    (
                        self._at(reviewed_on),
                        {"status": ApplicationStatus.SHORTLISTED, "decided_on": reviewed_on},
                    ),
                    (
                        self._at(awarded_on),
                        {"status": ApplicationStatus.SELECTED, "decided_on": awarded_on},
                    ),
                ]
                application.status, application.decided_on = ApplicationStatus.SELECTED, awarded_on
                self._write_application(application, team, steps)
                self._review(application, ReviewSide.OFFICE, Recommendation.SELECT, reviewed_on)
                self._review(application, ReviewSide.ENTERPRISE, Recommendation.SELECT, reviewed_on)
            else:
                note = "另一团队揭榜成功。"
                application.status = ApplicationStatus.NOT_SELECTED
                application.decided_on, application.decision_note = awarded_on, note
                steps = [
                    (
                        self._at(awarded_on),
                        {
                            "status": ApplicationStatus.NOT_SELECTED,
                            "decided_on": awarded_on,
                            "decision_note": note,
                        },
                    )
                ]
                self._write_application(application, team, steps)
                recommendation = self.rng.choice((Recommendation.SHORTLIST, Recommendation.DECLINE))
                self._review(application, ReviewSide.OFFICE, recommendation, reviewed_on)
                self._review(application, ReviewSide.ENTERPRISE, recommendation, reviewed_on)

    def _publishers(self, domain: str) -> list[Org]:
        """The local enterprises of `domain` that may publish a need."""
        return [o for o in self.enterprises.get(domain, []) if o.local and not o.is_institute]

    def _teams(
        self, domain: str, lead: Expert, center: CenterRecord, org: Org, *, awarded: bool
    ) -> list[tuple[str, Any, list[Any]]]:
        """Who applies: a researcher with colleagues, a center, an outside organization."""
        colleagues = [e for e in self.researchers[domain] if e is not lead]
        # A decided call's winner applied alone (its members would be accepted experts too).
        count = 0 if awarded else self.rng.randrange(1, 3)
        members = self.rng.sample(colleagues, min(len(colleagues), count))
        teams: list[tuple[str, Any, list[Any]]] = [(ApplicantKind.PERSON, lead, members)]
        centers = self.centers.get(domain) or [center]
        teams.append((ApplicantKind.CENTER, self.rng.choice(centers), []))
        outside = [
            o
            for o in self.orgs
            if o is not org
            and not o.is_institute
            and o.kind in {OrganizationKind.ENTERPRISE, OrganizationKind.UNIVERSITY}
        ]
        if outside and (awarded or self.rng.random() < 0.7):
            teams.append((ApplicantKind.ORGANIZATION, self.rng.choice(outside), []))
        return teams

    def _write_application(
        self, application: CallApplication, members: list[Expert], steps: list[Change]
    ) -> None:
        self.writer.add(
            application,
            self._at(application.submitted_on),
            before=APPLICATION_SUBMITTED,
            changes=steps,
        )
        for member in members:
            self.writer.add(
                CallApplication.members.through(callapplication=application, person=member.obj),
                self._at(application.submitted_on),
            )

    def _review(
        self,
        application: CallApplication,
        side: str,
        recommendation: str,
        reviewed_on: datetime.date,
    ) -> None:
        enterprise = side == ReviewSide.ENTERPRISE
        self.writer.add(
            CallReview(
                application=application,
                side=side,
                reviewer=self.writer.by,
                score={"select": 5, "shortlist": 4, "decline": 2}[recommendation],
                recommendation=recommendation,
                opinion=OPINIONS[recommendation],  # type: ignore[index]
                reviewed_on=reviewed_on,
                evidence="企业评审组书面意见，经办公室录入。" if enterprise else "",
            ),
            self._at(reviewed_on),
        )
