"""Roles as data: their rules are validated, compiled once per user, and change what a user
sees as soon as they change."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from liaison.accounts.choices import RoleKind, Scope
from liaison.accounts.models import Role, RoleAssignment, Rule, User
from liaison.accounts.services import default_role
from liaison.agreements.models import Agreement
from liaison.core import permissions, writes
from liaison.core.choices import Confidentiality
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Affiliation
from tests.accounts.factories import UserFactory
from tests.agreements.factories import AgreementFactory
from tests.core.errors import codes
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_every_kind_of_user_starts_with_a_role() -> None:
    assert set(Role.objects.values_list("kind", flat=True)) == set(RoleKind.values)


def test_a_user_without_a_role_sees_and_changes_nothing() -> None:
    OrganizationFactory.create()
    user = UserFactory.create(role=None, is_staff=True)
    assert not Organization.objects.restrict(user, "view").exists()
    assert not permissions.user_may(user, "add", Organization)


def test_an_inactive_user_loses_what_their_roles_gave() -> None:
    OrganizationFactory.create()
    user = UserFactory.create(is_active=False)
    assert not Organization.objects.restrict(user, "view").exists()


def test_a_users_rules_are_read_once_however_many_lists_they_open() -> None:
    OrganizationFactory.create()
    user = User.objects.get(
        pk=UserFactory.create(
            role=RoleKind.ENTERPRISE, organization=OrganizationFactory.create()
        ).pk
    )
    with CaptureQueriesContext(connection) as first:
        list(Organization.objects.restrict(user, "view"))
    with CaptureQueriesContext(connection) as second:
        list(Organization.objects.restrict(user, "view"))
    assert len(first) == len(second) + 2  # the assignments and the rules, once
    assert len(second) == 1


def test_a_rule_added_to_a_role_widens_what_its_users_see() -> None:
    own = OrganizationFactory.create()
    other_need = TechnicalNeedFactory.create()
    user = UserFactory.create(role=RoleKind.ENTERPRISE, organization=own)
    assert not TechnicalNeed.objects.restrict(user, "view").filter(pk=other_need.pk).exists()
    writes.create(
        Rule,
        by=None,
        role=default_role(RoleKind.ENTERPRISE),
        record_types=["needs.technicalneed"],
        actions=["view"],
        scope=Scope.ALL,
    )
    fresh = User.objects.get(pk=user.pk)
    assert TechnicalNeed.objects.restrict(fresh, "view").filter(pk=other_need.pk).exists()


def test_a_rule_names_known_record_types_and_actions() -> None:
    with pytest.raises(ValidationError) as refused:
        writes.create(
            Rule,
            by=None,
            role=default_role(RoleKind.LEADERSHIP),
            record_types=["needs.nothing"],
            actions=["view", "sing"],
            scope=Scope.ALL,
        )
    assert codes(refused, "record_types") == ["unknown_model"]
    assert codes(refused, "actions") == ["unknown_action"]


def test_an_enterprise_users_role_names_their_organization() -> None:
    user = UserFactory.create(role=None)
    with pytest.raises(ValidationError) as refused:
        writes.create(RoleAssignment, by=None, user=user, role=default_role(RoleKind.ENTERPRISE))
    assert codes(refused, "organization") == ["organization_required"]


def test_only_an_account_administrator_gives_roles() -> None:
    staff = UserFactory.create()
    other = UserFactory.create(role=None)
    with pytest.raises(permissions.PermissionDenied):
        writes.create(
            RoleAssignment, by=staff, user=other, role=default_role(RoleKind.ADMINISTRATOR)
        )
    admin = UserFactory.create(role=RoleKind.ADMINISTRATOR)
    writes.create(RoleAssignment, by=admin, user=other, role=default_role(RoleKind.LEADERSHIP))
    assert other.role_assignments.count() == 1


def test_a_value_above_the_clearance_is_hidden_and_left_out_of_sums() -> None:
    AgreementFactory.create(value=Decimal(100), confidentiality=Confidentiality.INTERNAL)
    AgreementFactory.create(value=Decimal(900), confidentiality=Confidentiality.CONFIDENTIAL)
    manager = UserFactory.create(role=RoleKind.CENTER_MANAGER)
    values = sorted(str(a.value) for a in Agreement.objects.restrict(manager, "view"))
    assert values == ["100.00", "hidden"]
    visible = Agreement.objects.restrict(manager, "view")
    assert [a.value for a in permissions.cleared(visible, manager, "value")] == [Decimal(100)]
    assert permissions.hidden_count(visible, manager, "value") == 1
    staff = UserFactory.create()
    assert permissions.hidden_count(Agreement.objects.all(), staff, "value") == 0


def test_hidden_reads_in_the_page_language() -> None:
    with translation.override("zh-hans"):
        assert str(permissions.HIDDEN) != "hidden"
        assert str(permissions.HIDDEN)


def test_a_step_that_adds_a_record_adds_it_only_where_the_user_may_add(client: Client) -> None:
    researcher = UserFactory.create(role=RoleKind.RESEARCHER)
    person = PersonFactory.create(user=researcher)
    organization = OrganizationFactory.create()
    client.force_login(researcher)
    url = reverse("people:person_action", args=(person.pk, "add-affiliation"))
    response = client.post(url, {"organization": organization.pk, "position": "教授"})
    assert response.status_code == 400
    assert not Affiliation.objects.exists()
    staff = UserFactory.create()
    client.force_login(staff)
    response = client.post(url, {"organization": organization.pk, "position": "教授"})
    assert response.status_code == 302
    assert Affiliation.objects.filter(person=person).exists()


def test_a_list_search_does_not_find_a_record_by_a_text_hidden_from_the_user(
    client: Client,
) -> None:
    TechnicalNeedFactory.create(
        title="涂层", description="绝密配方ZQ9", confidentiality=Confidentiality.CONFIDENTIAL
    )
    client.force_login(UserFactory.create(role=RoleKind.CENTER_MANAGER))
    page = client.get(reverse("needs:technicalneed_list"), {"q": "ZQ9"}).content.decode()
    assert "涂层" not in page
    client.force_login(UserFactory.create())
    page = client.get(reverse("needs:technicalneed_list"), {"q": "ZQ9"}).content.decode()
    assert "涂层" in page
