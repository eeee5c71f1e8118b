import pytest
from django.test import Client
from django.urls import reverse

from tests.achievements.factories import AchievementFactory
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.web.pages import count_queries, pinned_queries

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in_and_see_no_record(client: Client) -> None:
    OrganizationFactory.create(name_zh="温州眼视光企业")

    response = client.get(reverse("search"), {"q": "眼视光"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_search_page_groups_matches_by_kind_with_counts_and_links(signed_in: Client) -> None:
    organization = OrganizationFactory.create(
        name_zh="温州眼视光企业", name_en="Wenzhou Optometry Co."
    )
    need = TechnicalNeedFactory.create(title="眼视光镜片检测")

    response = signed_in.get(reverse("search"), {"q": "眼视光"})
    html = response.content.decode()

    assert [(g.noun.key, g.total) for g, _ in response.context["groups"]] == [
        ("organizations", 1),
        ("technical_needs", 1),
    ]
    assert (
        f'<a href="{reverse("organizations:organization_detail", args=[organization.pk])}">Wenzhou Optometry Co.</a>'
        in html
    )
    assert need.title in html
    assert str(need.organization) in html  # who submitted it, under the need's title


def test_the_search_page_lists_records_holding_some_of_the_words_best_first(
    signed_in: Client,
) -> None:
    dressing = AchievementFactory.create(
        title_zh="敷料", title_en="Wound dressing", description="—"
    )
    healing = AchievementFactory.create(
        title_zh="敷料", title_en="Wound healing dressing", description="—"
    )
    AchievementFactory.create(title_zh="支架", title_en="Magnesium alloy stent", description="—")

    response = signed_in.get(reverse("search"), {"q": "wound healing dressing"})

    [(group, results)] = response.context["groups"]
    assert group.noun.key == "achievements"
    assert [result.record for result in results] == [healing, dressing]


def test_one_kind_of_record_is_searched_page_by_page(signed_in: Client) -> None:
    for n in range(30):
        OrganizationFactory.create(name_zh=f"眼视光企业{n}")

    response = signed_in.get(reverse("search"), {"q": "眼视光", "in": "organizations", "page": "2"})

    page = response.context["page"]
    assert page.paginator.count == 30
    assert len(page.object_list) == 5


def test_nothing_found_is_said_so(signed_in: Client) -> None:
    html = signed_in.get(reverse("search"), {"q": "没有这样的词"}).content.decode()

    assert "Nothing matches these words." in html


@pytest.mark.parametrize("params", [{"q": "眼视光"}, {"q": "眼视光", "in": "organizations"}])
def test_the_search_page_makes_the_same_pinned_number_of_queries_however_many_match(
    params: dict[str, str], signed_in: Client
) -> None:
    pin = pinned_queries("search")
    OrganizationFactory.create(name_zh="眼视光企业")
    response, with_one = count_queries(
        signed_in, reverse("search") + "?" + "&".join(f"{k}={v}" for k, v in params.items())
    )
    assert response.status_code == 200
    for _ in range(15):
        OrganizationFactory.create(name_zh="眼视光企业")
        TechnicalNeedFactory.create(title="眼视光")
    response, with_more = count_queries(
        signed_in, reverse("search") + "?" + "&".join(f"{k}={v}" for k, v in params.items())
    )
    assert with_more == with_one
    assert with_more <= pin, f"{with_more} queries, {pin} pinned"
