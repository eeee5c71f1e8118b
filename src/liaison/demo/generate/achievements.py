"""Achievements and the stages they went through."""

from __future__ import annotations

import datetime

from liaison.achievements.choices import AchievementKind, Stage, TransferMode
from liaison.achievements.models import Achievement, StageEntry

from ..texts import STAGE_EVIDENCE, achievement_description, achievement_titles, topic
from ..vocabulary import DOMAINS
from ..writer import Change
from .story import AS_OF, DAY, FIRST_DAY, AchievementRecord, FigureGuardError, Story

COUNTED_STAGES = frozenset({Stage.CLINICAL_TRIAL, Stage.REGISTRATION, Stage.MARKET})
CORE_ACHIEVEMENTS = {
    "biomaterials": 18,
    "medical_engineering": 12,
    "life_health": 10,
    "food": 9,
    "materials": 7,
}
STAGE_ORDER: tuple[str, ...] = (
    Stage.RESEARCH,
    Stage.PROTOTYPE,
    Stage.PILOT,
    Stage.CLINICAL_TRIAL,
    Stage.REGISTRATION,
    Stage.MARKET,
)
STAGE_TRL: dict[str, tuple[int, int]] = {
    Stage.RESEARCH: (2, 3),
    Stage.PROTOTYPE: (4, 5),
    Stage.PILOT: (6, 7),
    Stage.CLINICAL_TRIAL: (7, 7),
    Stage.REGISTRATION: (8, 8),
    Stage.MARKET: (9, 9),
}
CLINICAL_ACHIEVEMENT_KINDS = frozenset(
    {AchievementKind.MEDICAL_DEVICE, AchievementKind.DRUG, AchievementKind.MATERIAL}
)


class AchievementsGenerator(Story):
    """Generates achievements, each with its stage history."""

    def _stage_plan(
        self,
        path: list[str],
        start: datetime.date,
        *,
        counted_by: datetime.date | None,
        counted_after: datetime.date | None,
    ) -> list[tuple[str, datetime.date]]:
        """Dated stages along `path` from `start`, moving forward in time, none after today.

        `counted_by`: the first stage the figure counts is reached on or before that day;
        `counted_after`: no counted stage is reached on or before that day.
        """
        first_counted = next(i for i, s in enumerate(path) if s in COUNTED_STAGES)
        plan: list[tuple[str, datetime.date]] = [(path[0], start)]
        if counted_by is not None:
            counted_on = self._day(min(start + 300 * DAY, counted_by), counted_by)
            steps = first_counted
            for number in range(1, steps):
                share = number / steps + self.rng.uniform(-0.08, 0.08) / steps
                plan.append((path[number], start + round(share * (counted_on - start).days) * DAY))
            plan.append((path[first_counted], counted_on))
            number = first_counted + 1
        else:
            number = 1
        last_stop = len(path) if self.rng.random() < 0.5 else self.rng.randrange(1, len(path) + 1)
        while number < min(len(path), last_stop):
            day = plan[-1][1] + self.rng.randrange(90, 420) * DAY
            if (
                counted_after is not None
                and path[number] in COUNTED_STAGES
                and day <= counted_after
            ):
                day = counted_after + self.rng.randrange(1, 300) * DAY
            if day > self.today:
                break
            plan.append((path[number], day))
            number += 1
        # Stages strictly forward in time.
        for index in range(1, len(plan)):
            if plan[index][1] <= plan[index - 1][1]:
                plan[index] = (plan[index][0], plan[index - 1][1] + DAY)
        return [entry for entry in plan if entry[1] <= self.today]

    def _achievement(
        self,
        *,
        domain: str,
        start: datetime.date,
        counted_by: datetime.date | None = None,
        counted_after: datetime.date | None = None,
    ) -> AchievementRecord:
        vocabulary = DOMAINS[domain]
        lead = self.rng.choice(self.researchers[domain])
        subject = self.rng.choice(lead.subjects)
        t = topic(self.rng, vocabulary, subject=subject)
        kind = self.rng.choice(vocabulary.achievement_kinds)
        clinical_path = vocabulary.clinical and kind in CLINICAL_ACHIEVEMENT_KINDS
        path: list[str] = (
            list(STAGE_ORDER)
            if clinical_path
            else [Stage.RESEARCH, Stage.PROTOTYPE, Stage.PILOT, Stage.MARKET]
        )
        plan = self._stage_plan(path, start, counted_by=counted_by, counted_after=counted_after)
        counted = next((day for stage, day in plan if stage in COUNTED_STAGES), None)
        if counted is not None and counted <= AS_OF:
            if not self.in_core:
                raise FigureGuardError("an achievement would reach the market before 2023-05-08")
            self.achievements_by_then += 1
        stage, since = plan[-1]
        title_zh, title_en = achievement_titles(self.rng, t, kind=kind)
        patent_number = ""
        if kind == AchievementKind.PATENT and len(plan) > 1:
            self.patent_number += 1
            digits = f"{plan[1][1].year}1{(self.seed * 7919 + self.patent_number) % 10**7:07d}"
            check = (
                sum(
                    int(d) * w
                    for d, w in zip(digits, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5), strict=True)
                )
                % 11
            )
            patent_number = f"ZL{digits}.{'X' if check == 10 else check}"
        center = self.rng.choice([c for c in self.centers[domain] if c.established(start)])
        achievement = Achievement(
            title_zh=title_zh,
            title_en=title_en,
            kind=kind,
            description=achievement_description(self.rng, t, english=self.rng.random() < 0.2),
            keywords=t.keywords_zh,
            center=center.obj,
            trl=self.rng.randint(*STAGE_TRL[stage]),
            stage=stage,
            stage_since=since,
            transfer_mode=(
                self.rng.choice(TransferMode.values)
                if stage in {Stage.REGISTRATION, Stage.MARKET} or self.rng.random() < 0.1
                else ""
            ),
            patent_number=patent_number,
        )
        # It moves from stage to stage, at the lowest readiness of each until the last.
        moves: list[Change] = [
            (self._at(day), {"stage": s, "stage_since": day, "trl": STAGE_TRL[s][0]})
            for s, day in plan
        ]
        moves[-1][1]["trl"] = achievement.trl
        created = moves[0][0]
        self.writer.add(achievement, created, before=moves[0][1], changes=moves[1:])
        owners = [self.by_key["institute"]]
        if self.rng.random() < 0.35 and self.enterprises[domain]:
            owners.append(self.rng.choice(self.enterprises[domain]))
        for owner in owners:
            self.writer.add(
                Achievement.owners.through(achievement=achievement, organization=owner.obj),
                created,
            )
        inventors = [lead, *self.rng.sample(self.researchers[domain], self.rng.randrange(0, 3))]
        inventors = list(dict.fromkeys(inventors))
        for inventor in inventors:
            self.writer.add(
                Achievement.inventors.through(achievement=achievement, person=inventor.obj),
                created,
            )
        for entry_stage, day in plan:
            self.writer.add(
                StageEntry(
                    achievement=achievement,
                    stage=entry_stage,
                    reached_on=day,
                    evidence=self.rng.choice(STAGE_EVIDENCE[entry_stage]),
                ),
                self._at(day),
            )
        record = AchievementRecord(achievement, domain, subject, start, inventors, owners)
        self.achievements[domain].append(record)
        return record

    def _core_achievements(self) -> None:
        for domain, count in CORE_ACHIEVEMENTS.items():
            for _ in range(count):
                start = self._day(FIRST_DAY, AS_OF - 420 * DAY)
                self._achievement(domain=domain, start=start, counted_by=AS_OF)

    def _volume_achievements(self) -> None:
        for _ in range(self._count("achievements_before")):
            start = self._day(FIRST_DAY, AS_OF - 30 * DAY)
            self._achievement(domain=self._domain(), start=start, counted_after=AS_OF)
        for _ in range(self._count("achievements_after")):
            self._achievement(
                domain=self._domain(), start=self._after_report(), counted_after=AS_OF
            )
