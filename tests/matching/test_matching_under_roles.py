"""Matching results and their explanations under roles.

Nobody reaches a need's matching through its address unless they may see the need; the
experts, centers, achievements and enterprises listed, and the documents that explain them,
are those the reader may see; an expert's contact data read "hidden" to a role without
contacts; the matched terms of a need whose text the reader is not cleared for read "hidden".
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import User
from liaison.core.choices import Confidentiality
from liaison.needs.models import MatchCandidate, TechnicalNeed
from liaison.needs.services import need_triage
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.centers.factories import CenterFactory
from tests.needs.factories import MatchCandidateFactory, TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
EMAIL = "wang.fang@example.org"


def triaged_need(**fields: Any) -> TechnicalNeed:
    need = TechnicalNeedFactory.create(
        title="医用敷料抗菌涂层脱落", description="抗菌涂层在灭菌后脱落。", **fields
    )
    return need_triage(need=need, triaged_on=datetime.date(2023, 3, 2), by=None)


def candidate_with_contacts(need: TechnicalNeed, **fields: Any) -> MatchCandidate:
    expert = PersonFactory.create(name_en="Dr. Wang", email=EMAIL, phone="+86 577 6666 0001")
    return MatchCandidateFactory.create(
        need=need,
        person=expert,
        explanation={"terms": [{"term": "涂层", "share": 0.6}], "supports": []},
        **fields,
    )


def block(client: Client, need: TechnicalNeed) -> Any:
    return client.get(reverse("matching:need_candidates", args=(need.pk,)), headers=HTMX)


def as_user(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_an_enterprise_user_gets_not_found_on_another_organizations_needs_matching(
    client: Client,
) -> None:
    mine, theirs = OrganizationFactory.create(), OrganizationFactory.create()
    need = triaged_need(organization=theirs)
    candidate = candidate_with_contacts(need)
    signed = as_user(client, UserFactory.create(role=RoleKind.ENTERPRISE, organization=mine))

    assert block(signed, need).status_code == 404
    assert signed.post(reverse("matching:need_find", args=(need.pk,))).status_code == 404
    decide = reverse("matching:candidate_decide", args=(candidate.pk,))
    assert signed.post(decide, {"decision": "accepted"}).status_code == 404


def test_an_enterprise_user_may_not_find_experts_for_its_own_need(client: Client) -> None:
    mine = OrganizationFactory.create()
    need = triaged_need(organization=mine)
    candidate_with_contacts(need)
    signed = as_user(client, UserFactory.create(role=RoleKind.ENTERPRISE, organization=mine))

    response = signed.post(reverse("matching:need_find", args=(need.pk,)))
    html = block(signed, need).content.decode()

    assert response.status_code == 403
    assert need.candidates.count() == 1
    # It sees its need's block, but not the candidates the office weighs, nor the button.
    assert "Dr. Wang" not in html
    assert "Find experts" not in html


def test_a_center_manager_sees_the_experts_contact_data_hidden(client: Client) -> None:
    center = CenterFactory.create()
    need = triaged_need()
    candidate_with_contacts(need)
    manager = UserFactory.create(role=RoleKind.CENTER_MANAGER, centers=[center])

    html = block(as_user(client, manager), need).content.decode()

    assert "Dr. Wang" in html
    assert EMAIL not in html
    assert "6666 0001" not in html
    assert "liaison-contact" in html
    assert "liaison-hidden" in html


def test_the_office_staff_see_the_experts_contact_data(signed_in: Client) -> None:
    need = triaged_need()
    candidate_with_contacts(need)

    html = block(signed_in, need).content.decode()

    assert f'href="mailto:{EMAIL}"' in html
    assert "liaison-hidden" not in html


def test_the_matched_terms_of_a_need_whose_text_is_hidden_read_hidden(
    client: Client, staff_user: User
) -> None:
    need = triaged_need(confidentiality=Confidentiality.CONFIDENTIAL)
    candidate_with_contacts(need)
    manager = UserFactory.create(role=RoleKind.CENTER_MANAGER, centers=[CenterFactory.create()])

    hidden = block(as_user(client, manager), need).content.decode()
    client.force_login(staff_user)
    shown = block(client, need).content.decode()

    assert "<mark>涂层</mark>" not in hidden
    assert "Matched terms:" in hidden
    assert "<mark>涂层</mark>" in shown


def test_an_explanation_cites_only_the_documents_its_reader_may_see(client: Client) -> None:
    researcher = UserFactory.create(role=RoleKind.RESEARCHER)
    expert = PersonFactory.create(name_en="Dr. Self", user=researcher)
    need = triaged_need()
    elsewhere = TechnicalNeedFactory.create(title="另一家企业的保密难题")
    MatchCandidateFactory.create(
        need=need,
        person=expert,
        explanation={
            "terms": [{"term": "涂层"}],
            "supports": [
                {"id": f"need:{elsewhere.pk}", "title": elsewhere.title, "terms": ["涂层"]},
                {"id": f"person:{expert.pk}", "title": "Dr. Self's profile", "terms": ["涂层"]},
            ],
        },
    )
    # Another expert's candidacy for the same need is not the researcher's to see.
    candidate_with_contacts(need, rank=2)

    html = block(as_user(client, researcher), need).content.decode()

    assert "Dr. Self" in html
    assert "profile" in html
    assert elsewhere.title not in html
    assert "Dr. Wang" not in html


def test_a_candidate_whose_record_the_reader_may_not_see_is_left_out(client: Client) -> None:
    from liaison.matching import pages

    need = triaged_need()
    candidate = candidate_with_contacts(need)
    enterprise = UserFactory.create(
        role=RoleKind.ENTERPRISE, organization=OrganizationFactory.create()
    )

    assert pages.candidate_rows([candidate], enterprise, need) == []


def test_likely_enterprises_are_not_found_for_an_achievement_the_reader_may_not_see(
    client: Client,
) -> None:
    achievement = AchievementFactory.create()
    signed = as_user(
        client,
        UserFactory.create(role=RoleKind.ENTERPRISE, organization=OrganizationFactory.create()),
    )

    url = reverse("matching:achievement_enterprises", args=(achievement.pk,))

    assert signed.get(url).status_code == 404


def test_likely_enterprises_cite_only_the_documents_their_reader_may_see() -> None:
    from liaison.matching import pages
    from liaison.matching.selectors import EnterpriseMatch

    shown, unseen = OrganizationFactory.create(), OrganizationFactory.create()
    need = TechnicalNeedFactory.create(organization=unseen, title="别家的需求")
    enterprise = UserFactory.create(role=RoleKind.ENTERPRISE, organization=shown)
    found = [
        EnterpriseMatch(
            organization=organization,
            score=1.0,
            rank=rank,
            explanation={
                "supports": [
                    {"id": f"need:{need.pk}", "title": need.title},
                    {"id": f"organization:{shown.pk}", "title": str(shown)},
                ]
            },
        )
        for rank, organization in enumerate((unseen, shown), start=1)
    ]

    (row,) = pages.enterprise_rows(found, enterprise)

    assert row.organization == shown
    assert row.rank == 1
    assert [s.title for s in row.explained.supports] == [str(shown)]
