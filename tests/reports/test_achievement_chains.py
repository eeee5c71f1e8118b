"""An achievement's chains (liaison.reports): who made it, how far it came, uptake, financing."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import User
from liaison.achievements.choices import Stage
from liaison.achievements.services import achievement_record_stage
from liaison.needs.choices import CandidateKind, Decision
from liaison.reports.chain_graph import Chain
from liaison.reports.chains import achievement_chains
from tests.achievements.factories import make_stent
from tests.financing.factories import FinancingRoundFactory, RoundInvestorFactory
from tests.needs.factories import MatchCandidateFactory, TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory
from tests.web.pages import count_queries, pinned_queries


def key(record: Any) -> str:
    return f"{record._meta.model_name}:{record.pk}"


@pytest.fixture
def stent(db: None, staff_user: User) -> dict[str, Any]:
    """The achievements' stent, taken up for one need and financed through its venture."""
    stent = make_stent(staff_user)
    achievement, venture = stent["achievement"], stent["venture"]
    need = TechnicalNeedFactory.create(title="Stent coating need")
    MatchCandidateFactory.create(
        need=need,
        kind=CandidateKind.ACHIEVEMENT,
        person=None,
        achievement=achievement,
        decision=Decision.ACCEPTED,
    )
    rejected = TechnicalNeedFactory.create(title="Unrelated need")
    MatchCandidateFactory.create(
        need=rejected,
        kind=CandidateKind.ACHIEVEMENT,
        person=None,
        achievement=achievement,
        decision=Decision.REJECTED,
    )
    venture_round = FinancingRoundFactory.create(
        venture=venture, achievement=None, amount=Decimal("8000000")
    )
    investor = RoundInvestorFactory.create(round=venture_round).organization
    return {
        **stent,
        "need": need,
        "rejected": rejected,
        "round": venture_round,
        "investor": investor,
    }


def test_achievement_chains_link_inventors_stages_uptake_and_financing(
    stent: dict[str, Any], staff_user: User
) -> None:
    r = stent
    graph = achievement_chains(achievement=r["achievement"], user=staff_user)
    chains = {node.key: node.chain for node in graph.nodes.values()}
    assert chains[key(r["achievement"])] == Chain.HUB
    assert chains[key(r["inventor"])] == Chain.TALENT
    assert chains[key(r["center"])] == Chain.TALENT
    assert chains[key(r["chief"])] == Chain.TALENT
    assert chains[key(r["prototype"])] == Chain.INNOVATION
    assert chains[key(r["venture"])] == Chain.INDUSTRY
    assert chains[key(r["need"])] == Chain.INDUSTRY
    assert key(r["rejected"]) not in chains, "only needs it was accepted for"
    assert chains[key(r["round"])] == Chain.CAPITAL
    assert chains[key(r["investor"])] == Chain.CAPITAL

    links = {(link.source, link.target): link.label for link in graph.links}
    hub = key(r["achievement"])
    assert links[(key(r["inventor"]), hub)] == "inventor"
    assert links[(key(r["center"]), hub)] == "achievement"
    assert links[(key(r["center"]), key(r["chief"]))] == "Chief scientist"
    assert links[(hub, key(r["prototype"]))] == "first stage"
    assert links[(key(r["prototype"]), key(r["pilot"]))] == "next stage"
    assert links[(key(r["venture"]), hub)] == "owner"
    assert links[(hub, key(r["need"]))] == "answers"
    assert links[(key(r["venture"]), key(r["round"]))] == "raised"
    assert links[(key(r["investor"]), key(r["round"]))] == "investor"


def test_achievement_chains_show_a_user_without_rights_only_the_achievement(
    stent: dict[str, Any], django_user_model: type[User]
) -> None:
    outsider = django_user_model.objects.create_user(username="outsider")
    graph = achievement_chains(achievement=stent["achievement"], user=outsider)
    assert list(graph.nodes) == [key(stent["achievement"])]


def test_achievement_chains_page_makes_the_same_queries_however_many_records(
    signed_in: Client, stent: dict[str, Any], staff_user: User
) -> None:
    achievement = stent["achievement"]
    url = reverse("achievements:achievement_chains", args=(achievement.pk,))
    _response, before = count_queries(signed_in, url)
    for _ in range(4):
        achievement.inventors.add(PersonFactory.create())
        achievement.owners.add(OrganizationFactory.create())
        RoundInvestorFactory.create(
            round=FinancingRoundFactory.create(achievement=achievement, venture=None)
        )
    achievement_record_stage(
        achievement=achievement,
        stage=Stage.MARKET,
        reached_on=datetime.date(2023, 3, 1),
        by=staff_user,
    )
    response, after = count_queries(signed_in, url)
    assert response.status_code == 200
    assert after == before
    assert after <= pinned_queries("achievements:achievement_chains")
