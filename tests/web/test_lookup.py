import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from liaison.accounts.models import User
from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_form_lists_only_the_chosen_record_not_every_one(signed_in: Client) -> None:
    parent = OrganizationFactory.create(name_en="Chosen Parent")
    child = OrganizationFactory.create(parent=parent)
    for n in range(5):
        OrganizationFactory.create(name_en=f"Bystander {n}")
    html = signed_in.get(
        reverse("organizations:organization_edit", args=(child.pk,))
    ).content.decode()
    assert f'<option value="{parent.pk}" selected>Chosen Parent</option>' in html
    assert "Bystander" not in html


def test_the_lookup_offers_matching_records_and_keeps_the_chosen_one(signed_in: Client) -> None:
    chosen = OrganizationFactory.create(name_en="Chosen Parent")
    OrganizationFactory.create(name_en="Oujiang Lab", aliases=["瓯江实验室"])
    OrganizationFactory.create(name_en="Unrelated Co.")
    url = reverse("lookup", args=("organizations.organization",))
    with CaptureQueriesContext(connection) as queries:
        html = signed_in.get(
            url, {"q": "瓯江", "field": "parent", "parent": str(chosen.pk)}
        ).content.decode()
    assert "Oujiang Lab" in html
    assert "Unrelated Co." not in html
    assert f'<option value="{chosen.pk}" selected>Chosen Parent</option>' in html
    assert len(queries) <= 6  # the user's roles, then the lookup


def test_the_lookup_shows_nothing_to_a_user_without_rights(
    client: Client, django_user_model: type[User]
) -> None:
    OrganizationFactory.create(name_en="Secret Co.")
    client.force_login(django_user_model.objects.create_user(username="outsider"))
    html = client.get(
        reverse("lookup", args=("organizations.organization",)), {"q": "Secret"}
    ).content.decode()
    assert "Secret Co." not in html


def test_the_lookup_answers_only_for_declared_models(signed_in: Client) -> None:
    assert signed_in.get(reverse("lookup", args=("accounts.user",)), {"q": "a"}).status_code == 404
