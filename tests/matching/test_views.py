"""The matching pages: Find experts on a need, accept/reject, an achievement's likely enterprises."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from liaison.accounts.models import User
from liaison.achievements.models import Achievement
from liaison.centers.models import Center
from liaison.core.tables import object_url
from liaison.matching import evaluation, selectors, storage
from liaison.matching.indexing import rebuild
from liaison.matching.pages import NamedTerm
from liaison.matching.templatetags.matching import highlight, matched_terms
from liaison.needs.choices import CandidateKind, Decision, NeedStatus
from liaison.needs.models import MatchCandidate, TechnicalNeed
from liaison.needs.services import need_solve, need_triage
from liaison.people.models import Person
from tests.achievements.factories import AchievementFactory
from tests.centers.factories import CenterFactory
from tests.needs.factories import MatchCandidateFactory, ServiceRecordFactory, TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import AffiliationFactory, PersonFactory
from tests.web.pages import pinned_queries

pytestmark = pytest.mark.django_db

NEED_TEXT = "医用敷料抗菌涂层在灭菌后脱落，需要改进抗菌涂层的附着力。"
HTMX = {"HX-Request": "true"}


def triaged_need(**fields: Any) -> TechnicalNeed:
    need = TechnicalNeedFactory.create(
        title="医用敷料抗菌涂层脱落", description=NEED_TEXT, **fields
    )
    return need_triage(need=need, triaged_on=datetime.date(2023, 3, 2), by=None)


def need_url(need: TechnicalNeed) -> str:
    return reverse("needs:technicalneed_detail", args=(need.pk,))


def find_url(need: TechnicalNeed) -> str:
    return reverse("matching:need_find", args=(need.pk,))


def decide_url(candidate: MatchCandidate) -> str:
    return reverse("matching:candidate_decide", args=(candidate.pk,))


@pytest.fixture
def coating_records() -> tuple[Person, Person, Center, Achievement]:
    """An expert, a center and an achievement on antibacterial coatings, one unrelated expert."""
    coating = PersonFactory.create(
        name_en="Dr. Coating",
        expertise=["抗菌涂层", "医用敷料"],
        profile="长期从事医用敷料抗菌涂层与附着力研究。",
    )
    dairy = PersonFactory.create(
        name_en="Dr. Dairy", expertise=["乳制品", "益生菌"], profile="从事乳制品发酵与益生菌研究。"
    )
    center = CenterFactory.create(
        name_en="Dressing Center", focus_areas=["医用敷料"], description="医用敷料联合研发。"
    )
    achievement = AchievementFactory.create(
        title_zh="抗菌涂层医用敷料", title_en="Coated dressing", description="附着力强的抗菌涂层。"
    )
    return coating, dairy, center, achievement


def test_find_experts_stores_ranked_candidates_shown_by_kind_with_terms_in_both_texts(
    signed_in: Client, coating_records: tuple[Person, Person, Center, Achievement]
) -> None:
    coating, dairy, center, achievement = coating_records
    rebuild()
    need = triaged_need()

    response = signed_in.post(find_url(need), {"only_available": "1"}, headers=HTMX)

    assert response.status_code == 204  # the page is shown again (HX-Refresh)
    need.refresh_from_db()
    assert need.status == NeedStatus.MATCHED
    stored = list(need.candidates.order_by("rank"))
    assert next(c.person for c in stored if c.kind == CandidateKind.EXPERT) == coating
    assert dairy not in [c.person for c in stored]
    assert {c.center for c in stored} >= {center}
    assert {c.achievement for c in stored} >= {achievement}
    html = signed_in.get(need_url(need)).content.decode()
    for heading in ("Experts", "Centers", "Achievements"):
        assert f">{heading} <" in html
    # Each kind is ranked on its own: its best is first of its kind.
    assert html.count('title="Rank">#1<') == 3
    for record in (coating, center, achievement):
        assert f'href="{object_url(record)}"' in html
    index = storage.open_index()
    assert index is not None
    analyzer = index.analyzer
    need_terms = set(analyzer.terms(selectors.need_query_text(need)))
    for candidate in stored:
        for term in candidate.explanation["terms"]:
            assert f"<mark>{term['term']}</mark>" in html
            assert 0.05 <= term["share"] <= 1
        for support in candidate.explanation["supports"]:
            document = index.get(support["id"])
            assert document is not None
            document_terms = set(
                analyzer.terms(f"{document.title}\n{document.text}\n{' '.join(document.keywords)}")
            )
            assert set(support["terms"]) <= need_terms & document_terms
            assert str(highlight(support["title"], support["terms"])) in html
            assert f"contribution {support['contribution']:.2f}" in html
    # The achievement's own title holds the terms it shares with the need, marked.
    achievement_support = next(c for c in stored if c.achievement == achievement).explanation[
        "supports"
    ][0]
    assert "<mark>" in str(highlight(achievement_support["title"], achievement_support["terms"]))


def test_find_experts_answers_htmx_with_the_candidates_block_and_accept_reject_buttons(
    signed_in: Client, coating_records: tuple[Person, Person, Center, Achievement]
) -> None:
    rebuild()
    need = triaged_need()
    signed_in.post(find_url(need), {"only_available": "1"}, headers=HTMX)  # triaged to matched

    html = signed_in.post(find_url(need), {"only_available": "1"}, headers=HTMX).content.decode()

    assert html.lstrip().startswith('<section class="card mb-3" id="candidates"')
    assert "Dr. Coating" in html
    assert html.count('value="accepted"') == need.candidates.count()
    assert "csrfmiddlewaretoken" in html


def test_find_experts_without_scripts_redirects_back_to_the_need_with_a_message(
    signed_in: Client, coating_records: tuple[Person, Person, Center, Achievement]
) -> None:
    rebuild()
    need = triaged_need()

    response = signed_in.post(find_url(need), {"only_available": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"{need_url(need)}#candidates"
    page = signed_in.get(response["Location"]).content.decode()
    assert f"Found {need.candidates.count()} candidates" in page
    assert "Dr. Coating" in page


def test_local_only_keeps_the_experts_of_local_organizations(signed_in: Client) -> None:
    local = PersonFactory.create(
        name_en="Dr. Local", expertise=["抗菌涂层"], profile="抗菌涂层研究。"
    )
    AffiliationFactory.create(person=local, organization=OrganizationFactory.create(city="温州市"))
    far = PersonFactory.create(name_en="Dr. Far", expertise=["抗菌涂层"], profile="抗菌涂层研究。")
    AffiliationFactory.create(person=far, organization=OrganizationFactory.create(city="北京市"))
    rebuild()
    need = triaged_need()

    signed_in.post(find_url(need), {"only_local": "1", "only_available": "1"}, headers=HTMX)
    experts = {c.person for c in need.candidates.filter(kind=CandidateKind.EXPERT)}
    assert local in experts
    assert far not in experts


def test_available_only_unticked_also_proposes_busy_experts(signed_in: Client) -> None:
    busy = PersonFactory.create(name_en="Dr. Busy", expertise=["抗菌涂层"], available=False)
    rebuild()
    need = triaged_need()

    signed_in.post(find_url(need), {"only_available": "1"}, headers=HTMX)
    assert not need.candidates.filter(person=busy).exists()
    signed_in.post(find_url(need), {}, headers=HTMX)
    assert need.candidates.filter(person=busy).exists()


def test_find_experts_is_not_offered_before_triage_and_the_service_refusal_is_shown(
    signed_in: Client, coating_records: tuple[Person, Person, Center, Achievement]
) -> None:
    rebuild()
    need = TechnicalNeedFactory.create(title="医用敷料抗菌涂层脱落", description=NEED_TEXT)

    assert find_url(need) not in signed_in.get(need_url(need)).content.decode()
    html = signed_in.post(find_url(need), {"only_available": "1"}, headers=HTMX).content.decode()
    assert 'role="alert"' in html
    assert not need.candidates.exists()


def test_accept_records_the_decision_shown_in_place_and_kept_as_a_judgment(
    signed_in: Client, staff_user: User
) -> None:
    need = triaged_need()
    candidate = MatchCandidateFactory.create(
        need=need, person=PersonFactory.create(name_en="Dr. Coating")
    )

    response = signed_in.post(decide_url(candidate), {"decision": "accepted"}, headers=HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith(f'<li class="list-group-item" id="candidate-{candidate.pk}"')
    assert "Accepted" in html
    assert 'value="accepted" class="btn btn-sm btn-success"' in html
    candidate.refresh_from_db()
    assert candidate.decision == Decision.ACCEPTED
    assert candidate.decided_by == staff_user
    assert evaluation.judgments()["expert"][need.pk] == {f"person:{candidate.person_id}": 1}


def test_reject_without_scripts_redirects_and_the_need_page_shows_it(signed_in: Client) -> None:
    need = triaged_need()
    candidate = MatchCandidateFactory.create(need=need)

    response = signed_in.post(decide_url(candidate), {"decision": "rejected"})

    assert response.status_code == 302
    assert response["Location"] == f"{need_url(need)}#candidate-{candidate.pk}"
    candidate.refresh_from_db()
    assert candidate.decision == Decision.REJECTED
    page = signed_in.get(need_url(need)).content.decode()
    assert 'value="rejected" class="btn btn-sm btn-danger"' in page


def test_a_closed_need_offers_no_decision_and_refuses_one(signed_in: Client) -> None:
    need = triaged_need()
    candidate = MatchCandidateFactory.create(need=need)
    need_solve(
        need=need, solved_on=datetime.date(2023, 4, 1), solution_summary="Recoated.", by=None
    )

    page = signed_in.get(need_url(need)).content.decode()
    assert decide_url(candidate) not in page
    html = signed_in.post(
        decide_url(candidate), {"decision": "accepted"}, headers=HTMX
    ).content.decode()
    assert "can no longer be decided" in html
    candidate.refresh_from_db()
    assert candidate.decision == Decision.PENDING


def test_anonymous_can_neither_find_nor_decide_nor_read(
    client: Client, coating_records: tuple[Person, Person, Center, Achievement]
) -> None:
    rebuild()
    need = triaged_need()
    candidate = MatchCandidateFactory.create(
        need=need, person=PersonFactory.create(name_en="Dr. Hidden")
    )

    for response in (
        client.post(find_url(need), {"only_available": "1"}),
        client.post(decide_url(candidate), {"decision": "accepted"}),
        client.get(reverse("matching:need_candidates", args=(need.pk,)), headers=HTMX),
        client.get(
            reverse("matching:achievement_enterprises", args=(AchievementFactory.create().pk,))
        ),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    candidate.refresh_from_db()
    assert candidate.decision == Decision.PENDING
    assert list(need.candidates.all()) == [candidate]


def test_a_user_not_allowed_to_change_needs_can_neither_find_nor_decide(
    client: Client,
    django_user_model: type[User],
    coating_records: tuple[Person, Person, Center, Achievement],
) -> None:
    rebuild()
    need = triaged_need()
    candidate = MatchCandidateFactory.create(need=need)
    client.force_login(django_user_model.objects.create_user(username="guest", password="x-pass"))

    assert client.post(find_url(need), {"only_available": "1"}).status_code == 404
    assert client.post(decide_url(candidate), {"decision": "accepted"}).status_code == 404
    candidate.refresh_from_db()
    assert candidate.decision == Decision.PENDING
    assert need.candidates.count() == 1


def test_candidates_block_queries_are_pinned_whatever_the_number_of_candidates(
    signed_in: Client,
) -> None:
    need = triaged_need()
    url = reverse("matching:need_candidates", args=(need.pk,))
    MatchCandidateFactory.create(need=need, rank=1, explanation={"supports": [{"id": "need:1"}]})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = signed_in.get(url, headers=HTMX)
        assert response.status_code == 200
        return len(captured)

    one = queries()
    for rank in range(2, 21):
        MatchCandidateFactory.create(
            need=need,
            rank=rank,
            kind=CandidateKind.CENTER,
            person=None,
            center=CenterFactory.create(),
            explanation={"supports": [{"id": f"center:{rank}", "title": "x"}]},
        )
    assert queries() == one <= pinned_queries("matching:need_candidates")


def test_the_candidates_block_without_scripts_is_the_need_page(signed_in: Client) -> None:
    need = triaged_need()
    response = signed_in.get(reverse("matching:need_candidates", args=(need.pk,)))
    assert response.status_code == 302
    assert response["Location"] == f"{need_url(need)}#candidates"


def test_likely_enterprises_load_after_the_achievement_page_explained(signed_in: Client) -> None:
    wants = OrganizationFactory.create(
        name_en="Dressing Maker", industry="医用敷料制造", description="生产医用敷料。"
    )
    need = TechnicalNeedFactory.create(
        organization=wants, title="敷料抗菌涂层", description="敷料需要附着力强的抗菌涂层。"
    )
    ServiceRecordFactory.create(
        organization=OrganizationFactory.create(industry="纺织"), title="抗菌涂层检测"
    )
    achievement = AchievementFactory.create(
        title_zh="抗菌涂层医用敷料", description="一种附着力强的抗菌涂层，用于医用敷料。"
    )
    rebuild()
    url = reverse("matching:achievement_enterprises", args=(achievement.pk,))

    page = signed_in.get(reverse("achievements:achievement_detail", args=(achievement.pk,)))
    html = page.content.decode()
    assert f'hx-get="{url}" hx-trigger="revealed"' in html
    assert "Dressing Maker" not in html

    fragment = signed_in.get(url, headers=HTMX).content.decode()
    assert fragment.lstrip().startswith('<section class="card mb-3" id="likely-enterprises"')
    assert "Dressing Maker" in fragment
    assert reverse("needs:technicalneed_detail", args=(need.pk,)) in fragment
    assert "<mark>" in fragment
    plain = signed_in.get(url).content.decode()
    assert "<html" in plain
    assert "Dressing Maker" in plain


def test_highlight_marks_terms_whatever_their_case_and_escapes_the_rest() -> None:
    assert str(highlight("<b>Coating</b> 抗菌涂层", ["coat", "涂层"])) == (
        "&lt;b&gt;<mark>Coating</mark>&lt;/b&gt; 抗菌<mark>涂层</mark>"
    )
    assert str(highlight("a < b", [])) == "a &lt; b"


def test_highlight_marks_whole_words_never_letters_inside_one() -> None:
    assert str(highlight("Face recognition of coatings, Wenzhou Co.", ["co", "coating"])) == (
        "Face recognition of <mark>coatings</mark>, Wenzhou <mark>Co</mark>."
    )


def test_matched_terms_are_marked_each_with_its_share_of_the_score() -> None:
    html = str(matched_terms([NamedTerm("电池", 0.423), NamedTerm("<coating>", 0.18)]))

    assert html == (
        '<mark>电池</mark> <span class="text-secondary">42%</span>, '
        '<mark>&lt;coating&gt;</mark> <span class="text-secondary">18%</span>'
    )
    # Explanations stored before shares were kept name their terms only.
    assert str(matched_terms([NamedTerm("电池")])) == "<mark>电池</mark>"


def test_the_first_find_experts_shows_the_whole_page_again_for_the_need_moved_on(
    signed_in: Client, coating_records: tuple[Person, Person, Center, Achievement]
) -> None:
    rebuild()
    need = triaged_need()

    response = signed_in.post(find_url(need), {"only_available": "1"}, headers=HTMX)

    need.refresh_from_db()
    assert need.status == NeedStatus.MATCHED
    # The status, the steps and the history outside the candidates block changed too.
    assert response["HX-Refresh"] == "true"
    again = signed_in.post(find_url(need), {"only_available": "1"}, headers=HTMX)
    assert "HX-Refresh" not in again
    assert again.content.decode().lstrip().startswith('<section class="card mb-3" id="candidates"')
