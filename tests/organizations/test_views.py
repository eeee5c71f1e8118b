from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.organizations.choices import OrganizationKind
from liaison.organizations.models import Organization
from tests.organizations.factories import OrganizationFactory, valid_credit_code
from tests.web.pages import ObjectPageChecks


class TestOrganizationPages(ObjectPageChecks):
    model = Organization
    factory = OrganizationFactory
    url_base = "organizations:organization"
    stale_field = "name_en"
    stale_value = "Renamed Meanwhile Ltd."

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "name_zh": "瓯江新材料有限公司",
            "name_en": "Oujiang New Materials Co., Ltd.",
            "aliases": "瓯江新材\nOujiang Materials",
            "kind": OrganizationKind.ENTERPRISE,
            "credit_code": valid_credit_code(99_999),
            "country": "CN",
            "province": "浙江省",
            "city": "温州市",
            "tags": "新材料",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        code = valid_credit_code(99_998)
        wrong_check = "0" if code[-1] != "0" else "1"
        return {**self.valid_form_data(), "credit_code": code[:-1] + wrong_check}, "credit_code"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(kind=OrganizationKind.UNIVERSITY, name_en="Kept University")
        dropped = self.make(kind=OrganizationKind.ENTERPRISE, name_en="Dropped Enterprise")
        return {"kind": OrganizationKind.UNIVERSITY}, kept, dropped


@pytest.mark.django_db
def test_a_mistyped_credit_code_is_explained_under_its_field(signed_in: Client) -> None:
    code = valid_credit_code(7)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = signed_in.post(
        reverse("organizations:organization_add"),
        {
            "name_zh": "错码公司",
            "kind": OrganizationKind.ENTERPRISE,
            "country": "CN",
            "credit_code": wrong,
        },
    )
    assert response.status_code == 400
    [message] = response.context["form"].errors["credit_code"]
    assert f"should be {code[-1]}" in message
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "credit_code_error" in html


@pytest.mark.django_db
def test_created_organization_keeps_aliases_and_tags_as_lists_and_records_its_author(
    signed_in: Client, staff_user: User
) -> None:
    response = signed_in.post(
        reverse("organizations:organization_add"),
        {
            "name_zh": "瓯江新材料有限公司",
            "kind": OrganizationKind.ENTERPRISE,
            "country": "CN",
            "aliases": "瓯江新材\n\nOujiang Materials\n",
            "tags": "新材料",
        },
    )
    organization = Organization.objects.get(name_zh="瓯江新材料有限公司")
    assert response["Location"] == reverse(
        "organizations:organization_detail", args=(organization.pk,)
    )
    assert organization.aliases == ["瓯江新材", "Oujiang Materials"]
    assert organization.tags == ["新材料"]
    assert organization.history.get().history_user == staff_user


@pytest.mark.django_db
def test_search_finds_an_organization_by_a_chinese_alias(signed_in: Client) -> None:
    OrganizationFactory.create(name_en="Aliased Co.", aliases=["瓯江新材"])
    OrganizationFactory.create(name_en="Other Co.")
    page = signed_in.get(reverse("organizations:organization_list"), {"q": "江新"}).content.decode()
    assert "Aliased Co." in page
    assert "Other Co." not in page


@pytest.mark.django_db
def test_tag_filter_matches_a_whole_tag(signed_in: Client) -> None:
    OrganizationFactory.create(name_en="Tagged Co.", tags=["新材料", "出口"])
    OrganizationFactory.create(name_en="Near Co.", tags=["新材料研究"])
    page = signed_in.get(
        reverse("organizations:organization_list"), {"tag": "新材料"}
    ).content.decode()
    assert "Tagged Co." in page
    assert "Near Co." not in page


@pytest.mark.django_db
def test_local_filter_keeps_the_institute_city(signed_in: Client) -> None:
    OrganizationFactory.create(name_en="Local Co.", city="温州市")
    OrganizationFactory.create(name_en="Far Co.", city="上海市")
    page = signed_in.get(
        reverse("organizations:organization_list"), {"local": "true"}
    ).content.decode()
    assert "Local Co." in page
    assert "Far Co." not in page


@pytest.mark.django_db
def test_detail_lists_affiliated_organizations_and_its_history(signed_in: Client) -> None:
    parent = OrganizationFactory.create(name_en="Parent University")
    OrganizationFactory.create(name_en="Child Lab", parent=parent)
    parent.name_en = "Parent University (renamed)"
    parent.save()
    html = signed_in.get(
        reverse("organizations:organization_detail", args=(parent.pk,))
    ).content.decode()
    assert "Child Lab" in html
    assert "Parent University (renamed)" in html
    assert "Change history" in html


@pytest.mark.django_db
def test_an_organization_others_refer_to_cannot_be_deleted(signed_in: Client) -> None:
    parent = OrganizationFactory.create()
    OrganizationFactory.create(parent=parent)
    response = signed_in.post(
        reverse("organizations:organization_delete", args=(parent.pk,)), follow=True
    )
    assert Organization.objects.filter(pk=parent.pk).exists()
    assert "cannot be deleted" in response.content.decode()


@pytest.mark.django_db
def test_an_unreferenced_organization_is_deleted(signed_in: Client) -> None:
    organization = OrganizationFactory.create()
    response = signed_in.post(reverse("organizations:organization_delete", args=(organization.pk,)))
    assert response["Location"] == reverse("organizations:organization_list")
    assert not Organization.objects.filter(pk=organization.pk).exists()


@pytest.mark.django_db
def test_a_user_without_rights_sees_no_organization(
    client: Client, django_user_model: type[User]
) -> None:
    organization = OrganizationFactory.create(name_en="Hidden Co.")
    client.force_login(django_user_model.objects.create_user(username="outsider"))
    assert (
        "Hidden Co." not in client.get(reverse("organizations:organization_list")).content.decode()
    )
    assert (
        client.get(
            reverse("organizations:organization_detail", args=(organization.pk,))
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("organizations:organization_edit", args=(organization.pk,))).status_code
        == 404
    )


@pytest.mark.django_db
def test_the_list_filtered_by_a_parent_names_it_and_keeps_its_children(signed_in: Client) -> None:
    parent = OrganizationFactory.create(name_en="Parent University")
    OrganizationFactory.create(name_en="Child Lab", parent=parent)
    OrganizationFactory.create(name_en="Orphan Co.")
    html = signed_in.get(
        reverse("organizations:organization_list"), {"parent": parent.pk}
    ).content.decode()
    assert f'<option value="{parent.pk}" selected>Parent University</option>' in html
    assert "Child Lab" in html
    assert "Orphan Co." not in html


@pytest.mark.django_db
def test_a_megabyte_long_name_is_refused_under_its_field_and_kept_in_the_form(
    signed_in: Client,
) -> None:
    from urllib.parse import urlencode

    name = "测" * 1_000_000  # 9 MB as a browser encodes the form
    response = signed_in.post(
        reverse("organizations:organization_add"),
        urlencode({"name_zh": name, "kind": OrganizationKind.ENTERPRISE, "country": "CN"}),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    [message] = response.context["form"].errors["name_zh"]
    assert "at most 200 characters" in message
    assert name in response.content.decode()
