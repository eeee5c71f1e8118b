import pytest
from django.core.exceptions import ValidationError

from liaison.accounts.models import User
from liaison.core.lifecycle import restored_on_error, save_changes
from liaison.organizations.models import Organization
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_restored_on_error_puts_the_fields_back_when_the_block_fails() -> None:
    organization = OrganizationFactory.create(industry="食品")

    def change_then_fail() -> None:
        with restored_on_error(organization):
            organization.industry = "乳制品"
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert organization.industry == "食品"


def test_save_changes_records_the_author_and_raises_service_and_model_errors_together(
    staff_user: User,
) -> None:
    organization = OrganizationFactory.create()
    save_changes(organization, by=staff_user, industry="乳制品")
    assert Organization.objects.get(pk=organization.pk).industry == "乳制品"
    assert organization.history.order_by("-history_id").first().history_user == staff_user
    with pytest.raises(ValidationError) as error:
        save_changes(organization, by=staff_user, name_zh="", kind="nonsense")
    assert set(error.value.error_dict) == {"name_zh", "kind"}
    assert organization.name_zh != ""
