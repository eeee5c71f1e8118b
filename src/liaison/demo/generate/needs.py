"""Technical needs, triaged, matched, solved or ended, and the services delivered."""

from __future__ import annotations

import datetime
from decimal import Decimal

from liaison.core.choices import Confidentiality, Currency
from liaison.needs.choices import CandidateKind, Decision, NeedStatus, ServiceKind
from liaison.needs.models import MatchCandidate, ServiceRecord, TechnicalNeed
from liaison.organizations.choices import OrganizationKind

from .. import announcement as report
from ..texts import Topic, need_description, need_title, service_text, solution_summary, topic
from ..vocabulary import CLOSE_REASONS, DOMAIN_KEYS, DOMAINS, REJECT_REASONS, WITHDRAW_REASONS, Term
from ..writer import Change
from .organizations import OrganizationsGenerator
from .story import (
    AS_OF,
    DAY,
    FIRST_DAY,
    AchievementRecord,
    CenterRecord,
    Expert,
    FigureGuardError,
    Org,
    values_of,
)

END_REASONS: dict[str, tuple[Term, ...]] = {
    NeedStatus.CLOSED: CLOSE_REASONS,
    NeedStatus.WITHDRAWN: WITHDRAW_REASONS,
    NeedStatus.REJECTED: REJECT_REASONS,
}
SOLVING_SERVICES = (ServiceKind.JOINT_RD, ServiceKind.CONSULTING, ServiceKind.TESTING)


# A need as it is submitted, before triage, matching, work and its end.
NEED_SUBMITTED: dict[str, object] = {
    "status": NeedStatus.SUBMITTED,
    "triaged_on": None,
    "assigned_center": None,
    "solved_on": None,
    "solution_summary": "",
    "satisfaction": None,
    "ended_on": None,
    "close_reason": "",
}


class NeedsGenerator(OrganizationsGenerator):
    """Generates technical needs with their candidates, and service records."""

    @staticmethod
    def _may_serve_before(org: Org) -> bool:
        """Whether a service to `org` may be dated by 2023-05-08 (the figure counts it or not)."""
        return org.served or not org.counts_when_served

    def _guard_service(self, org: Org, delivered_on: datetime.date) -> None:
        if delivered_on > AS_OF or not org.counts_when_served:
            return
        if not org.served:
            raise FigureGuardError(f"{org.obj.name_zh} would be served locally by 2023-05-08")
        org.served_by_then = True

    def _service(
        self,
        *,
        org: Org,
        delivered_on: datetime.date,
        domain: str | None = None,
        kind: str | None = None,
        need: TechnicalNeed | None = None,
        provider: Expert | None = None,
        center: CenterRecord | None = None,
        t: Topic | None = None,
        english: bool = False,
    ) -> None:
        self._guard_service(org, delivered_on)
        domain = domain or org.domain or self._domain()
        provider = provider or self.rng.choice(self.researchers[domain])
        t = t or topic(self.rng, DOMAINS[domain], subject=self.rng.choice(provider.subjects))
        kind = kind or self.rng.choices(ServiceKind.values, weights=(40, 20, 15, 10, 15))[0]
        title, description = service_text(self.rng, t, kind=kind, english=english)
        self.writer.add(
            ServiceRecord(
                organization=org.obj,
                kind=kind,
                title=title,
                description=description,
                delivered_on=delivered_on,
                need=need,
                center=(center or self.home_centers[domain]).obj,
                provided_by=provider.obj,
                revenue=Decimal(self.rng.randrange(2, 80) * 1000)
                if self.rng.random() < 0.7
                else None,
                currency=Currency.CNY,
            ),
            self._at(delivered_on),
        )

    def _other_expert(self, domain: str, excluded: set[int]) -> Expert | None:
        """Half the time an expert of `domain` outside `excluded` (ids), else None.

        Draws as `rng.choice` over the list of the others would, without building that list
        for every need: the demo at scale 1000 has thousands of experts in a domain.
        """
        experts = self.experts[domain]
        if len(self.expert_positions) != sum(map(len, self.experts.values())):
            self.expert_positions = {
                id(e): (d, n) for d, records in self.experts.items() for n, e in enumerate(records)
            }
        positions = (self.expert_positions.get(i) for i in excluded)
        skipped = sorted(p[1] for p in positions if p is not None and p[0] == domain)
        count = len(experts) - len(skipped)
        if count <= 0 or self.rng.random() >= 0.5:
            return None
        position = self.rng.choice(range(count))
        for n in skipped:
            if n <= position:
                position += 1
        return experts[position]

    def _on_subject(self, domain: str, subject: Term) -> list[AchievementRecord]:
        """The achievements of `domain` on `subject`, in the order they were made."""
        records = self.achievements[domain]
        known, found = self.achievements_on_subject.get((domain, subject), (-1, []))
        if known != len(records):
            found = [a for a in records if a.subject == subject]
            self.achievements_on_subject[(domain, subject)] = (len(records), found)
        return found

    def _candidates(
        self,
        need: TechnicalNeed,
        t: Topic,
        solver: Expert,
        *,
        proposed: datetime.datetime,
        decided_on: datetime.date,
        accepted: bool,
        center: CenterRecord,
    ) -> None:
        """The candidates proposed at `proposed`; the staff decide on them on `decided_on`."""
        domain = t.domain.key
        sharing = [e for e in self.by_subject[(domain, t.subject.zh)] if e is not solver]
        experts = [solver, *self.rng.sample(sharing, min(len(sharing), self.rng.randrange(0, 3)))]
        other = self._other_expert(domain, {id(solver), *map(id, sharing[:3])})
        if other is not None:
            experts.append(other)
        proposals: list[tuple[float, str, Expert | CenterRecord | AchievementRecord]] = []
        for expert in dict.fromkeys(experts):
            shares = t.subject in expert.subjects
            score = self.rng.uniform(0.62, 0.95) if shares else self.rng.uniform(0.3, 0.6)
            proposals.append((score, CandidateKind.EXPERT, expert))
        if self.rng.random() < 0.5:
            proposals.append((self.rng.uniform(0.4, 0.8), CandidateKind.CENTER, center))
        related = [
            a for a in self._on_subject(domain, t.subject) if a.started_on <= proposed.date()
        ]
        if related and self.rng.random() < 0.6:
            proposals.append(
                (self.rng.uniform(0.5, 0.9), CandidateKind.ACHIEVEMENT, self.rng.choice(related))
            )
        proposals.sort(key=lambda p: -p[0])
        for rank, (score, kind, target) in enumerate(proposals, start=1):
            if target is solver:
                decision = Decision.ACCEPTED if accepted else Decision.PENDING
            elif accepted:
                decision = self.rng.choice((Decision.REJECTED, Decision.PENDING))
            else:
                decision = Decision.PENDING
            shared = [t.subject.zh]
            if isinstance(target, Expert):
                shared = [s.zh for s in target.subjects if s.zh in t.keywords_zh] or [
                    t.domain.name.zh
                ]
            self.writer.add(
                MatchCandidate(
                    need=need,
                    kind=kind,
                    person=target.obj if isinstance(target, Expert) else None,
                    center=target.obj if isinstance(target, CenterRecord) else None,
                    achievement=target.obj if isinstance(target, AchievementRecord) else None,
                    score=round(score, 3),
                    rank=rank,
                    explanation={"shared_terms": shared, "domain": domain},
                    decision=decision,
                    decided_by=self.writer.by if decision != Decision.PENDING else None,
                    decided_at=self._moment(decided_on) if decision != Decision.PENDING else None,
                ),
                proposed,
            )

    def _need(
        self,
        *,
        org: Org,
        status: str,
        submitted_on: datetime.date,
        done_on: datetime.date | None = None,
        domain: str | None = None,
    ) -> None:
        """A need of `org` in `status`; `done_on` is when it was solved or ended."""
        domain = domain or self._need_domain(org)
        vocabulary = DOMAINS[domain]
        solver = self.rng.choice(self.researchers[domain])
        t = topic(self.rng, vocabulary, subject=self.rng.choice(solver.subjects))
        english = org.foreign or self.rng.random() < 0.1
        if status == NeedStatus.SOLVED:
            assert done_on is not None
            if done_on <= AS_OF:
                if not self.in_core:
                    raise FigureGuardError("a need would be solved by 2023-05-08")
                self.solved_by_then += 1
        last = done_on or self.today
        triaged_on = None
        if status not in {NeedStatus.SUBMITTED, NeedStatus.WITHDRAWN} or (
            status == NeedStatus.WITHDRAWN and self.rng.random() < 0.5
        ):
            triaged_on = min(submitted_on + self.rng.randrange(1, 12) * DAY, last)
        center = self.home_centers[domain]
        partnered = [c for c in org.centers if domain in c.domains and c.established(submitted_on)]
        if partnered and self.rng.random() < 0.7:
            center = self.rng.choice(partnered)
        budget = Decimal(self.rng.randrange(5, 200) * 10000) if self.rng.random() < 0.7 else None
        need = TechnicalNeed(
            title=need_title(self.rng, t, english=english),
            description=need_description(
                self.rng,
                t,
                english=english,
                organization=org.obj.name_en if english else org.obj.name_zh,
                trade=org.trade,
            ),
            organization=org.obj,
            contact=org.contacts[0]
            if org.contacts
            else (org.experts[0].obj if org.experts else None),
            domains=[domain],
            budget=budget,
            currency=Currency.CNY,
            deadline=submitted_on + self.rng.randrange(90, 540) * DAY
            if self.rng.random() < 0.8
            else None,
            confidentiality=self.rng.choices(Confidentiality.values, weights=(15, 65, 19, 1))[0],
            status=status,
            submitted_on=submitted_on,
            triaged_on=triaged_on,
            solved_on=done_on if status == NeedStatus.SOLVED else None,
            ended_on=done_on
            if status in {NeedStatus.CLOSED, NeedStatus.WITHDRAWN, NeedStatus.REJECTED}
            else None,
            assigned_center=center.obj if triaged_on else None,
            solution_summary=(
                solution_summary(
                    self.rng,
                    t,
                    english=english,
                    center=center.name,
                    person=Term(solver.obj.name_zh, solver.obj.name_en),
                )
                if status == NeedStatus.SOLVED
                else ""
            ),
            satisfaction=(
                self.rng.choices((5, 4, 3, 2), weights=(55, 35, 8, 2))[0]
                if status == NeedStatus.SOLVED and self.rng.random() < 0.9
                else None
            ),
            close_reason=self._reason(status, english),
        )
        matched = status in {NeedStatus.MATCHED, NeedStatus.IN_PROGRESS, NeedStatus.SOLVED} or (
            status == NeedStatus.CLOSED and triaged_on is not None and self.rng.random() < 0.5
        )
        accepted = status in {NeedStatus.IN_PROGRESS, NeedStatus.SOLVED}
        steps: list[Change] = []
        proposed = decided_on = None
        if triaged_on is not None:
            triaged = self._at(triaged_on)
            triage = values_of(need, "triaged_on", "assigned_center")
            steps.append((triaged, {"status": NeedStatus.TRIAGED} | triage))
            if matched:  # the candidates are proposed as it is triaged
                proposed = triaged
                decided_on = min(triaged_on + self.rng.randrange(2, 20) * DAY, last)
                steps.append((proposed, {"status": NeedStatus.MATCHED}))
                if accepted:
                    steps.append((self._at(decided_on), {"status": NeedStatus.IN_PROGRESS}))
        if done_on is not None:
            ended = ("solved_on", "solution_summary", "satisfaction", "ended_on", "close_reason")
            steps.append((self._at(done_on), values_of(need, "status", *ended)))
        self.writer.add(need, self._at(submitted_on), before=NEED_SUBMITTED, changes=steps)
        if proposed is not None and decided_on is not None:
            self._candidates(
                need,
                t,
                solver,
                proposed=proposed,
                decided_on=decided_on,
                accepted=accepted,
                center=center,
            )

        def serve(delivered_on: datetime.date, kind: str) -> None:
            self._service(
                org=org,
                delivered_on=delivered_on,
                domain=domain,
                kind=kind,
                need=need,
                provider=solver,
                center=center,
                t=t,
                english=english,
            )

        if status == NeedStatus.SOLVED:
            assert done_on is not None
            assert triaged_on is not None
            serve(done_on, self.rng.choice(SOLVING_SERVICES))
            # A test on the way, never before the report for an organization it did not count.
            first = triaged_on if self._may_serve_before(org) else max(triaged_on, AS_OF + DAY)
            if self.rng.random() < 0.3 and first < done_on:
                serve(self._day(first, done_on), ServiceKind.TESTING)
        elif (
            status == NeedStatus.IN_PROGRESS and triaged_on is not None and self.rng.random() < 0.3
        ):
            start = max(triaged_on, AS_OF + DAY)
            if start <= self.today:
                serve(self._day(start, self.today), ServiceKind.TESTING)

    def _need_domain(self, org: Org) -> str:
        """What a need of `org` is about: an enterprise's own domain, or one of an institution's."""
        if org.kind == OrganizationKind.ENTERPRISE and org.domain:
            return org.domain
        return self.rng.choice(org.domains or DOMAIN_KEYS)

    def _reason(self, status: str, english: bool) -> str:
        reasons = END_REASONS.get(status)
        if reasons is None:
            return ""
        reason = self.rng.choice(reasons)
        return reason.en if english else reason.zh

    def _core_needs_and_services(self) -> None:
        total = report.FIGURES_AS_OF["technical_problems_solved"]
        assert isinstance(total, int)
        submitters = [
            o
            for o in self.orgs
            if not o.is_institute
            and (
                o.kind == OrganizationKind.ENTERPRISE
                or (o.kind == OrganizationKind.HOSPITAL and o.partner)
            )
            and (o.served or not o.counts_when_served)
        ]
        weights = [6 if o.served else 2 if o.partner else 1 for o in submitters]
        for _ in range(total):
            org = self.rng.choices(submitters, weights=weights)[0]
            domain = self._need_domain(org)
            solved_on = self._before_report(start=datetime.date(2019, 8, 1))
            submitted_on = max(FIRST_DAY, solved_on - self.rng.randrange(30, 320) * DAY)
            self._need(
                org=org,
                status=NeedStatus.SOLVED,
                submitted_on=submitted_on,
                done_on=solved_on,
                domain=domain,
            )
        # Every local organization the report counts was served at least once by then.
        for org in self.orgs:
            if org.served and not org.served_by_then:
                founded = org.obj.founded_on or FIRST_DAY
                self._service(
                    org=org, delivered_on=self._before_report(start=max(FIRST_DAY, founded))
                )
        for org in self.orgs:
            if org.served and self.rng.random() < 0.5:
                self._service(org=org, delivered_on=self._before_report())

    def _volume_needs(self) -> None:
        enterprises = [o for o in self.orgs if o.kind == OrganizationKind.ENTERPRISE]
        established = [o for o in enterprises if not self._young(o)]
        hospitals = [o for o in self.orgs if o.kind == OrganizationKind.HOSPITAL]
        newcomers = [o for o in enterprises if not o.served]  # firms the report did not count
        ended = (NeedStatus.CLOSED, NeedStatus.WITHDRAWN, NeedStatus.REJECTED)
        still_open = (
            NeedStatus.SUBMITTED,
            NeedStatus.TRIAGED,
            NeedStatus.MATCHED,
            NeedStatus.IN_PROGRESS,
        )

        def submitter(*, after: bool) -> Org:
            roll = self.rng.random()
            if roll < 0.08:
                return self.rng.choice(hospitals)
            if after and roll < 0.5:
                return self.rng.choice(newcomers)
            return self.rng.choice(enterprises if after else established)

        def submitted_after(
            org: Org, *, earliest: datetime.date, latest: datetime.date
        ) -> datetime.date:
            start = max(earliest, AS_OF + DAY, (org.obj.founded_on or AS_OF) + DAY)
            return self._day(start, max(start, latest), late=True)

        # Before the report, and not solved by then.
        for _ in range(self._count("needs_ended_before")):
            submitted_on = self._before_report(start=datetime.date(2019, 8, 1))
            status = self.rng.choices(ended, weights=(40, 35, 25))[0]
            self._need(
                org=submitter(after=False),
                status=status,
                submitted_on=submitted_on,
                done_on=self._after(submitted_on, 10, 200),
            )
        for _ in range(self._count("needs_solved_later")):
            submitted_on = self._day(AS_OF - 200 * DAY, AS_OF)
            solved_on = self._day(AS_OF + DAY, min(self.today, AS_OF + 300 * DAY))
            self._need(
                org=submitter(after=False),
                status=NeedStatus.SOLVED,
                submitted_on=submitted_on,
                done_on=solved_on,
            )
        for _ in range(self._count("needs_open_before")):
            submitted_on = self._day(AS_OF - 330 * DAY, AS_OF)
            self._need(
                org=submitter(after=False), status=NeedStatus.IN_PROGRESS, submitted_on=submitted_on
            )
        # After the report.
        for _ in range(self._count("needs_solved_after")):
            org = submitter(after=True)
            submitted_on = submitted_after(org, earliest=AS_OF, latest=self.today - 20 * DAY)
            solved_on = self._day(
                submitted_on + 15 * DAY, min(self.today, submitted_on + 300 * DAY)
            )
            self._need(
                org=org, status=NeedStatus.SOLVED, submitted_on=submitted_on, done_on=solved_on
            )
        for _ in range(self._count("needs_open_after")):
            org = submitter(after=True)
            submitted_on = submitted_after(org, earliest=self.today - 240 * DAY, latest=self.today)
            status = self.rng.choices(still_open, weights=(30, 20, 25, 25))[0]
            self._need(org=org, status=status, submitted_on=submitted_on)
        for _ in range(self._count("needs_ended_after")):
            org = submitter(after=True)
            submitted_on = submitted_after(org, earliest=AS_OF, latest=self.today - 5 * DAY)
            status = self.rng.choices(ended, weights=(40, 35, 25))[0]
            done_on = self._after(submitted_on, 5, 200)
            self._need(org=org, status=status, submitted_on=submitted_on, done_on=done_on)

    def _volume_services(self) -> None:
        counted = [o for o in self.orgs if o.served]
        elsewhere = [
            o
            for o in self.orgs
            if not o.is_institute
            and not o.counts_when_served
            and o.kind != OrganizationKind.GOVERNMENT
        ]
        anyone = [
            o
            for o in self.orgs
            if not o.is_institute
            and o.kind
            in {
                OrganizationKind.ENTERPRISE,
                OrganizationKind.UNIVERSITY,
                OrganizationKind.RESEARCH_INSTITUTE,
                OrganizationKind.HOSPITAL,
            }
        ]
        local_new = [o for o in anyone if o.counts_when_served and not o.served]
        for _ in range(self._count("services_counted_before")):
            self._service(org=self.rng.choice(counted), delivered_on=self._before_report())
        for _ in range(self._count("services_elsewhere_before")):
            self._service(org=self.rng.choice(elsewhere), delivered_on=self._before_report())
        for _ in range(self._count("services_after")):
            org = (
                self.rng.choice(local_new)
                if local_new and self.rng.random() < 0.5
                else self.rng.choice(anyone)
            )
            founded = org.obj.founded_on
            start = AS_OF + DAY if founded is None or founded <= AS_OF else founded
            self._service(
                org=org, delivered_on=self._day(start, self.today, late=True), english=org.foreign
            )
