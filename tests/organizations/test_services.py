from typing import Any

import pytest
from django.core.exceptions import ValidationError

from liaison.accounts.models import User
from liaison.core.errors import StaleEditError
from liaison.organizations.choices import OrganizationKind
from liaison.organizations.models import Organization
from liaison.organizations.services import organization_create, organization_update
from tests.organizations.factories import InstituteFactory, OrganizationFactory, valid_credit_code

pytestmark = pytest.mark.django_db


def create(by: User | None = None, **fields: Any) -> Organization:
    fields = {"name_zh": "浙江一鼎医用敷料有限公司", "kind": OrganizationKind.ENTERPRISE, **fields}
    return organization_create(by=by, **fields)


def test_organization_create_saves_it_with_its_author_in_the_history(staff_user: User) -> None:
    organization = create(by=staff_user, credit_code=valid_credit_code(7))
    assert Organization.objects.filter(pk=organization.pk).exists()
    assert organization.history.get().history_user == staff_user


def test_organization_create_normalizes_the_credit_code() -> None:
    organization = create(credit_code=valid_credit_code(7).lower())
    assert organization.credit_code == valid_credit_code(7)


def test_organization_create_normalizes_a_full_width_credit_code() -> None:
    # As a Chinese input method types it: full-width digits and letters, lower case.
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in valid_credit_code(7).lower())
    organization = create(credit_code=f"\u3000{full_width}")
    assert organization.credit_code == valid_credit_code(7)


def test_organization_create_refuses_a_credit_code_failing_its_checksum() -> None:
    code = valid_credit_code(7)
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(ValidationError) as error:
        create(credit_code=wrong)
    assert [e.code for e in error.value.error_dict["credit_code"]] == ["credit_code_checksum"]
    assert not Organization.objects.exists()


def test_organization_create_refuses_a_credit_code_another_organization_has() -> None:
    existing = OrganizationFactory.create()
    with pytest.raises(ValidationError) as error:
        create(credit_code=existing.credit_code)
    assert "Another organization already has this credit code." in str(error.value)


def test_organizations_outside_mainland_china_may_all_leave_the_credit_code_empty() -> None:
    create(name_zh="Fraunhofer", credit_code="", country="DE")
    create(name_zh="Karolinska", credit_code="", country="SE")
    assert Organization.objects.filter(credit_code="").count() == 2


def test_only_one_organization_can_be_the_institute() -> None:
    InstituteFactory.create()
    with pytest.raises(ValidationError) as error:
        create(is_institute=True)
    assert "Only one organization can be the institute itself." in str(error.value)


def test_organization_create_refuses_the_version_field() -> None:
    with pytest.raises(TypeError):
        create(version=5)


def test_organization_update_changes_the_fields_and_records_the_author(staff_user: User) -> None:
    organization = OrganizationFactory.create(industry="食品")
    organization_update(organization=organization, by=staff_user, industry="乳制品")
    organization.refresh_from_db()
    assert organization.industry == "乳制品"
    assert organization.version == 2
    assert organization.history.order_by("-history_id").first().history_user == staff_user


def test_organization_update_with_the_loaded_version_succeeds(staff_user: User) -> None:
    organization = OrganizationFactory.create()
    organization_update(organization=organization, by=staff_user, version=1, industry="医疗器械")
    organization.refresh_from_db()
    assert organization.industry == "医疗器械"


def test_organization_update_from_a_stale_version_is_refused_and_keeps_the_newer_change(
    staff_user: User,
) -> None:
    organization = OrganizationFactory.create(industry="食品")
    organization_update(organization=organization, by=staff_user, industry="乳制品")
    mine = Organization.objects.get(pk=organization.pk)
    with pytest.raises(StaleEditError):
        organization_update(organization=mine, by=staff_user, version=1, industry="饮料")
    organization.refresh_from_db()
    assert organization.industry == "乳制品"


def test_organization_update_checks_the_credit_code(staff_user: User) -> None:
    organization = OrganizationFactory.create()
    with pytest.raises(ValidationError) as error:
        organization_update(organization=organization, by=staff_user, credit_code="91330300ABC")
    assert "credit_code" in error.value.error_dict


def test_organization_cannot_be_its_own_parent(staff_user: User) -> None:
    organization = OrganizationFactory.create()
    with pytest.raises(ValidationError) as error:
        organization_update(organization=organization, by=staff_user, parent=organization)
    assert [e.code for e in error.value.error_dict["parent"]] == ["parent_cycle"]


def test_organization_cannot_be_its_own_parent_through_others(staff_user: User) -> None:
    university = OrganizationFactory.create(kind=OrganizationKind.UNIVERSITY)
    hospital = OrganizationFactory.create(kind=OrganizationKind.HOSPITAL, parent=university)
    with pytest.raises(ValidationError) as error:
        organization_update(organization=university, by=staff_user, parent=hospital)
    assert [e.code for e in error.value.error_dict["parent"]] == ["parent_cycle"]


def test_a_hospital_may_be_affiliated_to_a_university(staff_user: User) -> None:
    university = OrganizationFactory.create(kind=OrganizationKind.UNIVERSITY)
    hospital = OrganizationFactory.create(kind=OrganizationKind.HOSPITAL)
    organization_update(organization=hospital, by=staff_user, parent=university)
    hospital.refresh_from_db()
    assert hospital.parent == university


def test_a_refused_update_leaves_the_organization_as_it_was_in_memory(staff_user: User) -> None:
    organization = OrganizationFactory.create(industry="食品")
    code = organization.credit_code
    with pytest.raises(ValidationError):
        organization_update(
            organization=organization, by=staff_user, industry="乳制品", credit_code="bad"
        )
    assert (organization.industry, organization.credit_code, organization.version) == (
        "食品",
        code,
        1,
    )
