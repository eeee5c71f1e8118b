"""The demo's records: valid, consistent over their lifecycles, coherent in topic, and adding
up to the announcement's figures."""

import datetime
import re
from collections import Counter

import pytest
from django.utils import timezone

from liaison.achievements.models import Achievement, StageEntry
from liaison.agreements.models import Agreement, PaymentMilestone
from liaison.centers.models import Appointment
from liaison.demo.loader import DemoSummary
from liaison.demo.vocabulary import DOMAINS
from liaison.demo.writer import WRITE_ORDER
from liaison.financing.models import FinancingRound
from liaison.needs.models import MatchCandidate, ServiceRecord, TechnicalNeed
from liaison.people.models import Affiliation

from .figures import AS_OF, REPORTED, figures

pytestmark = pytest.mark.django_db

STAGES = ["research", "prototype", "pilot", "clinical_trial", "registration", "market"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def domain_terms(domain: str) -> set[str]:
    vocabulary = DOMAINS[domain]
    return {
        term
        for group in (
            vocabulary.subjects,
            vocabulary.methods,
            vocabulary.applications,
        )
        for pair in group
        for term in pair
    }


def test_the_figures_as_of_the_announcement_are_exactly_those_reported(demo: DemoSummary) -> None:
    assert figures(AS_OF) == REPORTED


def test_the_reports_app_finds_the_same_figures(demo: DemoSummary) -> None:
    selectors = pytest.importorskip("liaison.reports.selectors")
    values = {f.key: f.value for f in selectors.figures_as_of(as_of=AS_OF)}
    assert values == REPORTED


def test_every_figure_has_grown_by_today(demo: DemoSummary) -> None:
    then, now = figures(AS_OF), figures(timezone.localdate())
    for key, value in then.items():
        assert now[key] > value, key


def test_every_record_passes_full_clean(demo: DemoSummary) -> None:
    for model in WRITE_ORDER:
        if model._meta.auto_created:
            continue
        for record in model._default_manager.all():
            record.full_clean()


def test_nothing_is_dated_after_today(demo: DemoSummary) -> None:
    today = timezone.localdate()
    checks = [
        (Agreement, ["signed_on", "effective_on", "ended_on"]),
        (TechnicalNeed, ["submitted_on", "triaged_on", "solved_on", "ended_on"]),
        (ServiceRecord, ["delivered_on"]),
        (StageEntry, ["reached_on"]),
        (FinancingRound, ["announced_on", "closed_on"]),
        (PaymentMilestone, ["done_on"]),
    ]
    for model, fields in checks:
        for field in fields:
            assert not model.objects.filter(**{f"{field}__gt": today}).exists(), (model, field)


def test_agreement_statuses_agree_with_their_dates(demo: DemoSummary) -> None:
    today = timezone.localdate()
    for a in Agreement.objects.all():
        if a.status in {"draft", "under_review"}:
            assert (a.signed_on, a.effective_on, a.ended_on) == (None, None, None)
            continue
        assert a.signed_on is not None
        if a.status == "signed":
            assert (a.effective_on, a.ended_on) == (None, None)
            continue
        assert a.effective_on >= a.signed_on
        if a.status == "in_force":
            assert a.ended_on is None
            assert a.expires_on is None or a.expires_on >= today
        else:
            assert a.effective_on <= a.ended_on <= today
        if a.status == "expired":
            assert a.ended_on == a.expires_on
        if a.status == "terminated":
            assert a.end_reason


def test_agreements_have_the_institute_and_at_least_one_partner(demo: DemoSummary) -> None:
    for agreement in Agreement.objects.prefetch_related("parties__organization"):
        parties = list(agreement.parties.all())
        assert sum(p.organization.is_institute for p in parties) == 1
        assert len(parties) >= 2


def test_milestones_are_met_only_once_signed_and_not_before(demo: DemoSummary) -> None:
    for milestone in PaymentMilestone.objects.exclude(done_on=None).select_related("agreement"):
        assert milestone.agreement.signed_on is not None
        assert milestone.done_on >= milestone.agreement.signed_on


def test_need_statuses_agree_with_their_dates(demo: DemoSummary) -> None:
    for need in TechnicalNeed.objects.all():
        if need.triaged_on:
            assert need.triaged_on >= need.submitted_on
        if need.deadline:
            assert need.deadline >= need.submitted_on
        if need.status == "solved":
            assert need.solution_summary
            assert need.solved_on >= need.triaged_on >= need.submitted_on
            assert need.ended_on is None
        else:
            assert need.solved_on is None
            assert not need.solution_summary
        if need.status in {"closed", "withdrawn", "rejected"}:
            assert need.ended_on >= need.submitted_on
        if need.status in {"closed", "rejected"}:
            assert need.close_reason
        if need.status in {"submitted", "triaged", "matched", "in_progress"}:
            assert need.ended_on is None
        if need.status == "submitted":
            assert need.triaged_on is None
        if need.status in {"triaged", "matched", "in_progress", "solved"}:
            assert need.triaged_on is not None


def test_solved_and_started_needs_have_an_accepted_expert(demo: DemoSummary) -> None:
    for need in TechnicalNeed.objects.filter(status__in=["solved", "in_progress"]):
        assert need.candidates.filter(decision="accepted", kind="expert").count() == 1


def test_matched_needs_have_only_pending_candidates(demo: DemoSummary) -> None:
    for need in TechnicalNeed.objects.filter(status="matched"):
        assert need.candidates.exists()
        assert set(need.candidates.values_list("decision", flat=True)) == {"pending"}


def test_decided_candidates_carry_when_they_were_decided(demo: DemoSummary) -> None:
    for candidate in MatchCandidate.objects.all():
        assert (candidate.decided_at is None) == (candidate.decision == "pending")
        if candidate.decided_at:
            assert candidate.decided_at.date() >= candidate.need.submitted_on


def test_services_of_a_need_go_to_its_submitter_after_it_was_submitted(demo: DemoSummary) -> None:
    for service in ServiceRecord.objects.exclude(need=None).select_related("need"):
        assert service.organization_id == service.need.organization_id
        assert service.delivered_on >= service.need.submitted_on


def test_stage_histories_move_forward_in_time_and_stage(demo: DemoSummary) -> None:
    for achievement in Achievement.objects.prefetch_related("stage_history"):
        entries = list(achievement.stage_history.all())
        assert entries, achievement
        days = [e.reached_on for e in entries]
        stages = [STAGES.index(e.stage) for e in entries]
        assert days == sorted(days)
        assert len(set(days)) == len(days)
        assert stages == sorted(stages)
        assert len(set(stages)) == len(stages)
        assert (achievement.stage, achievement.stage_since) == (entries[-1].stage, days[-1])


def test_appointment_terms_end_after_they_start(demo: DemoSummary) -> None:
    for appointment in Appointment.objects.select_related("committee"):
        assert appointment.ends_on > appointment.starts_on
        if appointment.committee:
            assert appointment.committee.center_id == appointment.center_id
            assert appointment.role.startswith("committee_")


def test_financing_rounds_close_after_they_are_announced(demo: DemoSummary) -> None:
    for r in FinancingRound.objects.prefetch_related("round_investors"):
        if r.status == "closed":
            assert r.closed_on >= r.announced_on
        else:
            assert r.closed_on is None
        if r.status == "cancelled":
            assert r.cancel_reason
        if r.currency == "CNY":
            assert r.cny_rate == 1
        stakes = [i.amount for i in r.round_investors.all() if i.amount is not None]
        assert sum(stakes) <= r.amount
        assert sum(i.is_lead for i in r.round_investors.all()) == 1


def test_some_rounds_are_in_us_dollars_at_a_rate(demo: DemoSummary) -> None:
    dollars = FinancingRound.objects.filter(currency="USD")
    assert dollars.exists()
    assert all(6 < r.cny_rate < 8 for r in dollars)


def test_everyone_has_one_primary_affiliation(demo: DemoSummary) -> None:
    primaries = Counter(
        Affiliation.objects.filter(is_primary=True).values_list("person_id", flat=True)
    )
    assert set(primaries.values()) == {1}


def test_a_solved_need_shares_its_subject_with_the_expert_who_solved_it(demo: DemoSummary) -> None:
    for need in TechnicalNeed.objects.filter(status="solved"):
        expert = need.candidates.get(decision="accepted").person
        text = need.title + need.description
        shared = [term for term in expert.expertise if term in text]
        assert shared, (need.title, expert.expertise)
        assert need.services.filter(provided_by=expert).exists()


def test_an_experts_expertise_comes_from_one_domain(demo: DemoSummary) -> None:
    for need in TechnicalNeed.objects.filter(status="solved")[:100]:
        expert = need.candidates.get(decision="accepted").person
        assert set(expert.expertise) <= domain_terms(need.domains[0])


def test_an_achievements_keywords_and_inventors_share_its_domain(demo: DemoSummary) -> None:
    for achievement in Achievement.objects.prefetch_related("inventors"):
        domain = next(d for d in DOMAINS if set(achievement.keywords) <= domain_terms(d))
        for inventor in achievement.inventors.all():
            assert set(inventor.expertise) <= domain_terms(domain)


def test_a_medical_dressing_need_finds_researchers_and_achievements_of_its_domain(
    demo: DemoSummary,
) -> None:
    need = TechnicalNeed.objects.filter(description__contains="医用敷料", status="solved").first()
    assert need is not None
    experts = need.candidates.filter(kind="expert")
    assert experts.exists()
    for candidate in experts:
        assert set(candidate.person.expertise) <= domain_terms("biomaterials")


def test_texts_are_mostly_chinese_with_some_english(demo: DemoSummary) -> None:
    titles = list(TechnicalNeed.objects.values_list("title", flat=True))
    chinese = sum(bool(CJK.search(t)) for t in titles) / len(titles)
    assert 0.75 < chinese < 0.98
    profiles = [p for p in Affiliation.objects.values_list("person__profile", flat=True) if p]
    assert any(not CJK.search(p) for p in profiles)


def test_no_placeholder_text(demo: DemoSummary) -> None:
    for model, fields in [
        (TechnicalNeed, ["title", "description", "solution_summary"]),
        (Achievement, ["title_zh", "title_en", "description"]),
        (ServiceRecord, ["title", "description"]),
    ]:
        for field in fields:
            assert not model.objects.filter(**{f"{field}__icontains": "lorem"}).exists()
            assert not model.objects.filter(**{f"{field}__icontains": "ipsum"}).exists()


def test_the_records_span_from_2019_to_today(demo: DemoSummary) -> None:
    days = sorted(ServiceRecord.objects.values_list("delivered_on", flat=True))
    assert days[0] >= datetime.date(2019, 5, 1)
    assert days[0] < datetime.date(2020, 1, 1)
    assert days[-1] > timezone.localdate() - datetime.timedelta(days=120)
