"""The pages every visitor can meet outside the records: the icon, signing out, a refused form."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from liaison.accounts.models import User

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_liaisons_own_icon(client: Client) -> None:
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("core/favicon.svg")
    icon = finders.find("core/favicon.svg")
    assert icon is not None
    with open(icon, encoding="utf-8") as svg:
        assert svg.read().lstrip().startswith("<svg")


def test_every_page_names_its_icon(client: Client) -> None:
    html = client.get(reverse("login")).content.decode()

    assert '<link rel="icon" href="/static/core/favicon.svg" type="image/svg+xml">' in html


def test_the_admin_names_the_icon_too(admin_client: Client) -> None:
    html = admin_client.get(reverse("admin:index")).content.decode()

    assert 'rel="icon"' in html


def test_a_visit_to_logout_asks_before_signing_out(client: Client, staff_user: User) -> None:
    client.force_login(staff_user)

    response = client.get(reverse("logout"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post" class="card">' in html
    assert "Sign out of Liaison on this browser?" in html
    # Only asked: the session goes on.
    assert client.get(reverse("home")).status_code == 200


def test_confirming_signs_out_and_leads_to_the_sign_in_page(
    client: Client, staff_user: User
) -> None:
    client.force_login(staff_user)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_a_visit_to_logout_when_signed_out_leads_to_the_sign_in_page(client: Client) -> None:
    response = client.get(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_form_refused_for_its_token_says_what_to_do_in_the_persons_language(
    language: str,
) -> None:
    client = Client(enforce_csrf_checks=True, headers={"accept-language": language})

    response = client.post(reverse("login"), {"username": "a", "password": "b"})

    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert '<main id="main"' in html  # the site's layout, not Django's bare page
    with translation.override(language):
        assert gettext("The form has expired") in html
        assert (
            gettext(
                "Go back, reload the page and try again. If it happens again, allow cookies "
                "for this site."
            )
            in html
        )
    assert "CSRF verification failed" not in html


def test_a_post_larger_than_any_form_gets_a_page_that_says_so(
    client: Client, staff_user: User
) -> None:
    from urllib.parse import urlencode

    client.force_login(staff_user)
    response = client.post(
        reverse("organizations:organization_add"),
        urlencode({"name_zh": "测" * 2_000_000}),  # 18 MB as a browser sends it
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "The request could not be read" in html
    assert "Nothing was saved." in html


def test_the_400_page_answers_a_host_it_does_not_serve(client: Client) -> None:
    response = client.get(reverse("login"), HTTP_HOST="elsewhere.example")

    assert response.status_code == 400
    assert "The request could not be read" in response.content.decode()
