"""The admin speaks English and Chinese, switched from its header."""

from __future__ import annotations

import pytest
from django.test import Client

from liaison.accounts.models import User

pytestmark = pytest.mark.django_db


def test_login_page_offers_the_other_language(client: Client) -> None:
    response = client.get("/admin/login/")

    content = response.content.decode()
    assert 'action="/i18n/setlang/"' in content
    assert 'value="zh-hans"' in content
    assert "简体中文" in content


def test_site_is_called_liaison(client: Client) -> None:
    response = client.get("/admin/login/")

    assert "Liaison" in response.content.decode()


def test_switching_to_chinese_shows_the_admin_in_chinese(client: Client, staff_user: User) -> None:
    client.force_login(staff_user)

    response = client.post(
        "/i18n/setlang/", {"language": "zh-hans", "next": "/admin/"}, follow=True
    )

    content = response.content.decode()
    assert response.redirect_chain[-1][0] == "/admin/"
    assert '<html lang="zh-hans"' in content
    assert "欢迎" in content


def test_switching_back_to_english(client: Client, staff_user: User) -> None:
    client.force_login(staff_user)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/admin/"})

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/admin/"}, follow=True)

    assert "Welcome" in response.content.decode()


@pytest.mark.parametrize("form_class_name", ["VersionedForm", "TransitionForm"])
def test_the_hidden_loaded_version_is_labelled_in_the_page_language(
    monkeypatch: pytest.MonkeyPatch, form_class_name: str
) -> None:
    from django import forms
    from django.utils import translation
    from django.utils.translation import trans_real

    from liaison.core import admin
    from liaison.organizations.models import Organization

    # The label as the Chinese catalogue will write it, whether or not it has it yet.
    catalogue = trans_real.translation("zh-hans")._catalog._catalogs[0]  # type: ignore[attr-defined]
    monkeypatch.setitem(catalogue, "Loaded version", "载入时的版本")
    form_class = getattr(admin, form_class_name)
    if form_class is admin.VersionedForm:
        form_class = forms.modelform_factory(Organization, form=form_class, fields=("name_en",))

    with translation.override("zh-hans"):
        assert form_class()["loaded_version"].label == "载入时的版本"
