"""The demo's open calls (issue 19) keep the issue's rules and its story: after the report,
needs published with the enterprise's consent, applications of a researcher, a center and an
outside organization, reviews of the enterprise and the office, a selected team whose work
goes on as the need's solution, and a call taking applications today."""

from __future__ import annotations

import pytest

from liaison.demo import announcement as report
from liaison.demo.loader import DemoSummary
from liaison.needs.choices import Decision, NeedStatus
from liaison.opencalls.choices import (
    ApplicantKind,
    ApplicationStatus,
    CallStatus,
    Recommendation,
    ReviewSide,
)
from liaison.opencalls.models import CallApplication, OpenCall
from liaison.opencalls.selectors import open_calls
from liaison.opencalls.services import enterprise_endorsement
from tests.demo.conftest import demo  # noqa: F401

pytestmark = pytest.mark.django_db


def test_calls_are_published_after_the_report_with_the_enterprises_consent(
    demo: DemoSummary,  # noqa: F811
) -> None:
    calls = list(OpenCall.objects.select_related("need"))
    assert calls
    for call in calls:
        assert call.published_on is not None
        assert call.consented_on is not None
        assert call.consent_evidence
        assert call.need.submitted_on > report.AS_OF
        assert call.need.submitted_on <= call.consented_on <= call.published_on < call.deadline
    assert open_calls().exists()


def test_an_awarded_call_selected_the_team_the_enterprise_endorsed_and_it_solves_the_need(
    demo: DemoSummary,  # noqa: F811
) -> None:
    awarded = OpenCall.objects.filter(status=CallStatus.AWARDED).select_related("need")
    assert awarded.exists()
    for call in awarded:
        applications = list(call.applications.all())
        assert {a.applicant_kind for a in applications} == set(ApplicantKind.values)
        selected = [a for a in applications if a.status == ApplicationStatus.SELECTED]
        assert len(selected) == 1
        chosen = selected[0]
        assert enterprise_endorsement(chosen) is not None
        assert chosen.reviews.filter(side=ReviewSide.OFFICE).exists()
        for application in applications:
            assert call.published_on <= application.submitted_on <= call.deadline
            if application != chosen:
                assert application.status == ApplicationStatus.NOT_SELECTED
        need = call.need
        assert need.status == NeedStatus.IN_PROGRESS
        assert need.team_visible
        if chosen.person is not None:
            assert need.candidates.filter(person=chosen.person, decision=Decision.ACCEPTED).exists()
        if chosen.center is not None:
            assert need.candidates.filter(center=chosen.center, decision=Decision.ACCEPTED).exists()


def test_the_call_taking_applications_has_some_and_an_enterprise_review(
    demo: DemoSummary,  # noqa: F811
) -> None:
    for call in open_calls():
        applications = CallApplication.objects.filter(call=call)
        assert applications.exists()
        assert all(a.status == ApplicationStatus.SUBMITTED for a in applications)
        assert applications.filter(
            reviews__side=ReviewSide.ENTERPRISE,
            reviews__recommendation=Recommendation.SHORTLIST,
        ).exists()
