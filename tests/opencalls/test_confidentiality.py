"""Who sees an application to an open call: its applicant (the researcher, the center's
managers, the organization's users), the enterprise whose need the call publishes, and the
office — never other applicants, other researchers, other centers' managers, other
enterprises, nor leadership. Read through every face: the queryset, the pages, the list, the
API. A draft call is the office's and the enterprise's only."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.api.endpoints import endpoint_for
from liaison.opencalls.models import CallApplication, CallReview, OpenCall
from tests.accounts.factories import UserFactory
from tests.api.factories import bearer, make_token
from tests.centers.factories import CenterFactory
from tests.opencalls.factories import OpenCallFactory, apply, endorse, published, triaged_need
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

APPLICATIONS = ("app_r1", "app_r2", "app_c1", "app_o")
SEES: dict[str, set[str]] = {
    "staff": set(APPLICATIONS),
    "admin": set(APPLICATIONS),
    "enterprise": set(APPLICATIONS),  # whose need the call publishes
    "applicant_org": {"app_o"},
    "other_enterprise": set(),
    "r1": {"app_r1"},
    "r2": {"app_r2"},
    "other_researcher": set(),
    "manager_c1": {"app_c1"},
    "manager_c2": set(),
    "leader": set(),
}
# The reviews are the enterprise's and the office's.
SEES_REVIEWS = {"staff", "admin", "enterprise"}
SEES_DRAFT = {"staff", "admin", "enterprise"}


@dataclasses.dataclass
class World:
    users: dict[str, User]
    applications: dict[str, CallApplication]
    review: CallReview
    draft: OpenCall


@pytest.fixture
def world(db: None) -> World:
    call = published()
    need_org = call.need.organization
    applicant_org = OrganizationFactory.create()
    c1, c2 = CenterFactory.create(), CenterFactory.create()
    users = {
        "staff": UserFactory.create(role=RoleKind.STAFF),
        "admin": UserFactory.create(role=RoleKind.ADMINISTRATOR),
        "enterprise": UserFactory.create(role=RoleKind.ENTERPRISE, organization=need_org),
        "applicant_org": UserFactory.create(role=RoleKind.ENTERPRISE, organization=applicant_org),
        "other_enterprise": UserFactory.create(
            role=RoleKind.ENTERPRISE, organization=OrganizationFactory.create()
        ),
        "r1": UserFactory.create(role=RoleKind.RESEARCHER),
        "r2": UserFactory.create(role=RoleKind.RESEARCHER),
        "other_researcher": UserFactory.create(role=RoleKind.RESEARCHER),
        "manager_c1": UserFactory.create(role=RoleKind.CENTER_MANAGER, centers=[c1]),
        "manager_c2": UserFactory.create(role=RoleKind.CENTER_MANAGER, centers=[c2]),
        "leader": UserFactory.create(role=RoleKind.LEADERSHIP),
    }
    PersonFactory.create(user=users["other_researcher"])
    applications = {
        "app_r1": apply(call, person=PersonFactory.create(user=users["r1"])),
        "app_r2": apply(call, person=PersonFactory.create(user=users["r2"])),
        "app_c1": apply(call, center=c1),
        "app_o": apply(call, organization=applicant_org),
    }
    review = endorse(applications["app_r1"], by=users["enterprise"])
    draft = OpenCallFactory.create(need=triaged_need(organization=need_org))
    return World(users=users, applications=applications, review=review, draft=draft)


def _seen(world: World, who: str) -> set[str]:
    visible = set(
        CallApplication.objects.restrict(world.users[who], "view").values_list("pk", flat=True)
    )
    return {name for name, app in world.applications.items() if app.pk in visible}


def test_each_user_sees_exactly_the_applications_they_may(world: World) -> None:
    wrong = [
        f"{who} sees {sorted(_seen(world, who))}, expected {sorted(expected)}"
        for who, expected in SEES.items()
        if _seen(world, who) != expected
    ]
    assert not wrong, "\n".join(wrong)


def test_each_application_page_is_a_404_to_those_who_may_not_see_it(world: World) -> None:
    wrong = []
    for who, expected in SEES.items():
        client = Client()
        client.force_login(world.users[who])
        for name, application in world.applications.items():
            url = reverse("opencalls:callapplication_detail", args=(application.pk,))
            got = client.get(url).status_code
            if got != (200 if name in expected else 404):
                wrong.append(f"{who} {name}: {got}")
    assert not wrong, "\n".join(wrong)


def test_the_call_page_lists_only_the_applications_a_user_may_see(world: World) -> None:
    call = world.applications["app_r1"].call
    proposal_marks = {name: app.applicant for name, app in world.applications.items()}
    wrong = []
    for who in ("r1", "manager_c1", "applicant_org", "enterprise", "leader"):
        client = Client()
        client.force_login(world.users[who])
        response = client.get(reverse("opencalls:opencall_detail", args=(call.pk,)))
        assert response.status_code == 200, who
        shown = {
            name
            for name, app in world.applications.items()
            if reverse("opencalls:callapplication_detail", args=(app.pk,))
            in response.content.decode()
        }
        if shown != SEES[who]:
            wrong.append(f"{who} is shown {sorted(shown)} ({proposal_marks})")
    assert not wrong, "\n".join(wrong)


def test_the_api_answers_as_the_pages_do(world: World) -> None:
    endpoint = endpoint_for(CallApplication)
    assert endpoint is not None
    wrong = []
    for who, expected in SEES.items():
        headers: dict[str, Any] = bearer(make_token(world.users[who]))
        listed = Client().get(f"/api/v1/{endpoint.slug}/", {"per_page": 200}, **headers)
        ids = (
            {row["id"] for row in listed.json()["results"]} if listed.status_code == 200 else set()
        )
        shown = {name for name, app in world.applications.items() if app.pk in ids}
        if shown != expected:
            wrong.append(f"{who} API list {sorted(shown)}")
        for name, application in world.applications.items():
            got = Client().get(f"/api/v1/{endpoint.slug}/{application.pk}/", **headers).status_code
            if got != (200 if name in expected else 404):
                wrong.append(f"{who} API {name}: {got}")
    assert not wrong, "\n".join(wrong)


def test_reviews_are_the_enterprises_and_the_offices_not_the_applicants(world: World) -> None:
    for who in SEES:
        seen = CallReview.objects.restrict(world.users[who], "view").filter(pk=world.review.pk)
        assert seen.exists() == (who in SEES_REVIEWS), who


def test_a_draft_call_is_the_offices_and_the_enterprises_only(world: World) -> None:
    for who in SEES:
        seen = OpenCall.objects.restrict(world.users[who], "view").filter(pk=world.draft.pk)
        assert seen.exists() == (who in SEES_DRAFT), who
    published_call = world.applications["app_r1"].call
    for who in ("r1", "other_researcher", "other_enterprise", "leader", "manager_c2"):
        assert (
            OpenCall.objects.restrict(world.users[who], "view")
            .filter(pk=published_call.pk)
            .exists()
        ), who
