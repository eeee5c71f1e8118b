"""The rules of open calls, their applications and reviews, each written once in a service."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liaison.accounts.choices import RoleKind
from liaison.core import writes
from liaison.core.choices import Confidentiality
from liaison.needs.choices import CandidateKind, Decision, NeedStatus
from liaison.needs.models import TechnicalNeed
from liaison.opencalls import services
from liaison.opencalls.choices import ApplicationStatus, CallStatus, Recommendation, ReviewSide
from liaison.opencalls.models import CallApplication, OpenCall
from tests.accounts.factories import UserFactory
from tests.centers.factories import CenterFactory
from tests.needs.factories import TechnicalNeedFactory
from tests.opencalls.factories import (
    OpenCallFactory,
    apply,
    consented,
    days_ago,
    endorse,
    published,
    triaged_need,
)
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> set[str]:
    found: set[str] = set()
    for errors in error.error_dict.values() if hasattr(error, "error_dict") else [error.error_list]:
        found.update(str(e.code) for e in errors)
    return found


# Calls -------------------------------------------------------------------------------------------


def test_a_call_is_published_only_with_the_enterprises_consent() -> None:
    call = OpenCallFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.call_publish(opencall=call, published_on=days_ago(1), by=None)
    assert "consent_required" in codes(refused.value)
    consented(call)
    call = services.call_publish(opencall=call, published_on=days_ago(1), by=None)
    assert call.status == CallStatus.PUBLISHED


def test_consent_recorded_by_the_office_names_who_how_and_the_evidence() -> None:
    call = OpenCallFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.call_record_consent(
            opencall=call, given_by="", consented_on=days_ago(1), method="", evidence="", by=None
        )
    assert {"given_by_required", "method_required", "evidence_required"} <= codes(refused.value)


def test_the_enterprises_user_consents_on_the_portal_and_no_one_else_does() -> None:
    call = OpenCallFactory.create()
    other = UserFactory.create(role=RoleKind.ENTERPRISE, organization=OrganizationFactory.create())
    with pytest.raises(PermissionDenied):
        services.call_consent(opencall=call, by=other)
    own = UserFactory.create(role=RoleKind.ENTERPRISE, organization=call.need.organization)
    call = services.call_consent(opencall=call, by=own)
    assert call.consented_on is not None
    assert call.consent_method == "portal"
    assert call.consent_user == own


def test_a_secret_need_is_never_published() -> None:
    need = triaged_need(confidentiality=Confidentiality.SECRET)
    with pytest.raises(ValidationError) as refused:
        services.call_create(
            by=None,
            need=need,
            title_zh="秘密",
            statement_zh="…",
            deadline=days_ago(-30),
        )
    assert "secret_need" in codes(refused.value)


def test_a_need_has_one_live_call_and_a_new_one_after_cancelling() -> None:
    call = OpenCallFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.call_create(
            by=None, need=call.need, title_zh="再一次", statement_zh="…", deadline=days_ago(-30)
        )
    assert "need_has_live_call" in codes(refused.value)
    services.call_cancel(opencall=call, cancelled_on=days_ago(0), reason="Solved inside.", by=None)
    again = services.call_create(
        by=None, need=call.need, title_zh="再一次", statement_zh="…", deadline=days_ago(-30)
    )
    assert again.status == CallStatus.DRAFT


def test_a_call_publishes_a_triaged_need_only() -> None:
    need = TechnicalNeedFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.call_create(
            by=None, need=need, title_zh="x", statement_zh="…", deadline=days_ago(-3)
        )
    assert "need_not_open_to_teams" in codes(refused.value)


def test_a_call_is_published_before_its_deadline_and_not_before_consent() -> None:
    call = consented(deadline=days_ago(5))
    with pytest.raises(ValidationError) as refused:
        services.call_publish(opencall=call, published_on=days_ago(1), by=None)
    assert "deadline_passed" in codes(refused.value)
    call = consented(deadline=days_ago(-5))
    with pytest.raises(ValidationError) as refused:
        services.call_publish(opencall=call, published_on=days_ago(60), by=None)
    assert "before_consent" in codes(refused.value)


def test_a_published_call_is_cancelled_not_deleted() -> None:
    call = published()
    with pytest.raises(ValidationError):
        services.call_delete(opencall=call, by=None)
    draft = OpenCallFactory.create()
    services.call_delete(opencall=draft, by=None)
    assert not OpenCall.objects.filter(pk=draft.pk).exists()


def test_researchers_take_no_step_on_a_call() -> None:
    call = consented()
    researcher = UserFactory.create(role=RoleKind.RESEARCHER)
    with pytest.raises(PermissionDenied):
        services.call_publish(opencall=call, published_on=days_ago(1), by=researcher)


# Applications ------------------------------------------------------------------------------------


def test_the_team_is_exactly_one_researcher_center_or_organization() -> None:
    call = published()
    with pytest.raises(ValidationError) as refused:
        services.application_submit(
            by=None,
            call=call,
            applicant_kind="person",
            person=PersonFactory.create(),
            center=CenterFactory.create(),
            proposal="x",
            duration_months=6,
        )
    assert "one_applicant" in codes(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.application_submit(
            by=None, call=call, applicant_kind="center", proposal="x", duration_months=6
        )
    assert "applicant_required" in codes(refused.value)


def test_applications_come_while_the_call_is_published_and_by_its_deadline() -> None:
    draft = OpenCallFactory.create()
    with pytest.raises(ValidationError) as refused:
        apply(draft, person=PersonFactory.create())
    assert "call_not_open" in codes(refused.value)
    call = published(deadline=days_ago(-5))
    late = call.deadline + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.application_submit(
            by=None,
            call=call,
            applicant_kind="person",
            person=PersonFactory.create(),
            proposal="x",
            duration_months=6,
            submitted_on=late,
        )
    assert {"after_deadline", "future_date"} & codes(refused.value)
    services.call_close(opencall=call, closed_on=days_ago(0), by=None)
    with pytest.raises(ValidationError) as refused:
        apply(call, person=PersonFactory.create())
    assert "call_not_open" in codes(refused.value)


def test_a_team_applies_once_and_the_enterprise_not_to_its_own_call() -> None:
    call = published()
    person = PersonFactory.create()
    apply(call, person=person)
    with pytest.raises(ValidationError) as refused:
        apply(call, person=person)
    assert "applied_already" in codes(refused.value)
    with pytest.raises(ValidationError) as refused:
        apply(call, organization=call.need.organization)
    assert "own_call" in codes(refused.value)


def test_a_researcher_applies_for_themself_only() -> None:
    call = published()
    user = UserFactory.create(role=RoleKind.RESEARCHER)
    own = PersonFactory.create(user=user)
    application = writes.create(
        CallApplication,
        by=user,
        call=call,
        applicant_kind="person",
        person=own,
        proposal="My plan.",
        duration_months=6,
    )
    assert application.submitted_by == user
    with pytest.raises(PermissionDenied):
        writes.create(
            CallApplication,
            by=user,
            call=call,
            applicant_kind="person",
            person=PersonFactory.create(),
            proposal="Someone else's plan.",
            duration_months=6,
        )


def test_the_enterprise_reviews_but_does_not_change_a_teams_proposal() -> None:
    call = published()
    application = apply(call, person=PersonFactory.create())
    enterprise = UserFactory.create(role=RoleKind.ENTERPRISE, organization=call.need.organization)
    with pytest.raises(PermissionDenied):
        writes.update(application, by=enterprise, version=application.version, proposal="Mine.")
    review = writes.create(
        services.CallReview,
        by=enterprise,
        application=application,
        recommendation=Recommendation.SHORTLIST,
        opinion="Promising.",
    )
    assert review.side == ReviewSide.ENTERPRISE


def test_the_office_records_the_enterprises_opinion_only_with_its_evidence() -> None:
    application = apply(published(), person=PersonFactory.create())
    staff = UserFactory.create(role=RoleKind.STAFF)
    with pytest.raises(ValidationError) as refused:
        services.review_create(
            by=staff,
            application=application,
            recommendation=Recommendation.SELECT,
            opinion="They said yes.",
            on_behalf_of_enterprise=True,
        )
    assert "evidence_required" in codes(refused.value)


def test_an_application_is_withdrawn_by_its_applicant_before_the_decision() -> None:
    call = published()
    user = UserFactory.create(role=RoleKind.RESEARCHER)
    application = apply(call, person=PersonFactory.create(user=user))
    other = UserFactory.create(role=RoleKind.RESEARCHER)
    with pytest.raises(PermissionDenied):
        services.application_withdraw(
            callapplication=application, withdrawn_on=days_ago(0), by=other
        )
    application = services.application_withdraw(
        callapplication=application, withdrawn_on=days_ago(0), by=user
    )
    assert application.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.application_shortlist(callapplication=application, decided_on=days_ago(0), by=None)


# Selection ----------------------------------------------------------------------------------------


def test_selection_requires_the_enterprises_endorsement() -> None:
    application = apply(published(), person=PersonFactory.create())
    with pytest.raises(ValidationError) as refused:
        services.application_select(callapplication=application, decided_on=days_ago(0), by=None)
    assert "not_endorsed" in codes(refused.value)
    services.review_create(
        by=None,
        application=application,
        recommendation=Recommendation.DECLINE,
        opinion="Not convinced.",
        on_behalf_of_enterprise=True,
        evidence="Meeting minutes.",
    )
    with pytest.raises(ValidationError):
        services.application_select(callapplication=application, decided_on=days_ago(0), by=None)


def test_selecting_a_researcher_awards_the_call_and_carries_the_team_on_as_the_solution() -> None:
    call = published()
    lead, member = PersonFactory.create(), PersonFactory.create()
    chosen = apply(call, person=lead, members=[member])
    other = apply(call, center=CenterFactory.create())
    endorse(chosen)
    services.application_select(callapplication=chosen, decided_on=days_ago(0), by=None)
    call.refresh_from_db()
    other.refresh_from_db()
    need = TechnicalNeed.objects.get(pk=call.need_id)
    assert call.status == CallStatus.AWARDED
    assert call.awarded_on == days_ago(0)
    assert other.status == ApplicationStatus.NOT_SELECTED
    assert need.status == NeedStatus.IN_PROGRESS
    assert need.team_visible
    accepted = set(
        need.candidates.filter(kind=CandidateKind.EXPERT, decision=Decision.ACCEPTED).values_list(
            "person", flat=True
        )
    )
    assert accepted == {lead.pk, member.pk}


def test_selecting_a_center_assigns_it_the_need() -> None:
    call = published()
    center = CenterFactory.create()
    chosen = apply(call, center=center)
    endorse(chosen)
    services.application_select(callapplication=chosen, decided_on=days_ago(0), by=None)
    need = TechnicalNeed.objects.get(pk=call.need_id)
    assert need.assigned_center == center
    assert need.candidates.filter(
        kind=CandidateKind.CENTER, center=center, decision=Decision.ACCEPTED
    ).exists()


def test_one_team_is_selected_per_call() -> None:
    call = published()
    first = apply(call, organization=OrganizationFactory.create())
    second = apply(call, organization=OrganizationFactory.create())
    endorse(first)
    endorse(second)
    services.application_select(callapplication=first, decided_on=days_ago(0), by=None)
    second.refresh_from_db()
    with pytest.raises(ValidationError):
        services.application_select(callapplication=second, decided_on=days_ago(0), by=None)
    assert CallApplication.objects.filter(call=call, status=ApplicationStatus.SELECTED).count() == 1


def test_the_enterprise_does_not_select() -> None:
    call = published()
    application = apply(call, person=PersonFactory.create())
    enterprise = UserFactory.create(role=RoleKind.ENTERPRISE, organization=call.need.organization)
    endorse(application, by=enterprise)
    with pytest.raises(PermissionDenied):
        services.application_select(
            callapplication=application, decided_on=days_ago(0), by=enterprise
        )


def test_cancelling_a_call_declines_its_pending_applications() -> None:
    call = published()
    application = apply(call, person=PersonFactory.create())
    services.call_cancel(opencall=call, cancelled_on=days_ago(0), reason="No budget.", by=None)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NOT_SELECTED


# Documents ---------------------------------------------------------------------------------------


def _upload(name: str, content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_a_document_is_checked_by_its_content_and_attached_by_the_applicant_only() -> None:
    call = published()
    user = UserFactory.create(role=RoleKind.RESEARCHER)
    application = apply(call, person=PersonFactory.create(user=user))
    with pytest.raises(ValidationError) as refused:
        services.attachment_create(
            by=user, application=application, title="", file=_upload("plan.pdf", b"MZ\x90\x00exe")
        )
    assert "file" in refused.value.error_dict
    document = services.attachment_create(
        by=user,
        application=application,
        title="",
        file=_upload("plan.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    assert document.title == "plan.pdf"
    assert not document.file.name.endswith("plan.pdf")  # stored under a name of its own
    enterprise = UserFactory.create(role=RoleKind.ENTERPRISE, organization=call.need.organization)
    with pytest.raises(PermissionDenied):
        services.attachment_create(
            by=enterprise,
            application=application,
            title="x",
            file=_upload("x.pdf", b"%PDF-1.4\n%%EOF\n"),
        )


def test_a_center_applies_through_its_manager() -> None:
    call = published()
    center, other = CenterFactory.create(), CenterFactory.create()
    manager = UserFactory.create(role=RoleKind.CENTER_MANAGER, centers=[center])
    application = writes.create(
        CallApplication,
        by=manager,
        call=call,
        applicant_kind="center",
        center=center,
        proposal="Our center's plan.",
        duration_months=12,
    )
    assert application.center == center
    with pytest.raises(PermissionDenied):
        writes.create(
            CallApplication,
            by=manager,
            call=call,
            applicant_kind="center",
            center=other,
            proposal="Another center's plan.",
            duration_months=12,
        )
