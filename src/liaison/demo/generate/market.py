"""Roadshows and a matchmaking fair (issue 19), from random streams of their own.

After the report the institute takes its achievements to the enterprises: two roadshows (路演)
present achievements to enterprises and investors, and a matchmaking fair (对接会) shows
enterprises' open needs to the institute's experts. Organizations register (some from the
portal), most attend, a few cancel or do not come. On the day the office notes the
intentions it hears; months later some led to the transfers, licences and technical
contracts the story signed after the event — registered as technical contracts, some with
income received under them — and some needs on show were matched there to an expert
the office accepted for them; others stopped at the intention.

Nothing here is dated on or before 2023-05-08 and no agreement is added: the outcomes are
traced to the contracts the story signed anyway, so the report's six figures stay as they
are; records and history come from streams of their own.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from liaison.agreements.choices import SIGNED_STATUSES
from liaison.core.choices import Confidentiality
from liaison.market.choices import AttendanceStatus, EventKind, EventStatus, OutcomeKind
from liaison.market.models import (
    EventAchievement,
    EventAttendance,
    EventNeed,
    EventOutcome,
    MarketEvent,
)
from liaison.needs.choices import CandidateKind, Decision
from liaison.needs.models import MatchCandidate, TechnicalNeed
from liaison.organizations.choices import OrganizationKind
from liaison.people.models import Person

from .incubation import IncubationGenerator
from .story import AS_OF, DAY, AchievementRecord, ContractRecord, Expert, Org

SHOWN_LEVELS = (Confidentiality.PUBLIC, Confidentiality.INTERNAL)

# The volume of one unit of scale.
MARKET_PER_SCALE = {
    "carried": 2.0,  # intentions per event carried to a contract signed after it
    "matched": 2.0,  # needs on show matched on the day
    "intentions": 3.0,  # intentions that went no further
    "visitors": 8.0,  # organizations registered besides those with an intention
    "presented": 4.0,  # achievements presented besides those that led to a deal
    "needs_on_show": 5.0,
}
# (kind, days after the report, Chinese title, English title, place, domain of its center)
EVENTS = (
    (
        EventKind.ROADSHOW,
        140,
        "生物医用材料科技成果路演",
        "Roadshow of biomedical materials achievements",
        "温州市瓯海区温州医科大学国际会议中心",
        "biomaterials",
    ),
    (
        EventKind.MATCHMAKING_FAIR,
        370,
        "生命健康产业技术需求对接会",
        "Life and health industry matchmaking fair",
        "温州市科技大市场",
        "life_health",
    ),
    (
        EventKind.ROADSHOW,
        610,
        "新材料与医疗器械成果路演暨投融资对接",
        "Roadshow of new materials and medical devices, with investors",
        "国科温州研究院学术报告厅",
        "medical_engineering",
    ),
)
DESCRIPTIONS: dict[str, str] = {
    EventKind.ROADSHOW: (
        "研究院科研团队现场路演可转化科技成果，面向企业和投资机构介绍技术指标、"
        "知识产权状况与合作方式，会后开展一对一洽谈。"
    ),
    EventKind.MATCHMAKING_FAIR: (
        "发布区域企业技术需求，组织研究院专家与企业面对面对接，"
        "现场登记合作意向，会后由成果转化办公室跟进。"
    ),
}
NOTES: dict[str, str] = {
    OutcomeKind.LICENCE_INTEREST: "企业对该成果的专利许可/转让表示明确兴趣，约定会后提供技术资料。",
    OutcomeKind.JOINT_DEVELOPMENT: "双方有意围绕产品开发开展联合攻关，约定两周内到研究院实地交流。",
    OutcomeKind.INVESTMENT: "投资机构关注成果产业化前景，希望参与后续孵化企业的天使轮融资。",
    OutcomeKind.SOLVE_NEED: "专家现场给出初步解决思路，企业希望尽快启动技术服务。",
    OutcomeKind.OTHER: "企业希望加入研究院产业联盟并参加后续活动。",
}
PITCHES = (
    "介绍成果的核心技术指标、专利布局与中试进展，提出许可或作价入股的合作方式。",
    "展示样品与检测报告，说明在临床或产线上的应用场景与预期效益。",
    "讲解技术路线与竞品对比，寻求产业化合作伙伴与早期投资。",
)
ATTENDEES = ("总经理", "技术总监", "研发经理", "投资经理", "产品经理")


class MarketGenerator(IncubationGenerator):
    """Generates the roadshows, the matchmaking fair, who attended and what came of it."""

    market_visitors: dict[tuple[datetime.date, int], list[Org]]  # by event day and orgs known

    def _market_events(self) -> None:
        self._use_stream("market")
        clock = self.clock
        self.clock = random.Random(f"liaison-demo:{self.seed}:market-history")
        self.market_visitors = {}
        try:
            self._write_market_events()
        finally:
            self.clock = clock

    def _scaled_market(self, key: str) -> int:
        expected = MARKET_PER_SCALE[key] * self.scale
        whole = int(expected)
        return whole + (1 if self.rng.random() < expected - whole else 0)

    def _write_market_events(self) -> None:
        # The needs and candidates written so far, read back: a match is one more candidate.
        self.writer.flush()
        used: set[int] = set()  # the agreements an intention already led to
        decisions = [
            (triaged_on, timezone.localtime(decided_at).date())
            for triaged_on, decided_at in MatchCandidate.objects.filter(
                kind=CandidateKind.EXPERT,
                decision=Decision.ACCEPTED,
                need__submitted_on__gt=AS_OF,
                need__confidentiality__in=SHOWN_LEVELS,
            ).values_list("need__triaged_on", "decided_at")
            if triaged_on is not None and decided_at is not None
        ]

        def matchable(day: datetime.date) -> int:
            """The needs triaged before `day` whose expert was accepted from `day` on."""
            return sum(1 for t, d in decisions if t <= day - 2 * DAY and d >= day)

        dated = []
        for kind, offset, zh, en, place, domain in EVENTS:
            # The office holds it when the needs of the season were being matched.
            nominal = AS_OF + (offset + self.rng.randrange(-10, 11)) * DAY
            days = [nominal + n * DAY for n in range(-45, 46)]
            held_on = max(days, key=lambda d: (matchable(d), -abs((d - nominal).days)))
            dated.append((held_on, kind, zh, en, place, domain))
        held = [d for d in dated if d[0] <= self.today - 60 * DAY]
        for number, (held_on, kind, zh, en, place, domain) in enumerate(held, start=1):
            # The office closes an event's file a month or so later; the latest is still open.
            self._market_event(kind, held_on, zh, en, place, domain, used, last=number == len(held))

    def _market_signed_after(self, held_on: datetime.date, used: set[int]) -> list[ContractRecord]:
        """The contracts the story signed from three weeks to a year after the event."""
        return [
            c
            for c in self.contracts
            if c.obj.signed_on is not None
            and c.obj.status in SIGNED_STATUSES
            and held_on + 20 * DAY <= c.obj.signed_on <= held_on + 400 * DAY
            and id(c.obj) not in used
            and not c.partner.is_institute
        ]

    def _market_event(
        self,
        kind: str,
        held_on: datetime.date,
        title_zh: str,
        title_en: str,
        place: str,
        domain: str,
        used: set[int],
        *,
        last: bool,
    ) -> None:
        announced = held_on - self.rng.randrange(40, 60) * DAY
        opened = announced + self.rng.randrange(2, 8) * DAY
        closes_on = held_on - self.rng.randrange(1, 4) * DAY
        last_day = held_on + DAY if kind == EventKind.MATCHMAKING_FAIR else held_on
        capacity = self.rng.choice((60, 80, 120))
        status, closed_on = EventStatus.HELD, None
        if not last:
            status, closed_on = EventStatus.CLOSED, last_day + self.rng.randrange(20, 45) * DAY
        center = self.home_centers.get(domain)
        event = MarketEvent(
            kind=kind,
            title_zh=title_zh,
            title_en=title_en,
            held_on=held_on,
            ends_on=last_day if last_day != held_on else None,
            place=place,
            organizer=center.obj if center else None,
            description=DESCRIPTIONS[kind],
            registration_closes_on=closes_on,
            capacity=capacity,
            status=status,
            closed_on=closed_on,
        )
        changes: list[tuple[datetime.datetime, dict[str, Any]]] = [
            (self._at(opened), {"status": EventStatus.REGISTRATION_OPEN}),
            (self._at(last_day), {"status": EventStatus.HELD}),
        ]
        if closed_on is not None:
            changes.append((self._at(closed_on), {"status": status, "closed_on": closed_on}))
        self.writer.add(
            event,
            self._at(announced),
            before={"status": EventStatus.PLANNED, "closed_on": None},
            changes=changes,
        )

        # What it led to: contracts signed after it, each with the intention noted there.
        carried = self._market_signed_after(held_on, used)
        self.rng.shuffle(carried)
        carried = carried[: max(1, self._scaled_market("carried"))]
        presented: dict[int, AchievementRecord] = {}
        intentions: list[dict[str, Any]] = []
        for contract in carried:
            deal = next((d for d in self.deals if d.agreement is contract.obj), None)
            if deal is not None and deal.achievement.started_on > held_on - 30 * DAY:
                continue  # its achievement was not there yet to be presented
            used.add(id(contract.obj))
            if deal is not None:
                presented[id(deal.achievement.obj)] = deal.achievement
                intentions.append(
                    {
                        "organization": contract.partner,
                        "kind": OutcomeKind.LICENCE_INTEREST,
                        "achievement": deal.achievement,
                        "agreement": contract.obj,
                    }
                )
            else:
                intentions.append(
                    {
                        "organization": contract.partner,
                        "kind": OutcomeKind.JOINT_DEVELOPMENT,
                        "expert": self._market_expert_of(contract.domain),
                        "agreement": contract.obj,
                    }
                )
        # More achievements presented, of the event's field first.
        candidates = [
            r
            for d in dict.fromkeys((domain, *self.achievements))
            for r in self.achievements.get(d, [])
            if r.started_on <= held_on - 60 * DAY and id(r.obj) not in presented
        ]
        count = max(2, self._scaled_market("presented"))
        for record in self.rng.sample(candidates[: 3 * count], min(count, len(candidates))):
            presented[id(record.obj)] = record
        presentations = list(presented.values())
        for order, record in enumerate(presentations, start=1):
            presenter = next((e.obj for e in record.inventors if e.internal), None)
            self.writer.add(
                EventAchievement(
                    event=event,
                    achievement=record.obj,
                    presenter=presenter,
                    order=order,
                    pitch=self.rng.choice(PITCHES),
                ),
                self._at(max(opened, record.started_on + DAY)),
            )

        # The needs on show; those whose expert the office accepted from the day of the event
        # on were matched there (the candidate the story accepted is the match).
        matches = self._market_matches(held_on)[: self._scaled_market("matched")]
        shown = [m.need for m in matches]
        shown += [n for n in self._market_needs_on_show(held_on, kind) if n not in shown]
        for order, need in enumerate(shown, start=1):
            assert need.triaged_on is not None
            self.writer.add(
                EventNeed(event=event, need=need, order=order, note="企业代表现场介绍需求。"),
                self._at(max(opened, need.triaged_on + DAY)),
            )
        for candidate in matches:
            intentions.append(
                {
                    "organization": self._market_org_of(candidate.need),
                    "kind": OutcomeKind.SOLVE_NEED,
                    "need": candidate.need,
                    "expert": candidate.person,
                    "match": candidate,
                }
            )
        # Intentions that went no further.
        for _ in range(self._scaled_market("intentions")):
            if not presentations:
                break
            investor = self.investors and self.rng.random() < 0.4
            org = self.rng.choice(self.investors) if investor else self._market_visitor(held_on)
            if org is None:
                continue
            intentions.append(
                {
                    "organization": org,
                    "kind": OutcomeKind.INVESTMENT
                    if investor
                    else self.rng.choice((OutcomeKind.LICENCE_INTEREST, OutcomeKind.OTHER)),
                    "achievement": self.rng.choice(presentations),
                }
            )

        # Who registered: those with an intention, and other visitors.
        attending: dict[int, Org] = {id(i["organization"]): i["organization"] for i in intentions}
        for _ in range(self._scaled_market("visitors")):
            org = self._market_visitor(held_on)
            if org is not None:
                attending.setdefault(id(org), org)
        with_intention = {id(i["organization"]) for i in intentions}
        for org in attending.values():
            self._market_attendance(
                event, org, opened, closes_on, held_on, id(org) in with_intention
            )
        for intention in intentions:
            self._market_outcome(event, held_on, intention)

    def _market_expert_of(self, domain: str) -> Expert | None:
        experts = self.researchers.get(domain) or [
            e for experts in self.researchers.values() for e in experts
        ]
        return self.rng.choice(experts) if experts else None

    def _market_org_of(self, need: TechnicalNeed) -> Org | None:
        return next((o for o in self.orgs if o.obj.pk == need.organization_id), None)

    def _market_visitor(self, held_on: datetime.date) -> Org | None:
        # The same few event days are asked for again and again: list their visitors once.
        key = (held_on, len(self.orgs))
        local = self.market_visitors.get(key)
        if local is None:
            local = self.market_visitors[key] = [
                o
                for o in self.orgs
                if o.kind == OrganizationKind.ENTERPRISE
                and o.local
                and not o.is_institute
                and (o.obj.founded_on or held_on) <= held_on
            ]
        return self.rng.choice(local) if local else None

    def _market_needs_on_show(self, held_on: datetime.date, kind: str) -> list[TechnicalNeed]:
        """Open, not confidential needs triaged before the event and still open a month after,
        whose enterprise lets them be shown: a fair shows several, a roadshow one or two."""
        needs = list(
            TechnicalNeed.objects.filter(
                submitted_on__gt=AS_OF,
                triaged_on__lte=held_on - 2 * DAY,
                confidentiality__in=SHOWN_LEVELS,
            )
            .exclude(solved_on__lte=held_on + 30 * DAY)
            .exclude(ended_on__lte=held_on + 30 * DAY)
            .order_by("pk")
        )
        count = self._scaled_market("needs_on_show")
        if kind == EventKind.ROADSHOW:
            count = min(count, 2)
        return self.rng.sample(needs, min(len(needs), count))

    def _market_matches(self, held_on: datetime.date) -> list[MatchCandidate]:
        """The experts accepted for a need, from the day of the event on, of needs triaged just
        before it: their match was made at the event."""
        candidates = list(
            MatchCandidate.objects.filter(
                kind=CandidateKind.EXPERT,
                decision=Decision.ACCEPTED,
                decided_at__gte=self._moment(held_on),
                need__submitted_on__gt=AS_OF,
                need__triaged_on__lte=held_on - 2 * DAY,
                need__triaged_on__gte=held_on - 30 * DAY,
                need__confidentiality__in=SHOWN_LEVELS,
            )
            .select_related("need", "person")
            .order_by("pk")
        )
        self.rng.shuffle(candidates)
        return candidates

    def _market_attendance(
        self,
        event: MarketEvent,
        org: Org,
        opened: datetime.date,
        closes_on: datetime.date,
        held_on: datetime.date,
        noted: bool,
    ) -> None:
        registered_on = self._day(opened, closes_on)
        roll = self.rng.random()
        status = AttendanceStatus.ATTENDED
        cancelled_on = None
        if not noted and roll < 0.1:
            status, cancelled_on = AttendanceStatus.CANCELLED, self._day(registered_on, closes_on)
        elif not noted and roll < 0.2:
            status = AttendanceStatus.NO_SHOW
        names = [
            f"{self.namer.chinese_person()}（{self.rng.choice(ATTENDEES)}）"
            for _ in range(self.rng.randrange(1, 4))
        ]
        attendance = EventAttendance(
            event=event,
            organization=org.obj,
            attendees="\n".join(names),
            status=status,
            registered_on=registered_on,
            from_portal=self.rng.random() < 0.4,
            cancelled_on=cancelled_on,
        )
        day = cancelled_on or held_on
        change: dict[str, Any] = {"status": status}
        if cancelled_on is not None:
            change["cancelled_on"] = cancelled_on
        self.writer.add(
            attendance,
            self._at(registered_on),
            before={"status": AttendanceStatus.REGISTERED, "cancelled_on": None},
            changes=[(self._at(day), change)],
        )

    def _market_outcome(
        self, event: MarketEvent, held_on: datetime.date, intention: dict[str, Any]
    ) -> None:
        org: Org | None = intention.get("organization")
        if org is None:
            return
        achievement: AchievementRecord | None = intention.get("achievement")
        expert: Expert | Person | None = intention.get("expert")
        need: TechnicalNeed | None = intention.get("need")
        if achievement is None and expert is None and need is None:
            return
        # Noted on the day, or the day after from the notes taken.
        noted_on = held_on + DAY if self.rng.random() < 0.2 else held_on
        outcome = EventOutcome(
            event=event,
            organization=org.obj,
            kind=intention["kind"],
            achievement=achievement.obj if achievement else None,
            need=need,
            expert=expert.obj if isinstance(expert, Expert) else expert,
            note=NOTES[intention["kind"]],
            noted_on=noted_on,
        )
        changes: list[tuple[datetime.datetime, dict[str, Any]]] = []
        match: MatchCandidate | None = intention.get("match")
        if match is not None:
            assert match.decided_at is not None
            outcome.match = match
            changes.append((max(match.decided_at, self._at(noted_on)), {"match": match}))
        agreement = intention.get("agreement")
        if agreement is not None:
            assert agreement.signed_on is not None
            carried_on = self._day(
                noted_on + 5 * DAY, max(noted_on + 5 * DAY, agreement.signed_on - 5 * DAY)
            )
            outcome.agreement = agreement
            changes.append((self._at(carried_on), {"agreement": agreement}))
        self.writer.add(
            outcome,
            self._at(noted_on),
            before={"match": None, "agreement": None},
            changes=changes,
        )
