import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.organizations.models import Organization
from tests.organizations.factories import InstituteFactory, OrganizationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.web.urls")]


def step_url(organization: Organization) -> str:
    return reverse("organizations:organization_action", args=(organization.pk, "rename"))


def test_the_detail_page_offers_the_steps_open_now(signed_in: Client) -> None:
    organization = OrganizationFactory.create()
    institute = InstituteFactory.create()
    assert (
        step_url(organization)
        in signed_in.get(
            reverse("organizations:organization_detail", args=(organization.pk,))
        ).content.decode()
    )
    assert (
        step_url(institute)
        not in signed_in.get(
            reverse("organizations:organization_detail", args=(institute.pk,))
        ).content.decode()
    )


def test_a_step_runs_its_service_and_returns_to_the_record(
    signed_in: Client, staff_user: User
) -> None:
    organization = OrganizationFactory.create()
    form = signed_in.get(step_url(organization)).content.decode()
    assert 'for="id_name_en"' in form
    response = signed_in.post(
        step_url(organization), {"name_en": "Renamed Co.", "loaded_version": organization.version}
    )
    assert response["Location"] == reverse(
        "organizations:organization_detail", args=(organization.pk,)
    )
    organization.refresh_from_db()
    assert organization.name_en == "Renamed Co."
    assert organization.history.first().history_user == staff_user


def test_a_refusal_of_the_service_is_shown_under_its_field(signed_in: Client) -> None:
    organization = OrganizationFactory.create(name_en="Kept Co.")
    response = signed_in.post(
        step_url(organization), {"name_en": "forbidden", "loaded_version": organization.version}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["name_en"] == ["That name is not allowed."]
    assert 'id="id_name_en_error"' in response.content.decode()
    organization.refresh_from_db()
    assert organization.name_en == "Kept Co."


def test_a_step_on_a_stale_copy_is_refused(signed_in: Client) -> None:
    organization = OrganizationFactory.create(name_en="Before Co.")
    version = organization.version
    organization.name_en = "Meanwhile Co."
    organization.save()
    response = signed_in.post(
        step_url(organization), {"name_en": "Mine Co.", "loaded_version": version}
    )
    assert response.status_code == 400
    assert "Someone else saved this record" in response.content.decode()
    organization.refresh_from_db()
    assert organization.name_en == "Meanwhile Co."


def test_an_unknown_step_is_not_found(signed_in: Client) -> None:
    organization = OrganizationFactory.create()
    url = step_url(organization).replace("rename", "vanish")
    assert signed_in.get(url).status_code == 404


def test_a_step_form_posts_to_its_own_page_so_it_can_open_inside_the_record(
    signed_in: Client,
) -> None:
    organization = OrganizationFactory.create()
    detail = signed_in.get(
        reverse("organizations:organization_detail", args=(organization.pk,))
    ).content.decode()
    assert f'hx-get="{step_url(organization)}" hx-target="#action-panel"' in detail
    form = signed_in.get(step_url(organization)).content.decode()
    assert f'<form method="post" action="{step_url(organization)}"' in form
    assert 'id="action-form"' in form
