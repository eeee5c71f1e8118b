import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import liaison.core
from liaison.accounts.models import User
from liaison.core.assets import packages

pytestmark = pytest.mark.django_db


def test_the_home_page_needs_a_sign_in(client: Client) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_signing_in_leads_to_the_page_asked_for(client: Client, staff_user: User) -> None:
    page = client.get(reverse("login")).content.decode()
    assert '<label class="form-label required" for="id_username">' in page
    response = client.post(
        reverse("login"),
        {"username": "staff", "password": "staff-pass-123", "next": "/organizations/"},
    )
    assert response["Location"] == "/organizations/"


def test_a_wrong_password_is_told(client: Client, staff_user: User) -> None:
    response = client.post(reverse("login"), {"username": "staff", "password": "wrong"})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()


def test_every_page_has_landmarks_a_skip_link_and_its_language(
    client: Client, staff_user: User
) -> None:
    client.force_login(staff_user)
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert 'role="search"' in html
    assert 'action="/search/"' in html


def test_the_chosen_language_is_remembered(client: Client, staff_user: User) -> None:
    client.force_login(staff_user)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    html = client.get(reverse("organizations:organization_list")).content.decode()
    assert '<html lang="zh-hans">' in html


def test_the_menu_offers_what_the_user_may_see(
    client: Client, staff_user: User, django_user_model: type[User]
) -> None:
    client.force_login(staff_user)
    list_url = reverse("organizations:organization_list")
    assert f'href="{list_url}"' in client.get(reverse("home")).content.decode()

    client.force_login(django_user_model.objects.create_user(username="visitor"))
    assert f'href="{list_url}"' not in client.get(reverse("home")).content.decode()


def test_the_layout_loads_only_files_the_asset_manifest_installs() -> None:
    base = Path(liaison.core.__file__).parent / "templates" / "base.html"
    loaded = set(re.findall(r'static "vendor/([^"]+)"', base.read_text(encoding="utf-8")))
    installed = {f"{p.folder}/{name}" for p in packages() for name in p.files}
    assert loaded
    assert loaded <= installed


def test_a_missing_record_is_a_page_of_the_application(client: Client, staff_user: User) -> None:
    client.force_login(staff_user)
    response = client.get(reverse("organizations:organization_detail", args=(999_999,)))
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no such page" in html
    assert 'href="#main"' in html


def test_a_refused_page_is_a_page_of_the_application(
    client: Client, django_user_model: type[User]
) -> None:
    client.force_login(django_user_model.objects.create_user(username="visitor"))
    response = client.get(reverse("organizations:organization_add"))
    assert response.status_code == 403
    assert "Your account may not do this" in response.content.decode()
