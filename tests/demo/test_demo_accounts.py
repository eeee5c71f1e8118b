"""The demo comes with one account per role, each seeing the demo as that person would."""

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.agreements.models import Agreement
from liaison.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from liaison.demo.loader import DemoSummary
from liaison.needs.models import TechnicalNeed
from liaison.people.models import Person

pytestmark = pytest.mark.django_db


def test_each_role_has_a_demo_account_with_the_documented_password(demo: DemoSummary) -> None:
    for username, kind in DEMO_ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert list(user.role_assignments.values_list("role__kind", flat=True)) == [kind]


def test_the_demo_enterprise_sees_only_its_own_needs(demo: DemoSummary) -> None:
    user = User.objects.get(username="enterprise")
    organization = user.role_assignments.get().organization
    visible = TechnicalNeed.objects.restrict(user, "view")
    assert visible.exists()
    assert set(visible.values_list("organization", flat=True)) == {organization.pk}
    assert not Agreement.objects.restrict(user, "view").exclude(organizations=organization).exists()


def test_the_demo_expert_has_proposals_to_answer(demo: DemoSummary) -> None:
    user = User.objects.get(username="expert")
    person = Person.objects.get(user=user)
    assert TechnicalNeed.objects.restrict(user, "view").filter(candidates__person=person).exists()


def test_the_demo_center_manager_changes_only_their_center(demo: DemoSummary) -> None:
    user = User.objects.get(username="manager")
    centers = set(user.role_assignments.get().centers.values_list("pk", flat=True))
    changeable = TechnicalNeed.objects.restrict(user, "change")
    assert set(changeable.values_list("assigned_center", flat=True)) <= centers
    client = Client()
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200


def test_the_demo_leadership_reads_and_writes_nothing(demo: DemoSummary) -> None:
    user = User.objects.get(username="leader")
    assert TechnicalNeed.objects.restrict(user, "view").exists()
    assert not TechnicalNeed.objects.restrict(user, "change").exists()
    assert user.role_assignments.get().role.kind == RoleKind.LEADERSHIP
