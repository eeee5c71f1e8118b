"""The one write path of needs, candidates and service records: their services and the rules
every face (the pages, the admin) meets through them, and the needs' table of moves."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.core.errors import StaleEditError
from liaison.core.lifecycle import today
from liaison.matching.pages import FINDABLE_STATUSES
from liaison.needs import steps
from liaison.needs.choices import (
    CANDIDATE_STATUSES,
    NEED_MOVES,
    OPEN_NEED_STATUSES,
    CandidateKind,
    Decision,
    NeedStatus,
    ServiceKind,
)
from liaison.needs.models import MatchCandidate, ServiceRecord, TechnicalNeed
from liaison.needs.services import (
    candidate_create,
    candidate_delete,
    candidate_update,
    need_close,
    need_decide_candidate,
    need_delete,
    need_propose_candidates,
    need_reject,
    need_solve,
    need_start,
    need_submit,
    need_triage,
    need_update,
    need_withdraw,
    service_record_create,
    service_record_delete,
    service_record_update,
)
from tests.core.admin_pages import _form_values, admin_url, posted_back
from tests.core.errors import codes, messages_of
from tests.needs.factories import (
    IN_STATUS,
    MatchCandidateFactory,
    ServiceRecordFactory,
    closed,
    expert,
    in_progress,
    matched,
    rejected,
    solved,
    submitted,
    triaged,
    withdrawn,
)
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date
SUBMITTED_ON = D(2023, 3, 1)  # the factory's date


def ahead(days: int = 30) -> D:
    return today() + datetime.timedelta(days=days)


def reload(record: Model) -> Any:
    return type(record)._base_manager.get(pk=record.pk)


def last_history(record: Model) -> Any:
    return type(record).history.filter(id=record.pk).order_by("-history_id").first()  # type: ignore[attr-defined]


# The table of moves ---------------------------------------------------------------------------

STEP_TARGETS = [
    (steps.TRIAGE, NeedStatus.TRIAGED),
    (steps.START, NeedStatus.IN_PROGRESS),
    (steps.SOLVE, NeedStatus.SOLVED),
    (steps.CLOSE, NeedStatus.CLOSED),
    (steps.WITHDRAW, NeedStatus.WITHDRAWN),
    (steps.REJECT, NeedStatus.REJECTED),
]


def test_every_need_step_is_a_move_of_the_table() -> None:
    assert {step.name for step, _target in STEP_TARGETS} == {s.name for s in steps.NEED_STEPS}


@pytest.mark.parametrize(("step", "target"), STEP_TARGETS, ids=lambda v: getattr(v, "name", v))
def test_each_step_is_offered_from_the_statuses_the_table_moves_from(
    step: Any, target: NeedStatus
) -> None:
    assert frozenset(step.offered_from) == NEED_MOVES.into(target)


def test_the_status_sets_are_read_from_the_table() -> None:
    ended = NEED_MOVES.final(NeedStatus.values)
    assert ended == {"solved", "closed", "withdrawn", "rejected"}
    assert frozenset(NeedStatus.values) - ended == OPEN_NEED_STATUSES
    assert CANDIDATE_STATUSES == NEED_MOVES.into(NeedStatus.MATCHED) == {"triaged", "matched"}
    assert FINDABLE_STATUSES == CANDIDATE_STATUSES
    find = next(
        t
        for t in getattr(admin.site._registry[TechnicalNeed], "transitions", ())
        if t.name == "find-candidates"
    )
    assert frozenset(find.offered_from or ()) == NEED_MOVES.into(NeedStatus.MATCHED)


def _move(need: TechnicalNeed, wanted: str) -> None:
    if wanted == NeedStatus.TRIAGED:
        need_triage(need=need, triaged_on=today(), by=None)
    elif wanted == NeedStatus.MATCHED:
        need_propose_candidates(need=need, candidates=[expert()], by=None)
    elif wanted == NeedStatus.IN_PROGRESS:
        need_start(need=need, by=None)
    elif wanted == NeedStatus.SOLVED:
        need_solve(need=need, solved_on=today(), solution_summary="已解决", by=None)
    else:
        end: dict[str, Callable[..., TechnicalNeed]] = {
            NeedStatus.CLOSED: need_close,
            NeedStatus.WITHDRAWN: need_withdraw,
            NeedStatus.REJECTED: need_reject,
        }
        end[wanted](need=need, ended_on=today(), reason="原因", by=None)


@pytest.mark.parametrize("wanted", [s for s in NeedStatus.values if NEED_MOVES.into(s)])
@pytest.mark.parametrize("current", NeedStatus.values)
def test_services_move_a_need_exactly_as_the_table_allows(current: str, wanted: str) -> None:
    need = IN_STATUS[current]()
    if NEED_MOVES.allows(current, wanted):
        _move(need, wanted)
        assert reload(need).status == wanted
    else:
        with pytest.raises(ValidationError) as error:
            _move(need, wanted)
        assert codes(error) == ["illegal_transition"]
        assert reload(need).status == current


# Technical needs: services ----------------------------------------------------------------------


def test_need_update_changes_the_need_and_records_the_author(staff_user: User) -> None:
    need = submitted()

    need_update(need=need, by=staff_user, version=need.version, title="新标题")

    assert reload(need).title == "新标题"
    assert last_history(need).history_user == staff_user


def test_need_update_refuses_a_stale_version() -> None:
    need = submitted()
    need_update(need=reload(need), by=None, title="先改")

    with pytest.raises(StaleEditError):
        need_update(need=need, by=None, version=need.version, title="后改")
    assert reload(need).title == "先改"


def test_need_update_refuses_a_submission_date_in_the_future() -> None:
    need = submitted()

    with pytest.raises(ValidationError) as error:
        need_update(need=need, by=None, submitted_on=ahead())

    assert codes(error, "submitted_on") == ["future_date"]
    assert reload(need).submitted_on == SUBMITTED_ON


@pytest.mark.parametrize("make", [triaged, solved, withdrawn], ids=lambda f: f.__name__)
def test_a_need_cannot_be_submitted_after_its_triage_solution_or_end(
    make: Callable[[], TechnicalNeed],
) -> None:
    need = make()

    with pytest.raises(ValidationError) as error:
        need_update(need=need, by=None, submitted_on=D(2023, 12, 1))

    assert codes(error, "submitted_on") == ["submitted_after_lifecycle"]
    assert reload(need).submitted_on == SUBMITTED_ON


def test_need_update_refuses_to_set_the_status() -> None:
    with pytest.raises(TypeError):
        need_update(need=submitted(), by=None, status=NeedStatus.SOLVED)


def test_need_submit_refuses_a_future_date_under_it() -> None:
    with pytest.raises(ValidationError) as error:
        need_submit(
            organization=OrganizationFactory.create(),
            title="未来",
            description="Not yet.",
            submitted_on=ahead(),
            by=None,
        )
    assert codes(error, "submitted_on") == ["future_date"]


def test_a_need_entered_by_mistake_is_deleted_with_its_author_in_the_history(
    staff_user: User,
) -> None:
    need = submitted()
    pk = need.pk

    need_delete(need=need, by=staff_user, version=need.version)

    assert not TechnicalNeed.objects.filter(pk=pk).exists()
    deleted = TechnicalNeed.history.get(id=pk, history_type="-")
    assert deleted.history_user == staff_user


def test_need_delete_refuses_a_stale_version() -> None:
    need = submitted()
    need_update(need=reload(need), by=None, title="先改")

    with pytest.raises(StaleEditError):
        need_delete(need=need, by=None, version=need.version)
    assert TechnicalNeed.objects.filter(pk=need.pk).exists()


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (solved, "A solved need keeps its record"),
        (triaged, "end it with Close, Withdraw or Reject instead"),
        (matched, "end it with Close, Withdraw or Reject instead"),
        (in_progress, "end it with Close, Withdraw or Reject instead"),
        (closed, "An ended need keeps its record"),
        (withdrawn, "An ended need keeps its record"),
        (rejected, "An ended need keeps its record"),
    ],
    ids=lambda v: getattr(v, "__name__", "message"),
)
def test_a_need_past_submitted_is_not_deleted(make: Callable[[], TechnicalNeed], says: str) -> None:
    need = make()

    with pytest.raises(ValidationError) as error:
        need_delete(need=need, by=None)

    assert codes(error) == ["not_deletable"]
    assert says in error.value.messages[0]
    assert TechnicalNeed.objects.filter(pk=need.pk).exists()


def test_a_need_with_services_delivered_for_it_is_not_deleted() -> None:
    need = submitted()
    ServiceRecordFactory.create(organization=need.organization, need=need)

    with pytest.raises(ValidationError) as error:
        need_delete(need=need, by=None)

    assert codes(error) == ["not_deletable"]
    assert TechnicalNeed.objects.filter(pk=need.pk).exists()


# Match candidates: services ---------------------------------------------------------------------


def test_a_candidate_added_to_a_triaged_need_matches_it(staff_user: User) -> None:
    need = triaged()

    candidate = candidate_create(by=staff_user, need=need, **expert(score=0.5))

    assert candidate.decision == Decision.PENDING
    assert last_history(candidate).history_user == staff_user
    need = reload(need)
    assert need.status == NeedStatus.MATCHED
    assert last_history(need).history_user == staff_user


def test_a_candidate_added_by_hand_ranks_after_the_others() -> None:
    need = matched()

    candidate = candidate_create(by=None, need=need, **expert())

    assert candidate.rank == 2
    assert reload(need).status == NeedStatus.MATCHED


@pytest.mark.parametrize(
    "make", [submitted, in_progress, solved, withdrawn], ids=lambda f: f.__name__
)
def test_a_candidate_is_only_for_a_triaged_or_matched_need(
    make: Callable[[], TechnicalNeed],
) -> None:
    need = make()
    count = MatchCandidate.objects.count()

    with pytest.raises(ValidationError) as error:
        candidate_create(by=None, need=need, **expert())

    assert codes(error, "need") == ["need_takes_no_candidates"]
    assert MatchCandidate.objects.count() == count
    assert reload(need).status == need.status


def test_a_target_already_proposed_for_the_need_is_refused_under_it() -> None:
    need = matched()
    person = need.candidates.get().person

    with pytest.raises(ValidationError) as error:
        candidate_create(by=None, need=need, kind=CandidateKind.EXPERT, person=person)

    assert codes(error, "person") == ["already_proposed"]


def test_a_candidate_names_the_target_its_kind_says() -> None:
    with pytest.raises(ValidationError):
        candidate_create(
            by=None, need=triaged(), kind=CandidateKind.CENTER, person=PersonFactory.create()
        )


def test_a_decision_is_not_set_by_create_or_update() -> None:
    with pytest.raises(TypeError):
        candidate_create(by=None, need=triaged(), decision=Decision.ACCEPTED, **expert())
    candidate = matched().candidates.get()
    with pytest.raises(TypeError):
        candidate_update(candidate=candidate, by=None, decision=Decision.ACCEPTED)


def test_candidate_update_changes_it_and_records_the_author(staff_user: User) -> None:
    candidate = matched().candidates.get()

    candidate_update(candidate=candidate, by=staff_user, version=candidate.version, score=0.3)

    assert reload(candidate).score == 0.3
    assert last_history(candidate).history_user == staff_user


def test_candidate_update_refuses_a_stale_version() -> None:
    candidate = matched().candidates.get()
    candidate_update(candidate=reload(candidate), by=None, score=0.1)

    with pytest.raises(StaleEditError):
        candidate_update(candidate=candidate, by=None, version=candidate.version, score=0.2)


def test_a_candidate_of_an_ended_need_cannot_be_changed() -> None:
    need = matched()
    candidate = need.candidates.get()
    need_close(need=need, ended_on=D(2023, 4, 1), reason="预算取消", by=None)

    with pytest.raises(ValidationError) as error:
        candidate_update(candidate=reload(candidate), by=None, score=0.1)

    assert codes(error) == ["need_ended"]


def test_a_candidate_moved_to_a_submitted_need_is_refused_and_to_a_triaged_one_matches_it() -> None:
    candidate = matched().candidates.get()

    with pytest.raises(ValidationError) as error:
        candidate_update(candidate=candidate, by=None, need=submitted())
    assert codes(error, "need") == ["need_takes_no_candidates"]

    other = triaged()
    candidate_update(candidate=reload(candidate), by=None, need=other)
    assert reload(other).status == NeedStatus.MATCHED


def test_a_pending_candidate_is_deleted_with_its_author_in_the_history(staff_user: User) -> None:
    candidate = matched().candidates.get()
    pk = candidate.pk

    candidate_delete(candidate=candidate, by=staff_user, version=candidate.version)

    assert not MatchCandidate.objects.filter(pk=pk).exists()
    assert MatchCandidate.history.get(id=pk, history_type="-").history_user == staff_user


def test_candidate_delete_refuses_a_stale_version() -> None:
    candidate = matched().candidates.get()
    candidate_update(candidate=reload(candidate), by=None, score=0.1)

    with pytest.raises(StaleEditError):
        candidate_delete(candidate=candidate, by=None, version=candidate.version)


def test_a_decided_candidate_is_not_deleted() -> None:
    candidate = matched().candidates.get()
    need_decide_candidate(candidate=candidate, decision=Decision.REJECTED, by=None)

    with pytest.raises(ValidationError) as error:
        candidate_delete(candidate=reload(candidate), by=None)

    assert codes(error) == ["not_deletable"]
    assert "Accept or Reject" in error.value.messages[0]
    assert MatchCandidate.objects.filter(pk=candidate.pk).exists()


def test_a_candidate_of_an_ended_need_is_not_deleted() -> None:
    need = matched()
    candidate = need.candidates.get()
    need_withdraw(need=need, ended_on=D(2023, 4, 1), by=None)

    with pytest.raises(ValidationError) as error:
        candidate_delete(candidate=reload(candidate), by=None)

    assert codes(error) == ["not_deletable"]
    assert MatchCandidate.objects.filter(pk=candidate.pk).exists()


# Service records: services ----------------------------------------------------------------------


def test_service_record_update_changes_it_and_records_the_author(staff_user: User) -> None:
    record = ServiceRecordFactory.create()

    service_record_update(service_record=record, by=staff_user, version=record.version, title="新")

    assert reload(record).title == "新"
    assert last_history(record).history_user == staff_user


def test_service_record_update_refuses_a_stale_version() -> None:
    record = ServiceRecordFactory.create()
    service_record_update(service_record=reload(record), by=None, title="先改")

    with pytest.raises(StaleEditError):
        service_record_update(service_record=record, by=None, version=record.version, title="后")


def test_a_service_cannot_be_moved_into_the_future() -> None:
    record = ServiceRecordFactory.create()

    with pytest.raises(ValidationError) as error:
        service_record_update(service_record=record, by=None, delivered_on=ahead())

    assert codes(error, "delivered_on") == ["future_date"]
    assert reload(record).delivered_on == D(2023, 4, 1)


def test_a_service_cannot_be_changed_to_answer_another_organizations_need() -> None:
    record = ServiceRecordFactory.create()

    with pytest.raises(ValidationError) as error:
        service_record_update(service_record=record, by=None, need=submitted())

    assert codes(error, "need") == ["need_of_other_organization"]


def test_service_record_create_refuses_a_status_like_unmanaged_field() -> None:
    with pytest.raises(TypeError):
        service_record_create(
            organization=OrganizationFactory.create(),
            kind=ServiceKind.TESTING,
            title="检测",
            delivered_on=D(2023, 4, 1),
            by=None,
            id=5,
        )


def test_a_service_record_is_deleted_with_its_author_in_the_history(staff_user: User) -> None:
    record = ServiceRecordFactory.create()
    pk = record.pk

    service_record_delete(service_record=record, by=staff_user, version=record.version)

    assert not ServiceRecord.objects.filter(pk=pk).exists()
    assert ServiceRecord.history.get(id=pk, history_type="-").history_user == staff_user


def test_service_record_delete_refuses_a_stale_version() -> None:
    record = ServiceRecordFactory.create()
    service_record_update(service_record=reload(record), by=None, title="先改")

    with pytest.raises(StaleEditError):
        service_record_delete(service_record=record, by=None, version=record.version)


# The pages ------------------------------------------------------------------------------------


def page_form(client: Client, name: str, record: Model, **changes: Any) -> dict[str, Any]:
    """The edit page's form of `record` as loaded, with `changes`."""
    form = client.get(reverse(name, args=(record.pk,))).context["form"]
    data: dict[str, Any] = {}
    _form_values(form, data)
    return {**data, **changes}


def test_the_edit_page_refuses_a_submission_date_in_the_future(signed_in: Client) -> None:
    need = submitted()
    data = page_form(signed_in, "needs:technicalneed_edit", need, submitted_on=ahead().isoformat())

    response = signed_in.post(reverse("needs:technicalneed_edit", args=(need.pk,)), data)

    assert response.status_code == 400
    assert response.context["form"].errors["submitted_on"]
    assert reload(need).submitted_on == SUBMITTED_ON


def test_the_edit_page_refuses_a_submission_after_the_triage(signed_in: Client) -> None:
    need = triaged()
    data = page_form(signed_in, "needs:technicalneed_edit", need, submitted_on="2023-03-10")

    response = signed_in.post(reverse("needs:technicalneed_edit", args=(need.pk,)), data)

    assert response.status_code == 400
    assert response.context["form"].errors["submitted_on"]
    assert reload(need).submitted_on == SUBMITTED_ON


def test_the_edit_page_saves_a_need_through_its_service(
    signed_in: Client, staff_user: User
) -> None:
    need = triaged()
    data = page_form(signed_in, "needs:technicalneed_edit", need, title="改过的标题")

    response = signed_in.post(reverse("needs:technicalneed_edit", args=(need.pk,)), data)

    assert response.status_code == 302
    assert reload(need).title == "改过的标题"
    assert last_history(need).history_user == staff_user


def test_the_delete_page_refuses_a_triaged_need_saying_how_to_end_it(signed_in: Client) -> None:
    need = triaged()

    response = signed_in.post(reverse("needs:technicalneed_delete", args=(need.pk,)))

    assert response.status_code == 302
    assert response["Location"] == reverse("needs:technicalneed_detail", args=(need.pk,))
    assert any("Close, Withdraw or Reject" in m for m in messages_of(response))
    assert TechnicalNeed.objects.filter(pk=need.pk).exists()


def test_the_delete_page_refuses_a_solved_need(signed_in: Client) -> None:
    need = solved()

    response = signed_in.post(reverse("needs:technicalneed_delete", args=(need.pk,)))

    assert any("A solved need keeps its record" in m for m in messages_of(response))
    assert TechnicalNeed.objects.filter(pk=need.pk).exists()


def test_the_delete_page_deletes_a_submitted_need(signed_in: Client, staff_user: User) -> None:
    need = submitted()

    response = signed_in.post(reverse("needs:technicalneed_delete", args=(need.pk,)))

    assert response.status_code == 302
    assert not TechnicalNeed.objects.filter(pk=need.pk).exists()
    assert TechnicalNeed.history.get(id=need.pk, history_type="-").history_user == staff_user


def test_the_service_edit_page_refuses_a_delivery_in_the_future(signed_in: Client) -> None:
    record = ServiceRecordFactory.create()
    data = page_form(
        signed_in, "needs:servicerecord_edit", record, delivered_on=ahead().isoformat()
    )

    response = signed_in.post(reverse("needs:servicerecord_edit", args=(record.pk,)), data)

    assert response.status_code == 400
    assert response.context["form"].errors["delivered_on"]
    assert reload(record).delivered_on == D(2023, 4, 1)


def test_the_service_delete_page_deletes_the_record(signed_in: Client) -> None:
    record = ServiceRecordFactory.create()

    response = signed_in.post(reverse("needs:servicerecord_delete", args=(record.pk,)))

    assert response.status_code == 302
    assert not ServiceRecord.objects.filter(pk=record.pk).exists()


# The admin ------------------------------------------------------------------------------------


@pytest.fixture
def staff_admin(client: Client, staff_user: User) -> Client:
    client.force_login(staff_user)
    return client


def admin_edited(client: Client, record: Model, **changes: Any) -> Any:
    url = admin_url(record, "change", record.pk)
    return client.post(url, {**posted_back(client.get(url)), **changes})


def admin_added(client: Client, model: type[Model], query: str = "", **values: Any) -> Any:
    url = admin_url(model, "add") + query
    return client.post(url, {**posted_back(client.get(url)), **values})


def new_need_values() -> dict[str, Any]:
    return {
        "title": "未来的需求",
        "description": "Not yet.",
        "organization": str(OrganizationFactory.create().pk),
        "domains": '["biomaterials"]',
        "currency": "CNY",
        "confidentiality": "internal",
    }


def test_the_admin_refuses_to_add_a_need_submitted_in_the_future(staff_admin: Client) -> None:
    response = admin_added(
        staff_admin, TechnicalNeed, **new_need_values(), submitted_on=ahead().isoformat()
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["submitted_on"]
    assert not TechnicalNeed.objects.filter(title="未来的需求").exists()


def test_the_admin_adds_a_need_through_its_service(staff_admin: Client, staff_user: User) -> None:
    response = admin_added(
        staff_admin, TechnicalNeed, **new_need_values(), submitted_on="2023-03-01"
    )

    assert response.status_code == 302
    need = TechnicalNeed.objects.get(title="未来的需求")
    assert need.status == NeedStatus.SUBMITTED
    assert need.history.get().history_user == staff_user


def test_the_admin_refuses_to_move_a_submission_into_the_future(staff_admin: Client) -> None:
    need = submitted()

    response = admin_edited(staff_admin, need, submitted_on=ahead().isoformat())

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["submitted_on"]
    assert reload(need).submitted_on == SUBMITTED_ON


def test_the_admin_refuses_a_submission_after_the_solution(staff_admin: Client) -> None:
    need = solved()

    response = admin_edited(staff_admin, need, submitted_on="2023-07-01")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["submitted_on"]
    assert reload(need).submitted_on == SUBMITTED_ON


def test_the_admin_refuses_a_candidate_for_a_submitted_need(staff_admin: Client) -> None:
    need = submitted()

    response = admin_added(
        staff_admin,
        MatchCandidate,
        f"?need={need.pk}",
        kind=CandidateKind.EXPERT,
        person=str(PersonFactory.create().pk),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["need"]
    assert not MatchCandidate.objects.filter(need=need).exists()
    assert reload(need).status == NeedStatus.SUBMITTED


def test_the_admin_adds_a_candidate_to_a_triaged_need_and_matches_it(
    staff_admin: Client, staff_user: User
) -> None:
    need = triaged()

    response = admin_added(
        staff_admin,
        MatchCandidate,
        f"?need={need.pk}",
        kind=CandidateKind.EXPERT,
        person=str(PersonFactory.create().pk),
    )

    assert response.status_code == 302
    candidate = MatchCandidate.objects.get(need=need)
    assert candidate.history.get().history_user == staff_user
    assert reload(need).status == NeedStatus.MATCHED


def add_candidate_links(client: Client, need: TechnicalNeed) -> list[str]:
    response = client.get(admin_url(need, "change", need.pk))
    return [str(link["url"]) for link in response.context["liaison_inline_adds"]]


def test_a_need_page_offers_to_add_a_candidate_only_while_it_takes_candidates(
    staff_admin: Client,
) -> None:
    link = f"{admin_url(MatchCandidate, 'add')}?need="
    for make in IN_STATUS.values():
        need = make()
        offered = any(u.startswith(link) for u in add_candidate_links(staff_admin, need))
        assert offered is (need.status in CANDIDATE_STATUSES), need.status


def test_the_admin_refuses_to_delete_a_solved_need(staff_admin: Client) -> None:
    need = solved()

    response = staff_admin.post(admin_url(need, "delete", need.pk), {"post": "yes"}, follow=True)

    assert any("A solved need keeps its record" in m for m in messages_of(response))
    assert TechnicalNeed.objects.filter(pk=need.pk).exists()


def test_the_admin_refuses_to_delete_a_triaged_need_by_the_list_action(
    staff_admin: Client,
) -> None:
    kept, mistaken = triaged(), submitted()

    response = staff_admin.post(
        admin_url(TechnicalNeed, "changelist"),
        {"action": "delete_selected", "_selected_action": [kept.pk, mistaken.pk], "post": "yes"},
        follow=True,
    )

    assert any("Close, Withdraw or Reject" in m for m in messages_of(response))
    # All or none: the mistaken one stays too.
    assert TechnicalNeed.objects.filter(pk__in=[kept.pk, mistaken.pk]).count() == 2


def test_the_admin_deletes_a_submitted_need(staff_admin: Client, staff_user: User) -> None:
    need = submitted()

    staff_admin.post(admin_url(need, "delete", need.pk), {"post": "yes"})

    assert not TechnicalNeed.objects.filter(pk=need.pk).exists()
    assert TechnicalNeed.history.get(id=need.pk, history_type="-").history_user == staff_user


def test_the_admin_refuses_to_delete_a_decided_candidate(staff_admin: Client) -> None:
    candidate = matched().candidates.get()
    need_decide_candidate(candidate=candidate, decision=Decision.ACCEPTED, by=None)

    response = staff_admin.post(
        admin_url(candidate, "delete", candidate.pk), {"post": "yes"}, follow=True
    )

    assert any("Accept or Reject" in m for m in messages_of(response))
    assert MatchCandidate.objects.filter(pk=candidate.pk).exists()


def test_the_admin_refuses_a_candidate_change_once_the_need_has_ended(
    staff_admin: Client,
) -> None:
    need = matched()
    candidate = need.candidates.get()
    need_withdraw(need=need, ended_on=D(2023, 4, 1), by=None)

    response = admin_edited(staff_admin, candidate, score="0.1")

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert reload(candidate).score != 0.1


def test_the_admin_refuses_a_service_delivered_in_the_future(staff_admin: Client) -> None:
    record = ServiceRecordFactory.create()

    response = admin_edited(staff_admin, record, delivered_on=ahead().isoformat())

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["delivered_on"]
    assert reload(record).delivered_on == D(2023, 4, 1)


def test_a_pending_candidate_is_deleted_in_the_admin(staff_admin: Client) -> None:
    candidate = MatchCandidateFactory.create(need=matched(), person=PersonFactory.create(), rank=2)

    staff_admin.post(admin_url(candidate, "delete", candidate.pk), {"post": "yes"})

    assert not MatchCandidate.objects.filter(pk=candidate.pk).exists()
