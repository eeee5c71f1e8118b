import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from liaison.accounts.models import User
from liaison.core.lifecycle import today
from liaison.needs.choices import CandidateKind, Decision, Domain, NeedStatus, ServiceKind
from liaison.needs.models import MatchCandidate, ServiceRecord, TechnicalNeed
from liaison.needs.services import (
    need_close,
    need_decide_candidate,
    need_propose_candidates,
    need_reject,
    need_solve,
    need_start,
    need_submit,
    need_triage,
    need_withdraw,
    service_record_create,
)
from tests.achievements.factories import AchievementFactory
from tests.centers.factories import CenterFactory
from tests.core.errors import codes
from tests.needs import factories as needs_factories
from tests.needs.factories import (
    MatchCandidateFactory,
    TechnicalNeedFactory,
    in_progress,
    matched,
    solved,
    triaged,
    withdrawn,
)
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date
SUBMITTED_ON = D(2023, 3, 1)  # the factory's date


def reload(need: TechnicalNeed) -> TechnicalNeed:
    return TechnicalNeed.objects.get(pk=need.pk)


def expert(score: float = 0.9, **kwargs: Any) -> dict[str, Any]:
    return needs_factories.expert(score=score, **kwargs)


# Submission


def test_need_submit_records_a_submitted_need_with_its_author(staff_user: User) -> None:
    organization = OrganizationFactory.create()
    need = need_submit(
        organization=organization,
        title="乳制品保鲜工艺",
        description="需要延长低温乳制品保质期的工艺方案。",
        submitted_on=D(2023, 4, 1),
        domains=[Domain.FOOD],
        budget=Decimal("300000"),
        by=staff_user,
    )
    need = reload(need)
    assert (need.status, need.organization, need.domains) == (
        NeedStatus.SUBMITTED,
        organization,
        ["food"],
    )
    assert need.history.get().history_user == staff_user


def test_a_need_needs_a_description() -> None:
    with pytest.raises(ValidationError) as error:
        need_submit(
            organization=OrganizationFactory.create(),
            title="问题",
            description="",
            submitted_on=D(2023, 4, 1),
            by=None,
        )
    assert "description" in error.value.error_dict


def test_a_need_cannot_be_submitted_in_the_future() -> None:
    with pytest.raises(ValidationError) as error:
        need_submit(
            organization=OrganizationFactory.create(),
            title="问题",
            description="描述",
            submitted_on=today() + datetime.timedelta(days=1),
            by=None,
        )
    assert codes(error, "submitted_on") == ["future_date"]


def test_a_need_deadline_cannot_be_before_its_submission() -> None:
    with pytest.raises(ValidationError) as error:
        need_submit(
            organization=OrganizationFactory.create(),
            title="问题",
            description="描述",
            submitted_on=D(2023, 4, 1),
            deadline=D(2023, 3, 1),
            by=None,
        )
    assert codes(error, "deadline") == ["deadline_before_submitted"]


def test_a_need_refuses_unknown_domains() -> None:
    with pytest.raises(ValidationError) as error:
        need_submit(
            organization=OrganizationFactory.create(),
            title="问题",
            description="描述",
            submitted_on=D(2023, 4, 1),
            domains=["astrology"],
            by=None,
        )
    assert codes(error, "domains") == ["unknown_domain"]


def test_a_need_budget_cannot_be_negative() -> None:
    with pytest.raises(ValidationError) as error:
        need_submit(
            organization=OrganizationFactory.create(),
            title="问题",
            description="描述",
            submitted_on=D(2023, 4, 1),
            budget=Decimal("-1"),
            by=None,
        )
    assert codes(error, "budget") == ["negative_amount"]


def test_need_submit_refuses_to_set_the_status() -> None:
    with pytest.raises(TypeError):
        need_submit(
            organization=OrganizationFactory.create(),
            title="问题",
            description="描述",
            submitted_on=D(2023, 4, 1),
            status=NeedStatus.SOLVED,
            by=None,
        )


# Triage


def test_need_triage_dates_the_need_assigns_a_center_and_domains(staff_user: User) -> None:
    center = CenterFactory.create()
    need = need_triage(
        need=TechnicalNeedFactory.create(),
        triaged_on=D(2023, 3, 2),
        assigned_center=center,
        domains=[Domain.BIOMATERIALS, Domain.MEDICAL_ENGINEERING],
        by=staff_user,
    )
    need = reload(need)
    assert (need.status, need.triaged_on, need.assigned_center) == (
        NeedStatus.TRIAGED,
        D(2023, 3, 2),
        center,
    )
    assert need.domains == ["biomaterials", "medical_engineering"]
    assert need.history.order_by("-history_id").first().history_user == staff_user


def test_need_triage_keeps_the_domains_when_none_are_given() -> None:
    need = need_triage(need=TechnicalNeedFactory.create(), triaged_on=D(2023, 3, 2), by=None)
    assert reload(need).domains == ["biomaterials"]


def test_only_a_submitted_need_can_be_triaged() -> None:
    need = triaged()
    with pytest.raises(ValidationError) as error:
        need_triage(need=need, triaged_on=D(2023, 3, 3), by=None)
    assert codes(error) == ["illegal_transition"]


def test_a_need_cannot_be_triaged_before_it_was_submitted() -> None:
    with pytest.raises(ValidationError) as error:
        need_triage(need=TechnicalNeedFactory.create(), triaged_on=D(2023, 2, 28), by=None)
    assert codes(error, "triaged_on") == ["before_submitted"]


# Candidates


def test_proposing_candidates_ranks_them_and_matches_the_need(staff_user: User) -> None:
    need = triaged()
    center = CenterFactory.create()
    achievement = AchievementFactory.create()
    created = need_propose_candidates(
        need=need,
        candidates=[
            expert(0.9, explanation={"terms": ["敷料", "涂层"]}),
            {"kind": CandidateKind.CENTER, "center": center, "score": 0.7},
            {"kind": CandidateKind.ACHIEVEMENT, "achievement": achievement, "score": 0.5},
        ],
        by=staff_user,
    )
    assert reload(need).status == NeedStatus.MATCHED
    assert [c.rank for c in need.candidates.all()] == [1, 2, 3]
    assert [c.kind for c in created] == ["expert", "center", "achievement"]
    assert created[0].explanation == {"terms": ["敷料", "涂层"]}
    assert {c.history.get().history_user for c in created} == {staff_user}


def test_proposing_again_replaces_the_pending_candidates_and_keeps_the_decided_ones(
    staff_user: User,
) -> None:
    need = triaged()
    kept, dropped = need_propose_candidates(need=need, candidates=[expert(), expert()], by=None)
    need_decide_candidate(candidate=kept, decision=Decision.ACCEPTED, by=None)
    fresh = expert(0.6)
    again = {"kind": CandidateKind.EXPERT, "person": kept.person, "score": 0.95}
    created = need_propose_candidates(need=need, candidates=[again, fresh], by=staff_user)
    assert [c.person for c in created] == [fresh["person"]]
    assert [c.rank for c in created] == [1]
    assert not MatchCandidate.objects.filter(pk=dropped.pk).exists()
    removal = MatchCandidate.history.get(id=dropped.pk, history_type="-")
    assert removal.history_user == staff_user
    assert set(need.candidates.all()) == {kept, *created}


def test_proposing_the_same_target_twice_keeps_it_once() -> None:
    need = triaged()
    proposal = expert()
    created = need_propose_candidates(need=need, candidates=[proposal, dict(proposal)], by=None)
    assert len(created) == 1


def test_a_candidate_must_name_the_target_its_kind_says() -> None:
    need = triaged()
    with pytest.raises(ValidationError) as error:
        need_propose_candidates(
            need=need,
            candidates=[{"kind": CandidateKind.CENTER, "person": PersonFactory.create()}],
            by=None,
        )
    assert codes(error) == ["invalid_candidate"]
    assert reload(need).status == NeedStatus.TRIAGED


def test_at_least_one_candidate_is_proposed() -> None:
    with pytest.raises(ValidationError) as error:
        need_propose_candidates(need=triaged(), candidates=[], by=None)
    assert codes(error) == ["no_candidates"]


def test_candidates_cannot_be_proposed_for_an_untriaged_need() -> None:
    with pytest.raises(ValidationError) as error:
        need_propose_candidates(need=TechnicalNeedFactory.create(), candidates=[expert()], by=None)
    assert codes(error) == ["illegal_transition"]


def test_deciding_a_candidate_records_who_decided_and_when(staff_user: User) -> None:
    candidate = MatchCandidateFactory.create(need=matched())
    need_decide_candidate(candidate=candidate, decision=Decision.ACCEPTED, by=staff_user)
    candidate.refresh_from_db()
    assert (candidate.decision, candidate.decided_by) == (Decision.ACCEPTED, staff_user)
    assert candidate.decided_at is not None
    assert candidate.history.order_by("-history_id").first().history_user == staff_user


def test_a_decision_is_accepted_or_rejected() -> None:
    candidate = MatchCandidateFactory.create(need=matched())
    with pytest.raises(ValidationError) as error:
        need_decide_candidate(candidate=candidate, decision=Decision.PENDING, by=None)
    assert codes(error, "decision") == ["invalid_decision"]


def test_candidates_of_an_ended_need_cannot_be_decided() -> None:
    candidate = MatchCandidateFactory.create(need=withdrawn())
    with pytest.raises(ValidationError) as error:
        need_decide_candidate(candidate=candidate, decision=Decision.ACCEPTED, by=None)
    assert codes(error) == ["need_ended"]


# Work and solution


@pytest.mark.parametrize("make", [triaged, matched])
def test_work_can_start_on_a_triaged_or_matched_need(
    make: Callable[[], TechnicalNeed], staff_user: User
) -> None:
    need = need_start(need=make(), by=staff_user)
    assert reload(need).status == NeedStatus.IN_PROGRESS
    assert need.history.order_by("-history_id").first().history_user == staff_user


def test_work_cannot_start_on_a_submitted_need() -> None:
    with pytest.raises(ValidationError) as error:
        need_start(need=TechnicalNeedFactory.create(), by=None)
    assert codes(error) == ["illegal_transition"]


@pytest.mark.parametrize("make", [triaged, matched, in_progress])
def test_a_need_can_be_solved_with_a_summary_and_a_rating(
    make: Callable[[], TechnicalNeed], staff_user: User
) -> None:
    need = need_solve(
        need=make(),
        solved_on=D(2023, 6, 1),
        solution_summary="  采用纳米银涂层，经辐照灭菌后抗菌率仍达99%。  ",
        satisfaction=5,
        by=staff_user,
    )
    need = reload(need)
    assert (need.status, need.solved_on, need.satisfaction) == (
        NeedStatus.SOLVED,
        D(2023, 6, 1),
        5,
    )
    assert need.solution_summary == "采用纳米银涂层，经辐照灭菌后抗菌率仍达99%。"
    assert need.history.order_by("-history_id").first().history_user == staff_user


@pytest.mark.parametrize("summary", ["", "   \n\t"])
def test_need_cannot_be_solved_without_solution_summary(summary: str) -> None:
    need = in_progress()
    with pytest.raises(ValidationError) as error:
        need_solve(need=need, solved_on=D(2023, 6, 1), solution_summary=summary, by=None)
    assert codes(error, "solution_summary") == ["solution_required"]
    assert reload(need).status == NeedStatus.IN_PROGRESS
    assert need.status == NeedStatus.IN_PROGRESS


def test_a_submitted_need_cannot_be_solved() -> None:
    with pytest.raises(ValidationError) as error:
        need_solve(
            need=TechnicalNeedFactory.create(),
            solved_on=D(2023, 6, 1),
            solution_summary="x",
            by=None,
        )
    assert codes(error) == ["illegal_transition"]


def test_a_need_cannot_be_solved_before_it_was_submitted() -> None:
    with pytest.raises(ValidationError) as error:
        need_solve(need=in_progress(), solved_on=D(2023, 2, 1), solution_summary="x", by=None)
    assert codes(error, "solved_on") == ["before_submitted"]


def test_a_need_cannot_be_solved_in_the_future() -> None:
    with pytest.raises(ValidationError) as error:
        need_solve(
            need=in_progress(),
            solved_on=today() + datetime.timedelta(days=1),
            solution_summary="x",
            by=None,
        )
    assert codes(error, "solved_on") == ["future_date"]


@pytest.mark.parametrize("satisfaction", [0, 6])
def test_satisfaction_runs_from_one_to_five(satisfaction: int) -> None:
    with pytest.raises(ValidationError) as error:
        need_solve(
            need=in_progress(),
            solved_on=D(2023, 6, 1),
            solution_summary="x",
            satisfaction=satisfaction,
            by=None,
        )
    assert codes(error, "satisfaction") == ["satisfaction_range"]


# Ending without a solution


@pytest.mark.parametrize("make", [TechnicalNeedFactory, triaged, matched, in_progress])
def test_an_open_need_can_be_closed_with_a_reason(
    make: Callable[[], TechnicalNeed], staff_user: User
) -> None:
    need = need_close(need=make(), ended_on=D(2023, 7, 1), reason="企业转产", by=staff_user)
    need = reload(need)
    assert (need.status, need.ended_on, need.close_reason) == (
        NeedStatus.CLOSED,
        D(2023, 7, 1),
        "企业转产",
    )
    assert need.history.order_by("-history_id").first().history_user == staff_user


def test_a_need_can_be_withdrawn_without_a_reason() -> None:
    need = need_withdraw(need=TechnicalNeedFactory.create(), ended_on=D(2023, 3, 5), by=None)
    assert (reload(need).status, reload(need).close_reason) == (NeedStatus.WITHDRAWN, "")


def test_a_need_can_be_rejected_with_a_reason() -> None:
    need = need_reject(
        need=TechnicalNeedFactory.create(),
        ended_on=D(2023, 3, 5),
        reason="超出研究院业务范围",
        by=None,
    )
    assert reload(need).status == NeedStatus.REJECTED


@pytest.mark.parametrize("end", [need_close, need_reject], ids=["close", "reject"])
def test_closing_or_rejecting_a_need_needs_a_reason(end: Callable[..., TechnicalNeed]) -> None:
    need = TechnicalNeedFactory.create()
    with pytest.raises(ValidationError) as error:
        end(need=need, ended_on=D(2023, 3, 5), reason=" ", by=None)
    assert codes(error, "reason") == ["reason_required"]
    assert reload(need).status == NeedStatus.SUBMITTED


@pytest.mark.parametrize("make", [solved, withdrawn])
def test_an_ended_need_cannot_be_closed(make: Callable[[], TechnicalNeed]) -> None:
    with pytest.raises(ValidationError) as error:
        need_close(need=make(), ended_on=D(2023, 7, 1), reason="x", by=None)
    assert codes(error) == ["illegal_transition"]


def test_a_need_cannot_end_before_it_was_submitted() -> None:
    with pytest.raises(ValidationError) as error:
        need_withdraw(need=TechnicalNeedFactory.create(), ended_on=D(2023, 2, 1), by=None)
    assert codes(error, "ended_on") == ["before_submitted"]


# Service records


def test_service_record_create_records_the_service_with_its_author(staff_user: User) -> None:
    need = solved()
    record = service_record_create(
        organization=need.organization,
        kind=ServiceKind.TESTING,
        title="敷料抗菌性能检测",
        delivered_on=D(2023, 6, 15),
        need=need,
        revenue=Decimal("12000.00"),
        by=staff_user,
    )
    assert ServiceRecord.objects.get(pk=record.pk).need == need
    assert record.history.get().history_user == staff_user


def test_a_service_cannot_be_delivered_in_the_future() -> None:
    with pytest.raises(ValidationError) as error:
        service_record_create(
            organization=OrganizationFactory.create(),
            kind=ServiceKind.CONSULTING,
            title="咨询",
            delivered_on=today() + datetime.timedelta(days=1),
            by=None,
        )
    assert codes(error, "delivered_on") == ["future_date"]


def test_a_service_cannot_answer_another_organizations_need() -> None:
    with pytest.raises(ValidationError) as error:
        service_record_create(
            organization=OrganizationFactory.create(),
            kind=ServiceKind.TESTING,
            title="检测",
            delivered_on=D(2023, 6, 15),
            need=TechnicalNeedFactory.create(),
            by=None,
        )
    assert codes(error, "need") == ["need_of_other_organization"]
    assert not ServiceRecord.objects.exists()
