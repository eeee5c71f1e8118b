from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from pytest_django import DjangoAssertNumQueries

from liaison.accounts.models import User
from liaison.achievements.models import Achievement
from liaison.core.permissions import grants_of
from liaison.search import selectors
from liaison.search.selectors import (
    MAX_TERMS,
    NOUNS,
    NOUNS_BY_KEY,
    noun_matches,
    query_terms,
    search_everything,
)
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementFactory, SigningEventFactory
from tests.centers.factories import CenterFactory
from tests.financing.factories import FinancingRoundFactory
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def found(noun_key: str, user: User, query: str) -> list[Any]:
    terms = query_terms(query)
    return list(noun_matches(NOUNS_BY_KEY[noun_key], user=user, terms=terms))


def test_a_chinese_word_is_found_inside_longer_chinese_text(staff_user: User) -> None:
    need = TechnicalNeedFactory.create(title="医用敷料抗菌涂层工艺优化", description="无")
    TechnicalNeedFactory.create(title="锂电池隔膜检测", description="无")

    assert found("technical_needs", staff_user, "抗菌") == [need]


def test_a_chinese_phrase_finds_text_that_has_its_words_apart_before_text_with_one_of_them(
    staff_user: User,
) -> None:
    need = TechnicalNeedFactory.create(title="提升涂层的抗菌性能", description="无")
    one_word = TechnicalNeedFactory.create(title="提升涂层的耐磨性能", description="无")
    TechnicalNeedFactory.create(title="锂电池隔膜检测", description="无")

    assert query_terms("抗菌涂层") == ["抗菌", "涂层"]
    assert found("technical_needs", staff_user, "抗菌涂层") == [need, one_word]


def test_a_character_the_segmenter_cuts_off_is_looked_for_with_its_neighbour(
    staff_user: User,
) -> None:
    need = TechnicalNeedFactory.create(title="胃癌类器官模型构建", description="无")
    TechnicalNeedFactory.create(title="废弃物分类管理", description="无")

    assert query_terms("类器官") == ["类器", "器官"]
    assert query_terms("水凝胶") == ["水凝", "凝胶"]
    assert found("technical_needs", staff_user, "类器官") == [need]


def test_an_english_word_is_found_whatever_its_case(staff_user: User) -> None:
    organization = OrganizationFactory.create(name_en="Wenzhou Medical University")
    OrganizationFactory.create(name_en="Zhejiang Steel Co.")

    assert found("organizations", staff_user, "medical") == [organization]


def test_words_found_in_different_fields_of_a_record_count_together(staff_user: User) -> None:
    both = AchievementFactory.create(title_zh="镁合金支架", description="可降解 coating")
    one_word = AchievementFactory.create(title_zh="镁合金骨钉", description="titanium")

    assert found("achievements", staff_user, "镁合金 coating") == [both, one_word]


def achievement(title_en: str, description: str = "—") -> Achievement:
    """An achievement whose searched text is only what is given."""
    return AchievementFactory.create(title_zh="成果", title_en=title_en, description=description)


def test_a_record_holding_only_some_of_the_words_is_found(staff_user: User) -> None:
    dressing = achievement("Antibacterial wound dressing")
    achievement("Magnesium alloy stent")

    assert found("achievements", staff_user, "wound healing dressing") == [dressing]


def test_a_record_holding_more_of_the_words_ranks_above_one_holding_fewer(staff_user: User) -> None:
    one = achievement("Hydrogel dressing")
    three = achievement("Wound dressing", description="It speeds healing.")
    two = achievement("Wound dressing")
    achievement("Magnesium alloy stent")

    assert found("achievements", staff_user, "wound healing dressing") == [three, two, one]


def test_a_record_holding_a_rarer_word_ranks_above_one_holding_a_common_word(
    staff_user: User,
) -> None:
    common = [achievement(f"Wound dressing {n}") for n in range(3)]
    rare = achievement("Hydrogel patch")

    ranked = found("achievements", staff_user, "hydrogel dressing")

    assert ranked[0] == rare
    assert set(ranked[1:]) == set(common)


def test_a_chinese_query_ranks_records_by_the_words_they_hold(staff_user: User) -> None:
    both = TechnicalNeedFactory.create(title="抗菌敷料的临床评价", description="无")
    one_word = TechnicalNeedFactory.create(title="敷料包装改进", description="无")
    TechnicalNeedFactory.create(title="锂电池隔膜检测", description="无")

    assert found("technical_needs", staff_user, "抗菌敷料") == [both, one_word]


def test_a_function_word_of_a_query_finds_nothing_by_itself(staff_user: User) -> None:
    dressing = achievement("Wound dressing")
    achievement("Information system", description="Made for the hospital.")

    assert query_terms("a dressing for the wound") == ["dressing", "wound"]
    assert found("achievements", staff_user, "a dressing for the wound") == [dressing]


def test_a_query_of_function_words_only_looks_for_them() -> None:
    assert query_terms("for the") == ["for", "the"]


def test_words_kept_in_a_json_list_are_found_chinese_or_english(staff_user: User) -> None:
    organization = OrganizationFactory.create(aliases=["温医大", "WMU"])
    OrganizationFactory.create(aliases=["浙大"])

    assert found("organizations", staff_user, "温医") == [organization]
    assert found("organizations", staff_user, "wmu") == [organization]


def test_records_named_for_the_query_come_before_those_that_only_mention_it(
    staff_user: User,
) -> None:
    mentions = PersonFactory.create(name_zh="王芳", profile="长期研究生物材料")
    named = PersonFactory.create(name_zh="生物材料学家李明", profile="")

    assert found("people", staff_user, "生物材料") == [named, mentions]


def test_a_need_is_found_by_the_name_of_the_organization_that_submitted_it(
    staff_user: User,
) -> None:
    need = TechnicalNeedFactory.create(
        organization=OrganizationFactory.create(name_zh="瑞安市华联医疗器械公司")
    )
    TechnicalNeedFactory.create()

    assert found("technical_needs", staff_user, "华联") == [need]


def test_a_financing_round_is_found_by_its_venture(staff_user: User) -> None:
    venture_round = FinancingRoundFactory.create(
        venture=OrganizationFactory.create(name_en="Helix Bio")
    )
    FinancingRoundFactory.create()

    assert found("financing_rounds", staff_user, "helix") == [venture_round]


def test_search_everything_groups_matches_by_noun_with_their_counts(staff_user: User) -> None:
    OrganizationFactory.create(name_zh="眼视光企业甲")
    OrganizationFactory.create(name_zh="眼视光企业乙")
    CenterFactory.create(name_zh="眼视光联合研发中心")
    SigningEventFactory.create(title_zh="眼视光产业签约仪式")
    AgreementFactory.create(title_zh="无关合同")

    groups = search_everything(user=staff_user, query="眼视光", per_noun=1)

    assert [g.noun.key for g in groups] == [noun.key for noun in NOUNS]
    totals = {g.noun.key: g.total for g in groups if g.total}
    assert totals == {"organizations": 2, "centers": 1, "signing_events": 1}
    assert len(next(g for g in groups if g.noun.key == "organizations").rows) == 1


def test_a_blank_query_searches_nothing(staff_user: User) -> None:
    OrganizationFactory.create()

    assert search_everything(user=staff_user, query="   ") == []


def test_an_anonymous_visitor_finds_nothing() -> None:
    OrganizationFactory.create(name_zh="温州眼视光企业")

    groups = search_everything(user=AnonymousUser(), query="眼视光")

    assert all(g.total == 0 and g.rows == [] for g in groups)


def test_query_terms_drop_repeats_and_stop_at_the_limit() -> None:
    assert query_terms("Stent stent  支架 ") == ["Stent", "支架"]
    assert query_terms("studies") == ["studies"]  # as typed: its stem "studi" misses "study"
    assert len(query_terms(" ".join(f"w{i}" for i in range(20)))) == MAX_TERMS


@pytest.mark.parametrize("rows", [1, 4])
def test_search_everything_takes_one_query_per_noun_however_many_match(
    rows: int, staff_user: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for _ in range(rows):
        TechnicalNeedFactory.create(title="抗菌涂层")
        OrganizationFactory.create(name_zh="抗菌材料公司")
    grants_of(staff_user)  # the user's roles, read once per request
    with django_assert_num_queries(len(NOUNS)):
        search_everything(user=staff_user, query="抗菌")


def test_a_word_more_records_hold_than_are_ranked_is_told_as_more(
    staff_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "CANDIDATES_PER_TERM", 2)
    for place in ("甲", "乙", "丙"):
        OrganizationFactory.create(name_zh=f"{place}抗菌材料公司")

    groups = {g.noun.key: g for g in search_everything(user=staff_user, query="抗菌")}

    assert groups["organizations"].more
    assert groups["organizations"].total == 2


def test_a_record_holding_a_rarer_word_is_ranked_first_however_common_the_other_word(
    staff_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "CANDIDATES_PER_TERM", 2)
    for place in ("甲", "乙", "丙", "丁"):
        OrganizationFactory.create(name_zh=f"{place}抗菌材料公司")
    rare = OrganizationFactory.create(name_zh="戊抗菌钛合金公司")

    assert found("organizations", staff_user, "抗菌 钛合金")[0] == rare


def test_the_words_fewer_records_hold_than_are_ranked_are_counted_exactly(
    staff_user: User,
) -> None:
    for place in ("甲", "乙", "丙"):
        OrganizationFactory.create(name_zh=f"{place}抗菌材料公司")

    groups = {g.noun.key: g for g in search_everything(user=staff_user, query="抗菌")}

    assert not groups["organizations"].more
    assert groups["organizations"].total == 3
