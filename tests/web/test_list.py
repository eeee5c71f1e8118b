import pytest
from django.test import Client
from django.urls import reverse

from tests.organizations.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_sorted_column_says_so_to_assistive_technology(signed_in: Client) -> None:
    OrganizationFactory.create(name_en="Beta Co.")
    OrganizationFactory.create(name_en="Alpha Co.")
    html = signed_in.get(
        reverse("organizations:organization_list"), {"sort": "-name_en"}
    ).content.decode()
    assert 'aria-sort="descending"' in html
    assert html.index("Beta Co.") < html.index("Alpha Co.")


def test_a_long_list_is_paged_and_keeps_its_filters(signed_in: Client) -> None:
    OrganizationFactory.create_batch(55, city="温州市")
    html = signed_in.get(
        reverse("organizations:organization_list"), {"city": "温州"}
    ).content.decode()
    assert "Page 1 of 2" in html
    assert "55 records" in html
    assert "city=%E6%B8%A9%E5%B7%9E&amp;page=2" in html or "page=2&amp;city=" in html


def test_the_export_links_carry_the_filters(signed_in: Client) -> None:
    html = signed_in.get(
        reverse("organizations:organization_list"), {"kind": "university"}
    ).content.decode()
    export = reverse("organizations:organization_export")
    assert f"{export}?kind=university&amp;format=csv" in html
    assert f"{export}?kind=university&amp;format=xlsx" in html


def test_a_page_never_holds_more_than_the_largest_page_size(
    signed_in: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liaison.organizations.views import OrganizationListView

    monkeypatch.setattr(OrganizationListView, "max_per_page", 5)
    OrganizationFactory.create_batch(7)
    response = signed_in.get(reverse("organizations:organization_list"), {"per_page": "100000"})
    assert len(response.context["table"].page.object_list) == 5


def test_a_page_past_the_end_shows_the_last_one(signed_in: Client) -> None:
    OrganizationFactory.create_batch(3, name_en="Only Page Co.")
    for page in ("99", "not-a-number"):
        response = signed_in.get(reverse("organizations:organization_list"), {"page": page})
        assert response.status_code == 200
        assert "Only Page Co." in response.content.decode()
