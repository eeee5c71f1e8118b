"""The admin: "Find experts" on a triaged need, candidates with why and how to decide; the
enterprises likely to want an achievement on its page."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Model
from django.test import Client

from liaison.accounts.models import User
from liaison.matching.indexing import rebuild
from liaison.needs.choices import CandidateKind, Decision
from liaison.needs.models import TechnicalNeed
from liaison.needs.services import need_triage
from tests.achievements.factories import AchievementFactory
from tests.core.admin_pages import admin_url
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def offered(client: Client, record: Model) -> list[str]:
    response = client.get(admin_url(record, "change", record.pk))
    return [str(step["label"]) for step in response.context["liaison_transitions"]]


def triaged_need() -> TechnicalNeed:
    need = TechnicalNeedFactory.create(
        title="乳制品保鲜期短", description="乳制品保鲜期短，需要益生菌发酵工艺改进。"
    )
    return need_triage(need=need, triaged_on=datetime.date(2023, 3, 2), by=None)


def test_find_experts_is_offered_once_a_need_is_triaged(admin_client: Client) -> None:
    submitted = TechnicalNeedFactory.create()
    need = triaged_need()

    assert "Find experts" not in offered(admin_client, submitted)
    assert "Find experts" in offered(admin_client, need)


def test_find_experts_button_proposes_candidates_shown_with_why_and_decide(
    admin_client: Client, admin_user: User
) -> None:
    expert = PersonFactory.create(
        expertise=["益生菌", "乳制品"], profile="乳制品益生菌发酵工艺研究。"
    )
    rebuild()
    need = triaged_need()

    response = admin_client.post(
        admin_url(need, "transition", need.pk, "find-candidates"),
        {"top": 5, "only_available": "on"},
    )

    assert response.status_code == 302
    candidate = need.candidates.get()
    assert (candidate.kind, candidate.person, candidate.decision) == (
        CandidateKind.EXPERT,
        expert,
        Decision.PENDING,
    )
    assert candidate.history.first().history_user == admin_user
    page = admin_client.get(admin_url(need, "change", need.pk)).content.decode()
    assert "益生菌" in page
    assert admin_url(candidate, "transition", candidate.pk, "accept") in page


def test_find_experts_with_no_match_says_so_on_the_form(admin_client: Client) -> None:
    PersonFactory.create(expertise=["形状记忆合金"], profile="形状记忆合金。")
    rebuild()
    need = triaged_need()

    response = admin_client.post(
        admin_url(need, "transition", need.pk, "find-candidates"), {"top": 5}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not need.candidates.exists()


def test_achievement_page_lists_the_likely_enterprises(admin_client: Client) -> None:
    wants = OrganizationFactory.create(industry="心血管器械制造", description="生产血管支架。")
    TechnicalNeedFactory.create(
        organization=wants, title="镁合金血管支架降解过快", description="镁合金血管支架降解太快。"
    )
    OrganizationFactory.create(industry="茶饮料制造", description="茶饮料。")
    achievement = AchievementFactory.create(
        title_zh="可降解镁合金血管支架", description="镁合金血管支架，降解速度可控。"
    )
    rebuild()

    page = admin_client.get(admin_url(achievement, "change", achievement.pk)).content.decode()

    assert admin_url(wants, "change", wants.pk) in page
    assert "茶饮料" not in page
