import datetime
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from liaison.centers.choices import AppointmentRole, CenterKind, CenterStatus
from liaison.centers.models import Appointment, Center
from liaison.centers.selectors import Chain, center_chains
from liaison.financing.services import round_close
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
from tests.web.pages import ObjectPageChecks, count_queries, pinned_queries


class TestCenterPages(ObjectPageChecks):
    model = Center
    factory = CenterFactory
    url_base = "centers:center"
    stale_field = "name_en"
    stale_value = "Renamed Meanwhile Center"

    def shown_as(self, obj: Any) -> str:
        # The English name holds "&", which the page escapes.
        return str(obj.name_zh)

    def valid_form_data(self) -> dict[str, Any]:
        return {
            "name_zh": "生物医用材料中心",
            "name_en": "Biomedical Materials Center",
            "kind": CenterKind.RESEARCH_CENTER,
            "status": CenterStatus.ACTIVE,
            "established_on": "2023-05-06",
            "focus_areas": "医用高分子\n丝素蛋白",
        }

    def invalid_form_data(self) -> tuple[dict[str, Any], str]:
        return {**self.valid_form_data(), "kind": "spaceport"}, "kind"

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(kind=CenterKind.LABORATORY, name_en="Kept Laboratory")
        dropped = self.make(kind=CenterKind.INCUBATION, name_en="Dropped Incubator")
        return {"kind": CenterKind.LABORATORY}, kept, dropped


class TestAppointmentPages(ObjectPageChecks):
    model = Appointment
    factory = AppointmentFactory
    url_base = "centers:appointment"
    editable = False

    def filtered_pair(self) -> tuple[dict[str, str], Any, Any]:
        kept = self.make(role=AppointmentRole.CHIEF_SCIENTIST)
        dropped = self.make(role=AppointmentRole.DIRECTOR)
        return {"role": AppointmentRole.CHIEF_SCIENTIST}, kept, dropped

    def shown_as(self, obj: Any) -> str:
        return str(obj.person)


@pytest.fixture
def signed_in(client, staff_user):  # type: ignore[no-untyped-def]
    client.force_login(staff_user)
    return client


def running_term() -> dict[str, Any]:
    return {"starts_on": datetime.date(2023, 5, 6), "ends_on": datetime.date(2099, 5, 5)}


@pytest.fixture
def institute_center(db, staff_user):  # type: ignore[no-untyped-def]
    """A center with every chain: people, an achievement, a partner, a need, a service, a round."""
    center = CenterFactory(name_en="Biomedical Materials Center")
    committee = CommitteeFactory(center=center)
    chief = PersonFactory(name_en="Zhang Hongjie")
    member = PersonFactory(name_en="Yang Bo")
    AppointmentFactory(
        center=center, person=chief, role=AppointmentRole.CHIEF_SCIENTIST, **running_term()
    )
    AppointmentFactory(
        center=center,
        committee=committee,
        person=member,
        role=AppointmentRole.COMMITTEE_MEMBER,
        **running_term(),
    )
    retired = PersonFactory(name_en="Retired Member")
    AppointmentFactory(
        center=center,
        committee=committee,
        person=retired,
        role=AppointmentRole.COMMITTEE_MEMBER,
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2020, 1, 1),
    )
    # Invented by a committee member, though recorded under no center.
    stent = AchievementFactory(title_en="Magnesium stent", center=None)
    stent.inventors.add(member)
    venture = OrganizationFactory(name_en="Stent Venture Co.")
    stent.owners.add(venture)
    partner = CenterPartnerFactory(
        center=center, organization=OrganizationFactory(name_en="Yiding Dressing Co.")
    ).organization
    need = TechnicalNeedFactory(title="Antibacterial coating", assigned_center=center)
    service = ServiceRecordFactory(title="Tensile testing", center=center, need=None)
    financing = FinancingRoundFactory(achievement=stent, venture=None, amount=Decimal("5000000"))
    investor = RoundInvestorFactory(round=financing, is_lead=True).organization
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
    institute_center, staff_user
) -> None:  # type: ignore[no-untyped-def]
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
    institute_center, staff_user
) -> None:  # type: ignore[no-untyped-def]
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
    institute_center, django_user_model
) -> None:  # type: ignore[no-untyped-def]
    outsider = django_user_model.objects.create_user(username="outsider")
    graph = center_chains(center=institute_center["center"], user=outsider)
    assert list(graph.nodes) == [key(institute_center["center"])]
    assert graph.links == []


def test_center_chains_leave_out_past_the_limit_and_say_how_many(staff_user, db) -> None:  # type: ignore[no-untyped-def]
    center = CenterFactory()
    for _ in range(14):
        ServiceRecordFactory(center=center)
    graph = center_chains(center=center, user=staff_user)
    assert len([n for n in graph.nodes if n.startswith("servicerecord:")]) == 8
    [left_out] = graph.not_shown
    assert (left_out.chain, left_out.count) == (Chain.INDUSTRY, 6)


def test_chains_page_draws_the_diagram_from_json_and_lists_it_as_a_table(
    signed_in, institute_center
) -> None:  # type: ignore[no-untyped-def]
    r = institute_center
    response = signed_in.get(reverse("centers:center_chains", args=(r["center"].pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "vendor/echarts/echarts.min.js" in html
    data = json.loads(
        re.search(r'<script id="chains-data" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    assert key(r["round"]) in {node["id"] for node in data["nodes"]}
    table = html[html.index('id="chains-table"') :]
    for name in ("Zhang Hongjie", "Magnesium stent", "Yiding Dressing Co.", "Tensile testing"):
        assert name in table


def test_chains_page_makes_the_same_queries_however_many_records(
    signed_in, institute_center
) -> None:  # type: ignore[no-untyped-def]
    center = institute_center["center"]
    url = reverse("centers:center_chains", args=(center.pk,))
    _response, before = count_queries(signed_in, url)
    for _ in range(5):
        person = PersonFactory()
        AppointmentFactory(
            center=center, person=person, role=AppointmentRole.DEPUTY_DIRECTOR, **running_term()
        )
        achievement = AchievementFactory(center=center)
        achievement.inventors.add(person)
        ServiceRecordFactory(center=center, provided_by=person)
        RoundInvestorFactory(round=FinancingRoundFactory(achievement=achievement))
    _response, after = count_queries(signed_in, url)
    assert after == before
    assert after <= pinned_queries("centers:center_chains")


def test_center_page_shows_committee_terms_leaders_figures_and_achievements_by_stage(
    signed_in, institute_center
) -> None:  # type: ignore[no-untyped-def]
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


def test_center_page_offers_its_steps_and_appoints_through_the_service(
    signed_in, staff_user, db
) -> None:  # type: ignore[no-untyped-def]
    center = CenterFactory()
    committee = CommitteeFactory(center=center)
    person = PersonFactory(name_en="New Member")
    step = reverse("centers:center_action", args=(center.pk, "appoint"))
    assert (
        step in signed_in.get(reverse("centers:center_detail", args=(center.pk,))).content.decode()
    )

    response = signed_in.post(
        step,
        {
            "person": person.pk,
            "role": AppointmentRole.COMMITTEE_MEMBER,
            "starts_on": "2024-01-01",
            "loaded_version": center.version,
        },
    )
    assert response.status_code == 400
    assert "committee" in response.context["form"].errors
    assert not Appointment.objects.filter(person=person).exists()

    response = signed_in.post(
        step,
        {
            "person": person.pk,
            "role": AppointmentRole.COMMITTEE_MEMBER,
            "committee": committee.pk,
            "starts_on": "2024-01-01",
            "loaded_version": center.version,
        },
    )
    assert response["Location"] == reverse("centers:center_detail", args=(center.pk,))
    appointment = Appointment.objects.get(person=person)
    assert appointment.committee == committee
    assert appointment.history.get().history_user == staff_user


def test_an_appointment_term_is_ended_from_its_page_and_no_longer_offered(signed_in, db) -> None:  # type: ignore[no-untyped-def]
    appointment = AppointmentFactory(role=AppointmentRole.DIRECTOR)
    detail = reverse("centers:appointment_detail", args=(appointment.pk,))
    step = reverse("centers:appointment_action", args=(appointment.pk, "end-term"))
    assert step in signed_in.get(detail).content.decode()

    response = signed_in.post(
        step, {"ends_on": "2020-01-01", "loaded_version": appointment.version}
    )
    assert response.status_code == 400
    assert "ends_on" in response.context["form"].errors

    signed_in.post(step, {"ends_on": "2024-05-06", "loaded_version": appointment.version})
    appointment.refresh_from_db()
    assert appointment.ends_on == datetime.date(2024, 5, 6)
    assert step not in signed_in.get(detail).content.decode()


def test_current_filter_keeps_the_terms_running_today(signed_in, db) -> None:  # type: ignore[no-untyped-def]
    AppointmentFactory(person=PersonFactory(name_en="Serving Now"), **running_term())
    AppointmentFactory(
        person=PersonFactory(name_en="Served Before"),
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2020, 1, 1),
    )
    page = signed_in.get(reverse("centers:appointment_list"), {"current": "true"}).content.decode()
    assert "Serving Now" in page
    assert "Served Before" not in page


def test_focus_filter_matches_a_whole_focus_area(signed_in, db) -> None:  # type: ignore[no-untyped-def]
    CenterFactory(name_en="Silk Center", focus_areas=["丝素蛋白", "医用高分子"])
    CenterFactory(name_en="Near Center", focus_areas=["丝素蛋白材料"])
    page = signed_in.get(reverse("centers:center_list"), {"focus": "丝素蛋白"}).content.decode()
    assert "Silk Center" in page
    assert "Near Center" not in page


def test_a_user_without_rights_sees_no_center_nor_its_chains(client, django_user_model, db) -> None:  # type: ignore[no-untyped-def]
    center = CenterFactory(name_en="Hidden Center")
    client.force_login(django_user_model.objects.create_user(username="outsider"))
    assert "Hidden Center" not in client.get(reverse("centers:center_list")).content.decode()
    assert client.get(reverse("centers:center_detail", args=(center.pk,))).status_code == 404
    assert client.get(reverse("centers:center_chains", args=(center.pk,))).status_code == 404


def test_the_running_term_filter_reads_in_the_page_language(signed_in, db) -> None:  # type: ignore[no-untyped-def]
    url = reverse("centers:appointment_list")
    html = signed_in.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    select = re.search(r'<select name="current".*?</select>', html, re.S)
    assert select
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0)) == ["不限", "是", "否"]


def test_chains_table_joins_its_links_with_the_language_punctuation(
    signed_in, institute_center, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from django.utils.translation import trans_real

    # The two separators as the Chinese catalogue writes them, whether or not it has them yet.
    catalogue = trans_real.translation("zh-hans")._catalog._catalogs[0]
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
