"""A need's candidates come from the matcher, explained; the staff's decisions are kept."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from liaison.accounts.models import User
from liaison.matching import adapters, selectors, storage
from liaison.matching.indexing import rebuild
from liaison.matching.services import need_find_candidates
from liaison.needs.choices import CandidateKind, Decision, NeedStatus
from liaison.needs.models import TechnicalNeed
from liaison.needs.services import need_decide_candidate, need_triage
from liaison.organizations.choices import OrganizationKind
from liaison.people.models import Person
from tests.achievements.factories import AchievementFactory
from tests.centers.factories import CenterFactory
from tests.needs.factories import ServiceRecordFactory, TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

NEED_TEXT = "医用敷料抗菌涂层在灭菌后脱落，需要改进抗菌涂层的附着力。"


def triaged_need(**fields: Any) -> TechnicalNeed:
    need = TechnicalNeedFactory.create(
        title="医用敷料抗菌涂层脱落", description=NEED_TEXT, **fields
    )
    return need_triage(need=need, triaged_on=datetime.date(2023, 3, 2), by=None)


@pytest.fixture
def experts() -> tuple[Person, Person, Person]:
    coating = PersonFactory.create(
        expertise=["抗菌涂层", "医用敷料"], profile="长期从事医用敷料抗菌涂层与附着力研究。"
    )
    dairy = PersonFactory.create(
        expertise=["乳制品", "益生菌"], profile="从事乳制品发酵与益生菌研究。"
    )
    busy = PersonFactory.create(expertise=["抗菌涂层"], profile="抗菌涂层。", available=False)
    return coating, dairy, busy


def test_candidates_are_ranked_stored_and_explained_with_terms_in_both_texts(
    staff_user: User, experts: tuple[Person, Person, Person]
) -> None:
    coating, dairy, busy = experts
    center = CenterFactory.create(focus_areas=["医用敷料"], description="医用敷料联合研发。")
    AchievementFactory.create(title_zh="抗菌涂层医用敷料", description="一种附着力强的抗菌涂层。")
    rebuild()
    need = triaged_need()

    candidates = need_find_candidates(need=need, by=staff_user, top=5)

    need.refresh_from_db()
    assert need.status == NeedStatus.MATCHED
    stored = list(need.candidates.order_by("rank"))
    assert stored == candidates
    assert [c.rank for c in stored] == list(range(1, len(stored) + 1))
    experts_found = [c.person for c in stored if c.kind == CandidateKind.EXPERT]
    assert experts_found[0] == coating
    assert dairy not in experts_found
    assert busy not in experts_found
    assert {c.kind for c in stored} == {"expert", "center", "achievement"}
    assert any(c.center == center for c in stored)
    index = storage.open_index()
    assert index is not None
    analyzer = index.analyzer
    need_terms = set(analyzer.terms(selectors.need_query_text(need)))
    for candidate in stored:
        explanation = candidate.explanation
        assert explanation["terms"], candidate
        support = explanation["supports"][0]
        document = index.get(support["id"])
        assert document is not None
        document_terms = set(
            analyzer.terms(f"{document.title}\n{document.text}\n{' '.join(document.keywords)}")
        )
        for term in support["terms"]:
            assert term in need_terms, term
            assert term in document_terms, term


def test_decisions_are_kept_when_candidates_are_found_again(
    staff_user: User, experts: tuple[Person, Person, Person]
) -> None:
    coating, _dairy, _busy = experts
    PersonFactory.create(expertise=["医用敷料"], profile="医用敷料灭菌工艺。")
    rebuild()
    need = triaged_need()
    first = need_find_candidates(need=need, by=staff_user, kinds=["expert"])
    accepted = next(c for c in first if c.person == coating)
    rejected = next(c for c in first if c.person != coating)
    need_decide_candidate(candidate=accepted, decision=Decision.ACCEPTED, by=staff_user)
    need_decide_candidate(candidate=rejected, decision=Decision.REJECTED, by=staff_user)

    again = need_find_candidates(need=need, by=staff_user, kinds=["expert"])

    accepted.refresh_from_db()
    rejected.refresh_from_db()
    assert (accepted.decision, accepted.decided_by) == (Decision.ACCEPTED, staff_user)
    assert rejected.decision == Decision.REJECTED
    assert coating not in [c.person for c in again]  # proposed once, already decided
    assert need.candidates.filter(person=coating).count() == 1


def test_need_nothing_matches_is_refused(staff_user: User) -> None:
    PersonFactory.create(expertise=["乳制品"], profile="乳制品。")
    rebuild()
    need = triaged_need()

    with pytest.raises(ValidationError) as error:
        need_find_candidates(need=need, by=staff_user)

    assert error.value.code == "no_match"
    assert not need.candidates.exists()


def test_submitted_need_must_be_triaged_before_candidates_are_found(
    staff_user: User, experts: tuple[Person, Person, Person]
) -> None:
    rebuild()
    need = TechnicalNeedFactory.create(description=NEED_TEXT)

    with pytest.raises(ValidationError):
        need_find_candidates(need=need, by=staff_user)


def test_enterprises_likely_to_want_an_achievement_from_their_needs_and_industry() -> None:
    wants = OrganizationFactory.create(industry="医用敷料制造", description="生产医用敷料。")
    TechnicalNeedFactory.create(
        organization=wants, title="敷料抗菌涂层", description="敷料需要附着力强的抗菌涂层。"
    )
    by_service = OrganizationFactory.create(industry="纺织")
    ServiceRecordFactory.create(
        organization=by_service, title="抗菌涂层检测", description="抗菌涂层耐洗性检测。"
    )
    OrganizationFactory.create(industry="茶饮料制造", description="生产茶饮料。")
    owner = OrganizationFactory.create(industry="医用敷料制造", description="医用敷料抗菌涂层。")
    OrganizationFactory.create(
        kind=OrganizationKind.UNIVERSITY, industry="医用敷料", description="医用敷料抗菌涂层。"
    )
    achievement = AchievementFactory.create(
        title_zh="抗菌涂层医用敷料", description="一种附着力强的抗菌涂层，用于医用敷料。"
    )
    achievement.owners.add(owner)
    rebuild()

    found = selectors.achievement_find_enterprises(achievement=achievement, top=5)

    organizations = [m.organization for m in found]
    assert organizations[:2] == [wants, by_service] or organizations[:2] == [by_service, wants]
    assert owner not in organizations
    assert all(o.kind == OrganizationKind.ENTERPRISE for o in organizations)
    assert [m.rank for m in found] == list(range(1, len(found) + 1))
    supports = {s["id"] for m in found for s in m.explanation["supports"]}
    assert adapters.document_id(wants.technical_needs.get()) in supports


def test_a_needs_query_leaves_out_its_organizations_names_and_aliases() -> None:
    organization = OrganizationFactory.create(
        name_zh="温州康宁医疗器械有限公司",
        name_en="Wenzhou Kangning Medical Devices Co., Ltd.",
        aliases=["康宁医疗"],
    )
    need = TechnicalNeedFactory.create(
        organization=organization,
        title="可穿戴监护设备的电磁兼容",
        description=(
            "温州康宁医疗器械有限公司主要从事监护设备。康宁医疗希望解决电磁干扰。"
            "Wenzhou Kangning Medical Devices Co., Ltd. makes monitors; "
            "Wenzhou Kangning Medical Devices faces EMC interference."
        ),
    )

    text = selectors.need_query_text(need)

    for name in ("康宁", "Kangning", "Wenzhou", "有限公司", "Ltd"):
        assert name not in text
    for word in ("可穿戴监护设备", "电磁干扰", "monitors", "EMC interference"):
        assert word in text


def test_a_need_is_matched_as_a_need_without_its_own_document(
    experts: tuple[Person, Person, Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    coating, _dairy, _busy = experts
    need = triaged_need()
    rebuild()
    seen: dict[str, Any] = {}
    original = storage.open_matcher

    def spy() -> Any:
        matcher = original()
        assert matcher is not None
        match = matcher.match

        def recorded(text: str, **options: Any) -> Any:
            seen.update(options, text=text)
            return match(text, **options)

        monkeypatch.setattr(matcher, "match", recorded)
        return matcher

    monkeypatch.setattr(storage, "open_matcher", spy)

    results = selectors.need_matches(need, kind="expert")

    assert results[0].entity_id == adapters.document_id(coating)
    assert seen["like"] == "need"
    assert seen["exclude"] == (adapters.document_id(need),)


def test_an_explanation_gives_each_terms_share_of_the_score(
    experts: tuple[Person, Person, Person],
) -> None:
    rebuild()

    result = selectors.match("医用敷料抗菌涂层", kind="expert")[0]
    explanation = selectors.explanation(result)

    shares = [t["share"] for t in explanation["terms"]]
    assert shares
    assert all(0.05 <= share <= 1 for share in shares)
    assert shares == sorted(shares, reverse=True)
    for support in explanation["supports"]:
        assert len(support["shares"]) == len(support["terms"])
