import datetime
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.fixtures import Settings

from liaison.agreements.choices import AgreementKind, AgreementStatus, PartyRole
from liaison.needs.choices import NeedStatus
from liaison.reports.metrics import FIGURES, FigureDefinition
from liaison.reports.timeline import PAGE_SIZE
from tests.agreements.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    PaymentMilestoneFactory,
)
from tests.needs.factories import ServiceRecordFactory, TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.reports.records import closed_round
from tests.web.pages import count_queries, pinned_queries

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def add_dashboard_rows(times: int) -> None:
    """Rows of every kind the dashboard counts, charts or lists, `times` over."""
    for n in range(times):
        ServiceRecordFactory.create(delivered_on=today() - datetime.timedelta(days=n + 1))
        TechnicalNeedFactory.create(submitted_on=today() - datetime.timedelta(days=30 + n))
        TechnicalNeedFactory.create(
            status=NeedStatus.SOLVED,
            solved_on=today(),
            solution_summary="Coating redesigned.",
        )
        agreement = AgreementFactory.create(
            kind=AgreementKind.MOU,
            status=AgreementStatus.IN_FORCE,
            signed_on=today() - datetime.timedelta(days=400 * n),
            expires_on=today() + datetime.timedelta(days=10 + n),
        )
        AgreementPartyFactory.create(agreement=agreement)
        PaymentMilestoneFactory.create(agreement=agreement, due_on=today())
        closed_round("1000000.00", on=today() - datetime.timedelta(days=40 * n))


def charts_of(html: str) -> Any:
    match = re.search(r'<script id="dashboard-charts" type="application/json">(.*?)</script>', html)
    assert match, "the page carries its charts' data"
    return json.loads(match.group(1))


def test_anonymous_visitors_are_sent_to_sign_in_from_every_page(client: Client) -> None:
    organization = OrganizationFactory.create()
    urls = [
        reverse("home"),
        reverse("figure", args=[FIGURES[0].key]),
        reverse("organizations:organization_timeline", args=[organization.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_the_dashboard_shows_every_figure_linking_to_its_rows(signed_in: Client) -> None:
    html = signed_in.get(reverse("home")).content.decode()

    for definition in FIGURES:
        assert reverse("figure", args=[definition.key]) in html
        assert str(definition.label) in html


def test_the_dashboard_figures_change_when_a_service_is_recorded(signed_in: Client) -> None:
    ServiceRecordFactory.create(delivered_on=today())
    before = signed_in.get(reverse("home")).context["figures"][0].value

    ServiceRecordFactory.create(delivered_on=today())

    assert signed_in.get(reverse("home")).context["figures"][0].value == before + 1


def test_the_dashboard_is_read_once_until_a_record_changes(signed_in: Client) -> None:
    add_dashboard_rows(1)
    _response, first = count_queries(signed_in, reverse("home"))
    response, again = count_queries(signed_in, reverse("home"))
    assert again < first, "the second visit read the records again"
    before = response.context["figures"][0].value

    # A change moves the cached reading's generation on (core.freshness): read afresh.
    ServiceRecordFactory.create(delivered_on=today())
    response, afresh = count_queries(signed_in, reverse("home"))

    assert afresh == first
    assert response.context["figures"][0].value == before + 1


def test_the_dashboard_carries_each_charts_data_and_a_table_saying_the_same(
    signed_in: Client,
) -> None:
    add_dashboard_rows(2)

    html = signed_in.get(reverse("home")).content.decode()
    charts = charts_of(html)

    assert set(charts) == {"agreements", "needs", "stages", "financing"}
    # Two needs submitted and two solved: four got as far as submitted, two as far as solved.
    assert [i["value"] for i in charts["needs"]["items"]] == [4, 2, 2, 2, 2]
    for chart in charts:
        assert f'data-chart="{chart}" role="img" aria-labelledby="chart-{chart}-title"' in html
        assert f'id="chart-{chart}-text"' in html


def test_the_dashboard_lists_what_needs_attention(signed_in: Client) -> None:
    waiting = TechnicalNeedFactory.create(submitted_on=today() - datetime.timedelta(days=20))
    expiring = AgreementFactory.create(
        status=AgreementStatus.IN_FORCE,
        signed_on=today() - datetime.timedelta(days=300),
        expires_on=today() + datetime.timedelta(days=15),
    )

    html = signed_in.get(reverse("home")).content.decode()

    assert str(waiting) in html
    assert str(expiring) in html


def test_the_dashboard_writes_amounts_in_yi_yuan_in_chinese(signed_in: Client) -> None:
    closed_round("156300000.00", on=today())

    with translation.override("zh-hans"):
        html = signed_in.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "1.563亿元" in html


def test_the_dashboard_makes_the_same_pinned_number_of_queries_however_many_rows(
    signed_in: Client,
) -> None:
    pin = pinned_queries("home")
    add_dashboard_rows(1)
    response, with_one = count_queries(signed_in, reverse("home"))
    assert response.status_code == 200
    add_dashboard_rows(12)
    response, with_more = count_queries(signed_in, reverse("home"))
    assert response.status_code == 200
    assert with_more == with_one, "the dashboard's queries grow with its rows"
    assert with_more <= pin, f"{with_more} queries, {pin} pinned"


def test_a_figure_page_lists_the_rows_that_make_it_and_no_others(signed_in: Client) -> None:
    served = ServiceRecordFactory.create(delivered_on=today()).organization
    unserved = OrganizationFactory.create()

    response = signed_in.get(reverse("figure", args=["organizations_served_local"]))
    html = response.content.decode()

    assert response.context["value"] == 1
    assert served.name_en in html
    assert unserved.name_en not in html


def test_the_financing_figure_lists_each_round_in_yuan_at_its_own_rate(signed_in: Client) -> None:
    closed_round("2000000.00", on=today(), currency="USD", cny_rate=Decimal("7.1"))

    html = signed_in.get(reverse("figure", args=["financing_cumulative_cny"])).content.decode()

    assert "USD 2 million" in html  # as raised
    assert "CNY 14.2 million" in html  # as the figure adds it up


def test_a_figure_page_counts_as_of_the_date_asked_for(signed_in: Client) -> None:
    ServiceRecordFactory.create(delivered_on=datetime.date(2023, 5, 1))
    ServiceRecordFactory.create(delivered_on=datetime.date(2023, 6, 1))
    url = reverse("figure", args=["organizations_served_local"])

    assert signed_in.get(url, {"as_of": "2023-05-08"}).context["value"] == 1
    assert signed_in.get(url).context["value"] == 2
    refused = signed_in.get(url, {"as_of": "not a date"}).context
    assert refused["period"].end == today()
    assert "is not a date" in refused["period_error"]


def test_an_unknown_figure_is_not_found(signed_in: Client) -> None:
    assert signed_in.get(reverse("figure", args=["no_such_figure"])).status_code == 404


@pytest.mark.parametrize("definition", FIGURES, ids=lambda d: d.key)
def test_every_figure_page_makes_the_same_pinned_number_of_queries_however_many_rows(
    definition: FigureDefinition, signed_in: Client
) -> None:
    pin = pinned_queries("figure")
    url = reverse("figure", args=[definition.key])
    add_dashboard_rows(1)
    response, with_one = count_queries(signed_in, url)
    assert response.status_code == 200
    add_dashboard_rows(8)
    response, with_more = count_queries(signed_in, url)
    assert with_more == with_one
    assert with_more <= pin, f"{with_more} queries, {pin} pinned"


def test_the_organization_page_links_to_its_timeline(signed_in: Client) -> None:
    organization = OrganizationFactory.create()
    timeline = reverse("organizations:organization_timeline", args=[organization.pk])

    html = signed_in.get(reverse("organizations:organization_detail", args=[organization.pk]))

    assert f'href="{timeline}"' in html.content.decode()


def test_the_timeline_page_shows_what_touches_the_organization(signed_in: Client) -> None:
    organization = OrganizationFactory.create()
    need = TechnicalNeedFactory.create(organization=organization, title="抗菌涂层需求")
    agreement = AgreementFactory.create(title_en="Joint lab agreement")
    AgreementPartyFactory.create(
        agreement=agreement, organization=organization, role=PartyRole.CLIENT
    )
    TechnicalNeedFactory.create(title="别家的需求")

    html = signed_in.get(
        reverse("organizations:organization_timeline", args=[organization.pk])
    ).content.decode()

    assert need.title in html
    assert "Joint lab agreement" in html
    assert "别家的需求" not in html


def test_the_timeline_offers_older_entries_and_htmx_fetches_only_them(signed_in: Client) -> None:
    organization = OrganizationFactory.create()
    for n in range(PAGE_SIZE + 3):
        TechnicalNeedFactory.create(
            organization=organization,
            submitted_on=datetime.date(2020, 1, 1) + datetime.timedelta(n),
        )
    url = reverse("organizations:organization_timeline", args=[organization.pk])

    first = signed_in.get(url).content.decode()
    older = signed_in.get(f"{url}?page=2", HTTP_HX_REQUEST="true").content.decode()

    assert 'hx-get="?page=2"' in first
    assert "<html" not in older
    assert older.count('class="list-group-item"') == 3


def test_the_timeline_of_an_unknown_organization_is_not_found(signed_in: Client) -> None:
    assert (
        signed_in.get(reverse("organizations:organization_timeline", args=[999999])).status_code
        == 404
    )


def test_the_timeline_makes_the_same_pinned_number_of_queries_however_long(
    signed_in: Client,
) -> None:
    pin = pinned_queries("organizations:organization_timeline")
    organization = OrganizationFactory.create()
    url = reverse("organizations:organization_timeline", args=[organization.pk])
    ServiceRecordFactory.create(organization=organization)
    response, with_one = count_queries(signed_in, url)
    assert response.status_code == 200
    for _ in range(10):
        ServiceRecordFactory.create(organization=organization)
        AgreementPartyFactory.create(organization=organization)
    response, with_more = count_queries(signed_in, url)
    assert with_more == with_one
    assert with_more <= pin, f"{with_more} queries, {pin} pinned"


def test_every_page_renders_in_chinese(signed_in: Client, settings: Settings) -> None:
    add_dashboard_rows(2)
    organization = OrganizationFactory.create(name_zh="温州眼视光企业")
    ServiceRecordFactory.create(organization=organization)
    signed_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    urls = [
        reverse("home"),
        *(reverse("figure", args=[d.key]) for d in FIGURES),
        reverse("organizations:organization_timeline", args=[organization.pk]),
        reverse("search") + "?q=眼视光",
        reverse("search") + "?q=眼视光&in=organizations",
    ]
    for url in urls:
        response = signed_in.get(url)
        assert response.status_code == 200, url
        assert '<html lang="zh-hans">' in response.content.decode(), url
