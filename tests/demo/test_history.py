"""The demo's history: each record's rows dated as its story has them, from creation to now."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import models
from django.utils import timezone

from liaison.achievements.models import Achievement, StageEntry
from liaison.agreements.models import Agreement
from liaison.centers.models import Appointment, Center
from liaison.demo.loader import DemoSummary
from liaison.demo.writer import WRITE_ORDER
from liaison.financing.models import FinancingRound
from liaison.needs.models import MatchCandidate, ServiceRecord, TechnicalNeed

pytestmark = pytest.mark.django_db

# The historical models are added by django-simple-history, which has no stubs.
MODELS: list[Any] = [m for m in WRITE_ORDER if not m._meta.auto_created]
FOUNDED = datetime.date(2019, 5, 1)


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def creations(model: Any) -> dict[int, datetime.date]:
    """The day each record of `model` was created, by its key."""
    rows = model.history.filter(history_type="+").values_list("id", "history_date")
    return {pk: local_day(moment) for pk, moment in rows}


def lifecycles(model: Any) -> dict[int, list[Any]]:
    """Each record's history rows, oldest first, by its key."""
    rows: dict[int, list[Any]] = {}
    for row in model.history.order_by("history_date", "history_id"):
        rows.setdefault(row.id, []).append(row)
    return rows


def test_every_record_has_one_creation_first_in_its_history(demo: DemoSummary) -> None:
    for model in MODELS:
        assert model.history.filter(history_type="+").count() == model.objects.count(), model
        for rows in lifecycles(model).values():
            assert [r.history_type for r in rows] == ["+"] + ["~"] * (len(rows) - 1), model
            assert [r.version for r in rows] == list(range(1, len(rows) + 1)), model


def test_the_history_runs_from_the_institutes_founding_to_today(demo: DemoSummary) -> None:
    today = timezone.localdate()
    for model in MODELS:
        days = model.history.aggregate(
            first=models.Min("history_date"), last=models.Max("history_date")
        )
        assert local_day(days["first"]) >= FOUNDED, model
        assert local_day(days["last"]) <= today, model
        assert days["last"] <= timezone.now(), model


def test_history_is_written_in_office_hours_in_the_institutes_time_zone(demo: DemoSummary) -> None:
    today = timezone.localdate()
    for moment in TechnicalNeed.history.values_list("history_date", flat=True):
        local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
        assert local.date() == today or 9 <= local.hour < 18


def test_the_last_row_of_a_records_history_is_the_record_as_it_is(demo: DemoSummary) -> None:
    for model in MODELS:
        fields = [f.attname for f in model._meta.concrete_fields]  # the key first
        records = {row[0]: row for row in model.objects.values_list(*fields)}
        last = {row[0]: row for row in model.history.order_by("history_id").values_list(*fields)}
        assert last == records, model


def test_a_need_is_created_on_the_day_it_was_submitted(demo: DemoSummary) -> None:
    created = creations(TechnicalNeed)
    for pk, submitted_on in TechnicalNeed.objects.values_list("pk", "submitted_on"):
        assert created[pk] == submitted_on


def test_a_solved_need_went_through_triage_matching_and_work(demo: DemoSummary) -> None:
    need = TechnicalNeed.objects.filter(status="solved").first()
    assert need is not None
    rows = lifecycles(TechnicalNeed)[need.pk]
    assert [r.status for r in rows] == ["submitted", "triaged", "matched", "in_progress", "solved"]
    assert rows[0].triaged_on is None
    assert not rows[0].solution_summary
    assert local_day(rows[1].history_date) == need.triaged_on
    assert local_day(rows[-1].history_date) == need.solved_on


def test_an_ended_need_ends_on_its_day_with_its_reason(demo: DemoSummary) -> None:
    for need in TechnicalNeed.objects.filter(status__in=["closed", "withdrawn", "rejected"]):
        last = lifecycles(TechnicalNeed)[need.pk][-1]
        assert local_day(last.history_date) == need.ended_on
        assert last.close_reason == need.close_reason
        break


def test_a_service_is_created_on_the_day_it_was_delivered(demo: DemoSummary) -> None:
    created = creations(ServiceRecord)
    for pk, delivered_on in ServiceRecord.objects.values_list("pk", "delivered_on"):
        assert created[pk] == delivered_on


def test_an_agreement_is_drafted_shortly_before_it_is_signed(demo: DemoSummary) -> None:
    created = creations(Agreement)
    for pk, signed_on in Agreement.objects.exclude(signed_on=None).values_list("pk", "signed_on"):
        assert signed_on - datetime.timedelta(days=90) <= created[pk] <= signed_on


def test_an_agreement_in_force_was_reviewed_signed_and_put_in_force(demo: DemoSummary) -> None:
    agreement = Agreement.objects.filter(status="in_force").first()
    assert agreement is not None
    rows = lifecycles(Agreement)[agreement.pk]
    assert [r.status for r in rows] == ["draft", "under_review", "signed", "in_force"]
    assert local_day(rows[2].history_date) == agreement.signed_on
    assert local_day(rows[3].history_date) == agreement.effective_on


def test_an_achievement_moves_through_its_stages_on_their_days(demo: DemoSummary) -> None:
    created = creations(Achievement)
    histories = lifecycles(Achievement)
    for achievement in Achievement.objects.prefetch_related("stage_history"):
        entries = list(achievement.stage_history.order_by("reached_on"))
        rows = histories[achievement.pk]
        assert created[achievement.pk] == entries[0].reached_on
        assert [(r.stage, local_day(r.history_date)) for r in rows] == [
            (e.stage, e.reached_on) for e in entries
        ]


def test_stage_entries_centers_and_appointments_are_created_on_their_days(
    demo: DemoSummary,
) -> None:
    for model, field in [
        (StageEntry, "reached_on"),
        (Center, "established_on"),
        (Appointment, "starts_on"),
        (FinancingRound, "announced_on"),
    ]:
        created = creations(model)
        for pk, day in model.objects.exclude(**{field: None}).values_list("pk", field):
            assert created[pk] == day, (model, pk)


def test_candidates_are_created_as_their_need_is_matched(demo: DemoSummary) -> None:
    matched = {
        row.id: row.history_date
        for row in TechnicalNeed.history.filter(status="matched", history_type="~")
    }
    for need, moment in MatchCandidate.history.values_list("need_id", "history_date")[:300]:
        assert moment == matched[need]


def test_no_history_row_refers_to_a_record_not_yet_created(demo: DemoSummary) -> None:
    created = {
        model: dict(model.history.filter(history_type="+").values_list("id", "history_date"))
        for model in MODELS
    }
    for model in MODELS:
        keys = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.ForeignKey) and f.related_model in created
        ]
        related = {
            f.attname: f.related_model for f in model._meta.concrete_fields if f.attname in keys
        }
        for row in model.history.values("history_date", *keys):
            for key in keys:
                if row[key] is not None:
                    assert created[related[key]][row[key]] <= row["history_date"], (model, key)
