"""A center's page and its chains (liaison.reports): every chain through the center, its figures."""

import datetime
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.centers.choices import AppointmentRole
from liaison.financing.services import round_close
from liaison.reports.chain_graph import Chain
from liaison.reports.chains import center_chains
from tests.achievements.factories import AchievementFactory
from tests.centers.factories import (
    AppointmentFactory,
    CenterFactory,
    CenterPartnerFactory,
    CommitteeFactory,
)
from tests.financing.factories import FinancingRoundFactory, RoundInvestorFactory
from tests.needs.factories import ServiceRecordFactory, TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory
from tests.web.pages import count_queries, pinned_queries


def running_term() -> dict[str, Any]:
    return {"starts_on": datetime.date(2023, 5, 6), "ends_on": datetime.date(2099, 5, 5)}


@pytest.fixture
def institute_center(db: None, staff_user: User) -> dict[str, Any]:
    """A center with every chain: people, an achievement, a partner, a need, a service, a round."""
    center = CenterFactory.create(name_en="Biomedical Materials Center")
    committee = CommitteeFactory.create(center=center)
    chief = PersonFactory.create(name_en="Zhang Hongjie")
    member = PersonFactory.create(name_en="Yang Bo")
    AppointmentFactory.create(
        center=center, person=chief, role=AppointmentRole.CHIEF_SCIENTIST, **running_term()
    )
    AppointmentFactory.create(
        center=center,
        committee=committee,
        person=member,
        role=AppointmentRole.COMMITTEE_MEMBER,
        **running_term(),
    )
    retired = PersonFactory.create(name_en="Retired Member")
    AppointmentFactory.create(
        center=center,
        committee=committee,
        person=retired,
        role=AppointmentRole.COMMITTEE_MEMBER,
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2020, 1, 1),
    )
    # Invented by a committee member, though recorded under no center.
    stent = AchievementFactory.create(title_en="Magnesium stent", center=None)
    stent.inventors.add(member)
    venture = OrganizationFactory.create(name_en="Stent Venture Co.")
    stent.owners.add(venture)
    partner = CenterPartnerFactory.create(
        center=center, organization=OrganizationFactory.create(name_en="Yiding Dressing Co.")
    ).organization
    need = TechnicalNeedFactory.create(title="Antibacterial coating", assigned_center=center)
    service = ServiceRecordFactory.create(title="Tensile testing", center=center, need=None)
    financing = FinancingRoundFactory.create(
        achievement=stent, venture=None, amount=Decimal("5000000")
    )
    investor = RoundInvestorFactory.create(round=financing, is_lead=True).organization
    round_close(round=financing, closed_on=datetime.date(2023, 6, 1), by=staff_user)
    return {
        "center": center,
        "committee": committee,
        "chief": chief,
        "member": member,
        "retired": retired,
        "stent": stent,
        "venture": venture,
        "partner": partner,
        "need": need,
        "service": service,
        "round": financing,
        "investor": investor,
    }


def key(record: Any) -> str:
    return f"{record._meta.model_name}:{record.pk}"


def test_center_chains_join_the_four_chains_through_the_center_and_its_people(
    institute_center: dict[str, Any], staff_user: User
) -> None:
    r = institute_center
    graph = center_chains(center=r["center"], user=staff_user)

    chains = {node.key: node.chain for node in graph.nodes.values()}
    assert chains[key(r["center"])] == Chain.HUB
    assert chains[key(r["committee"])] == Chain.TALENT
    assert chains[key(r["chief"])] == Chain.TALENT
    assert chains[key(r["member"])] == Chain.TALENT
    assert key(r["retired"]) not in chains, "a term that ended is not today's talent"
    assert chains[key(r["stent"])] == Chain.INNOVATION
    assert chains["stage:research"] == Chain.INNOVATION
    assert chains[key(r["partner"])] == Chain.INDUSTRY
    assert chains[key(r["venture"])] == Chain.INDUSTRY
    assert chains[key(r["need"])] == Chain.INDUSTRY
    assert chains[key(r["need"].organization)] == Chain.INDUSTRY
    assert chains[key(r["service"])] == Chain.INDUSTRY
    assert chains[key(r["round"])] == Chain.CAPITAL
    assert chains[key(r["investor"])] == Chain.CAPITAL

    links = {(link.source, link.target): link.label for link in graph.links}
    assert links[(key(r["center"]), key(r["chief"]))] == "Chief scientist"
    assert links[(key(r["center"]), key(r["committee"]))] == "Academic committee"
    assert links[(key(r["committee"]), key(r["member"]))] == "Committee member"
    assert links[(key(r["member"]), key(r["stent"]))] == "inventor"
    assert links[(key(r["stent"]), "stage:research")] == "at stage"
    assert links[(key(r["venture"]), key(r["stent"]))] == "owner"
    assert links[(key(r["center"]), key(r["partner"]))] == "partner"
    assert links[(key(r["need"]), key(r["center"]))] == "assigned to"
    assert links[(key(r["center"]), key(r["service"]))] == "delivered"
    assert links[(key(r["stent"]), key(r["round"]))] == "raised"
    assert links[(key(r["investor"]), key(r["round"]))] == "lead investor"
    # No link dangles: both of its ends are nodes of the graph.
    assert all(s in graph.nodes and t in graph.nodes for s, t in links)


def test_center_chains_as_echarts_name_every_node_once_with_its_chain_and_page(
    institute_center: dict[str, Any], staff_user: User
) -> None:
    r = institute_center
    chart = center_chains(center=r["center"], user=staff_user).as_echarts()
    ids = [node["id"] for node in chart["nodes"]]
    assert len(ids) == len(set(ids))
    assert [c["name"] for c in chart["categories"]] == [
        "This record",
        "Talent chain",
        "Innovation chain",
        "Industry chain",
        "Capital chain",
    ]
    stent = next(node for node in chart["nodes"] if node["id"] == key(r["stent"]))
    assert stent["category"] == 2
    assert stent["url"] == reverse("achievements:achievement_detail", args=(r["stent"].pk,))
    stage = next(node for node in chart["nodes"] if node["id"] == "stage:research")
    assert stage["url"] is None
    assert {"source": key(r["member"]), "target": key(r["stent"]), "label": "inventor"} in chart[
        "links"
    ]


def test_center_chains_show_a_user_without_rights_only_the_center(
    institute_center: dict[str, Any], django_user_model: type[User]
) -> None:
    outsider = django_user_model.objects.create_user(username="outsider")
    graph = center_chains(center=institute_center["center"], user=outsider)
    assert list(graph.nodes) == [key(institute_center["center"])]
    assert graph.links == []


def test_center_chains_leave_out_past_the_limit_and_say_how_many(
    staff_user: User, db: None
) -> None:
    center = CenterFactory.create()
    for _ in range(14):
        ServiceRecordFactory.create(center=center)
    graph = center_chains(center=center, user=staff_user)
    assert len([n for n in graph.nodes if n.startswith("servicerecord:")]) == 8
    [left_out] = graph.not_shown
    assert (left_out.chain, left_out.count) == (Chain.INDUSTRY, 6)


def test_chains_page_draws_the_diagram_from_json_and_lists_it_as_a_table(
    signed_in: Client, institute_center: dict[str, Any]
) -> None:
    r = institute_center
    response = signed_in.get(reverse("centers:center_chains", args=(r["center"].pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "vendor/echarts/echarts.min.js" in html
    script = re.search(
        r'<script id="chains-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert script
    data = json.loads(script[1])
    assert key(r["round"]) in {node["id"] for node in data["nodes"]}
    table = html[html.index('id="chains-table"') :]
    for name in ("Zhang Hongjie", "Magnesium stent", "Yiding Dressing Co.", "Tensile testing"):
        assert name in table


def test_chains_page_makes_the_same_queries_however_many_records(
    signed_in: Client, institute_center: dict[str, Any]
) -> None:
    center = institute_center["center"]
    url = reverse("centers:center_chains", args=(center.pk,))
    _response, before = count_queries(signed_in, url)
    for _ in range(5):
        person = PersonFactory.create()
        AppointmentFactory.create(
            center=center, person=person, role=AppointmentRole.DEPUTY_DIRECTOR, **running_term()
        )
        achievement = AchievementFactory.create(center=center)
        achievement.inventors.add(person)
        ServiceRecordFactory.create(center=center, provided_by=person)
        RoundInvestorFactory.create(round=FinancingRoundFactory.create(achievement=achievement))
    _response, after = count_queries(signed_in, url)
    assert after == before
    assert after <= pinned_queries("centers:center_chains")


def test_center_page_shows_committee_terms_leaders_figures_and_achievements_by_stage(
    signed_in: Client, institute_center: dict[str, Any]
) -> None:
    r = institute_center
    response = signed_in.get(reverse("centers:center_detail", args=(r["center"].pk,)))
    html = response.content.decode()
    committee = html[html.index(f'id="committee-{r["committee"].pk}"') :]
    assert "Yang Bo" in committee
    assert "May 6, 2023 – May 5, 2099" in committee
    assert "Retired Member" in committee
    assert "ended" in committee
    leaders = html[html.index('id="leaders-title"') :]
    assert "Zhang Hongjie" in leaders
    assert response.context["figures"]["people"] == 2
    assert response.context["figures"]["achievements"] == 1
    assert response.context["figures"]["needs"] == 1
    assert response.context["figures"]["raised"] == Decimal("5000000")
    assert response.context["stages"][0]["count"] == 1
    assert "Magnesium stent" in html
    assert "Antibacterial coating" in html
    assert reverse("centers:center_chains", args=(r["center"].pk,)) in html


def test_chains_table_joins_its_links_with_the_language_punctuation(
    signed_in: Client, institute_center: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.utils.translation import trans_real

    # The two separators as the Chinese catalogue writes them, whether or not it has them yet.
    catalogue = trans_real.translation("zh-hans")._catalog._catalogs[0]  # type: ignore[attr-defined]
    monkeypatch.setitem(catalogue, "%(relation)s: %(record)s", "%(relation)s：%(record)s")
    monkeypatch.setitem(catalogue, "separator between items of a list\x04; ", "；")
    url = reverse("centers:center_chains", args=(institute_center["center"].pk,))
    html = signed_in.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    cells = re.findall(r'<td class="small">(.*?)</td>', html[html.index('id="chains-table"') :])
    center_links = max(cells, key=len)
    assert "；" in center_links
    assert "; " not in center_links
    assert center_links.count("：") == center_links.count("；") + 1
    assert ": " not in center_links
