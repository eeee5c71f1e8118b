"""Reads of joint training: how many trainees were in training and graduated, year by year."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.db.models import QuerySet

from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.core.lifecycle import today

from .choices import TraineeStatus
from .models import Trainee


@dataclasses.dataclass(frozen=True)
class TrainingYear:
    """One year of joint training: who started, who was in training at some time in it, and
    who graduated or withdrew in it."""

    year: int
    started: int
    in_training: int
    graduated: int
    withdrew: int


@dataclasses.dataclass(frozen=True)
class TrainingSummary:
    """A set of trainees counted: in training today, graduated and withdrawn in all, by year."""

    in_training: int
    graduated: int
    withdrew: int
    years: list[TrainingYear]

    @property
    def total(self) -> int:
        return self.in_training + self.graduated + self.withdrew


def training_by_year(
    trainees: QuerySet[Trainee], *, until: datetime.date | None = None
) -> TrainingSummary:
    """Count `trainees` (already narrowed to what the reader may see) year by year, the latest
    year first, from the first year one started to `until` (today) or the last one ended."""
    rows = list(trainees.values_list("starts_on", "ends_on", "status"))
    until = until or today()
    totals = dict.fromkeys(TraineeStatus.values, 0)
    for _starts, _ends, status in rows:
        totals[status] += 1
    if not rows:
        return TrainingSummary(0, 0, 0, [])
    first = min(starts.year for starts, _e, _s in rows)
    last = max([until.year, *(ends.year for _s, ends, _st in rows if ends is not None)])
    last = max(last, max(starts.year for starts, _e, _s in rows))
    years = []
    for year in range(last, first - 1, -1):
        started = in_training = graduated = withdrew = 0
        for starts, ends, status in rows:
            if starts.year == year:
                started += 1
            # In training at some time in the year: started by its end, not ended before it.
            if starts.year <= year and (ends is None or ends.year >= year):
                in_training += 1
            if ends is not None and ends.year == year:
                if status == TraineeStatus.GRADUATED:
                    graduated += 1
                elif status == TraineeStatus.WITHDREW:
                    withdrew += 1
        years.append(TrainingYear(year, started, in_training, graduated, withdrew))
    return TrainingSummary(
        in_training=totals[TraineeStatus.IN_TRAINING],
        graduated=totals[TraineeStatus.GRADUATED],
        withdrew=totals[TraineeStatus.WITHDREW],
        years=years,
    )


def agreement_training(*, agreement: Agreement, user: Any) -> TrainingSummary | None:
    """The joint training under `agreement` as `user` may see it; None when there is none."""
    summary = training_by_year(Trainee.objects.restrict(user, "view").filter(agreement=agreement))
    return summary if summary.total else None


def center_training(*, center: Center, user: Any) -> TrainingSummary | None:
    """The joint training at `center` as `user` may see it; None when there is none."""
    summary = training_by_year(Trainee.objects.restrict(user, "view").filter(center=center))
    return summary if summary.total else None
