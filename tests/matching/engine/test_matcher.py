from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from liaison.matching.engine import Analyzer, Document, Index, Matcher, Ranking
from liaison.matching.engine.matcher import Match, _Query, sentences

from .corpus import institute_documents


@pytest.fixture(scope="module")
def institute_index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    """The institute's corpus, indexed once for the module's tests, which only read it."""
    index = Index.create(tmp_path_factory.mktemp("institute") / "index")
    index.upsert(institute_documents())
    index.commit()
    return index


def institute_matcher(index: Index, **ranking: Any) -> Matcher:
    return Matcher(index, ranking=Ranking(**ranking) if ranking else None)


def ids(matches: Iterable[Match]) -> list[str]:
    return [m.entity_id for m in matches]


def test_a_chinese_need_ranks_the_solid_state_battery_expert_first(institute_index: Index) -> None:
    matches = institute_matcher(institute_index).match("固态电池电解质的量产工艺", kind="expert")

    assert ids(matches)[0] == "person:1"


def test_an_english_need_ranks_the_aerodynamics_expert_first(institute_index: Index) -> None:
    matches = institute_matcher(institute_index).match("wind tunnel tests of a wing", kind="expert")

    assert ids(matches)[0] == "person:2"


def test_a_chinese_need_finds_a_mixed_language_profile(institute_index: Index) -> None:
    matches = institute_matcher(institute_index).match("需要做风洞试验", kind="expert")

    assert ids(matches)[0] == "person:2"


def test_an_expert_is_found_through_the_solved_need_that_names_him(institute_index: Index) -> None:
    # Chen Jie's profile is in English; only the need he solved speaks Chinese.
    matches = institute_matcher(institute_index).match("电池剩余寿命", kind="expert")

    chen = next(m for m in matches if m.entity_id == "person:4")
    assert [s.document_id for s in chen.supports] == ["need:1"]


def test_a_center_is_ranked_from_its_achievements(institute_index: Index) -> None:
    matches = institute_matcher(institute_index).match("硫化物电解质", kind="center")

    assert ids(matches) == ["center:1"]
    assert matches[0].supports[0].document_id == "achievement:1"


def test_an_entity_with_more_supporting_documents_outranks_one_with_fewer(
    institute_index: Index,
) -> None:
    # Both the expert's profile and his achievement speak of solid-state electrolytes.
    matches = institute_matcher(institute_index).match("固态电解质", kind="expert")

    assert ids(matches)[0] == "person:1"
    assert {s.document_id for s in matches[0].supports} == {"person:1", "achievement:1"}
    assert matches[0].score == pytest.approx(sum(s.contribution for s in matches[0].supports))


def test_supports_come_largest_contribution_first(institute_index: Index) -> None:
    match = institute_matcher(institute_index).match("固态电解质", kind="expert")[0]

    contributions = [s.contribution for s in match.supports]
    assert contributions == sorted(contributions, reverse=True)


def test_document_kinds_are_their_own_single_support(institute_index: Index) -> None:
    matches = institute_matcher(institute_index).match("wing noise", kind="achievement")

    assert ids(matches) == ["achievement:2"]
    assert [s.document_id for s in matches[0].supports] == ["achievement:2"]


def test_ranks_count_from_one_in_score_order(institute_index: Index) -> None:
    matches = institute_matcher(institute_index).match("电池", kind="expert")

    assert [m.rank for m in matches] == list(range(1, len(matches) + 1))
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_a_filter_keeps_the_experts_whose_profile_has_the_attribute(institute_index: Index) -> None:
    matcher = institute_matcher(institute_index)

    everyone = ids(matcher.match("电池 材料", kind="expert"))
    universities = ids(
        matcher.match("电池 材料", kind="expert", filters={"org_kind": "university"})
    )

    assert "person:1" in everyone
    assert universities
    assert set(universities) <= {"person:1", "person:4"}


def test_a_filter_with_several_values_accepts_any_of_them(institute_index: Index) -> None:
    matcher = institute_matcher(institute_index)

    found = ids(
        matcher.match("研究", kind="expert", filters={"org_kind": ["hospital", "institute"]})
    )

    assert "person:3" in found
    assert "person:1" not in found


def test_an_unavailable_expert_is_filtered_out(institute_index: Index) -> None:
    matcher = institute_matcher(institute_index)

    assert ids(matcher.match("抗高血压药", kind="expert")) == ["person:3"]
    assert ids(matcher.match("抗高血压药", kind="expert", filters={"available": "1"})) == []


def filtered_corpus_matcher(tmp_path: Path, *, pool: int) -> Matcher:
    # Twelve battery experts, the better matches first; only the last two are local.
    documents = [
        Document(
            id=f"person:{n}",
            kind="expert",
            title=f"Expert {n}",
            text="battery " * (12 - n) + "ageing",
            attributes={"local": "1" if n >= 10 else "0"},
        )
        for n in range(12)
    ]
    index = Index.create(tmp_path / "index")
    index.upsert(documents)
    index.commit()
    return Matcher(index, ranking=Ranking(pool=pool, feedback=None))


def test_a_filter_few_pass_reads_the_ranking_deeper_for_its_results(tmp_path: Path) -> None:
    matcher = filtered_corpus_matcher(tmp_path, pool=3)

    experts = matcher.match("battery", kind="expert", top=2, filters={"local": "1"})
    documents = matcher.match("battery", kind="expert", top=12)

    assert ids(experts) == ["person:10", "person:11"]
    assert len(documents) == 12


def test_a_filter_none_pass_stops_when_the_ranking_runs_out(tmp_path: Path) -> None:
    matcher = filtered_corpus_matcher(tmp_path, pool=3)

    assert matcher.match("battery", kind="expert", filters={"local": "2"}) == []


def test_an_entity_without_the_filtered_attribute_is_left_out(institute_index: Index) -> None:
    matches = institute_matcher(institute_index).match(
        "电池", kind="center", filters={"center": "x"}
    )

    assert matches == []


def test_an_excluded_document_is_no_evidence(institute_index: Index) -> None:
    matcher = institute_matcher(institute_index)

    found = ids(matcher.match("电池剩余寿命", kind="expert", exclude=("need:1",)))

    assert "person:4" not in found


def test_explained_chinese_terms_are_written_in_the_query_and_in_the_document(
    institute_index: Index,
) -> None:
    matcher = institute_matcher(institute_index)
    query = "硫化物固态电解质的低温合成"
    documents = {d.id: d for d in institute_documents()}

    for match in matcher.match(query, kind="expert") + matcher.match(query, kind="center"):
        assert match.terms
        for support in match.supports:
            document = documents[support.document_id]
            written = document.title + document.text + "".join(document.keywords)
            for term in support.terms:
                assert term.term in query
                assert term.term in written


def test_explained_english_terms_are_query_words_whose_stems_the_document_has(
    institute_index: Index,
) -> None:
    matcher = institute_matcher(institute_index)
    analyzer = Analyzer()
    query = "noise of wings during take-off"
    documents = {d.id: d for d in institute_documents()}

    match = matcher.match(query, kind="achievement")[0]
    document = documents[match.entity_id]
    document_terms = set(analyzer.terms(" ".join([document.title, document.text])))
    assert {t.term for t in match.terms} >= {"noise", "wings"}
    for term in match.terms:
        assert term.term in query.replace("-", " ").split()
        assert set(analyzer.terms(term.term)) <= document_terms


def test_explanation_weights_are_positive_and_strongest_first(institute_index: Index) -> None:
    match = institute_matcher(institute_index).match("固态电池电解质", kind="expert")[0]

    weights = [t.weight for t in match.terms]
    assert all(w > 0 for w in weights)
    assert weights == sorted(weights, reverse=True)


def test_search_ranks_documents_of_the_asked_kinds_only(institute_index: Index) -> None:
    ranking = institute_matcher(institute_index).search("电池", kinds=("need", "achievement"))

    assert {i for i, _ in ranking} == {"need:1", "achievement:1"}


def test_a_query_of_unknown_words_finds_nothing(institute_index: Index) -> None:
    matcher = institute_matcher(institute_index)

    assert matcher.search("zyxwv") == []
    assert matcher.match("", kind="expert") == []


def test_ranking_without_feedback_still_finds_the_expert(institute_index: Index) -> None:
    matches = institute_matcher(institute_index, feedback=None).match("风洞", kind="expert")

    assert ids(matches) == ["person:2"]


def test_bo1_feedback_ranks_like_the_plain_query_on_a_clear_need(institute_index: Index) -> None:
    matches = institute_matcher(institute_index, feedback="bo1").match("抗高血压药", kind="expert")

    assert ids(matches)[0] == "person:3"


def test_a_single_ideograph_is_searched_through_its_bigrams_unless_it_stands_alone(
    tmp_path: Path,
) -> None:
    index = Index.create(tmp_path / "index")
    index.upsert([Document(id="a:1", kind="achievement", title="锂的电池", text="网 coating")])
    index.commit()

    inside = _Query.of("锂的电池", index)
    alone = _Query.of("网 coating", index)

    assert "锂" not in inside.weights
    assert "锂的" in inside.bigrams
    assert "网" in alone.weights
    assert [hit.id for hit in index.search_terms(alone.weights, top=1)] == ["a:1"]


def test_the_first_pass_before_feedback_fetches_only_the_feedback_documents(
    institute_index: Index,
) -> None:
    matcher = institute_matcher(institute_index, feedback_documents=2)
    query = _Query.of("电池", matcher.index)

    assert len(matcher.first_pass(query, top=10)) == 2
    assert len(institute_matcher(institute_index, feedback=None).first_pass(query, top=10)) > 2


def test_the_first_pass_before_feedback_searches_only_the_rarest_bigrams(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 电池 is in every document: the weakest of the query's bigrams.
    index = Index.create(tmp_path / "index")
    index.upsert(
        [
            Document(id="a:1", kind="achievement", title="固态电解质电池", text=""),
            Document(id="a:2", kind="achievement", title="固态电池", text=""),
            Document(id="a:3", kind="achievement", title="锂电池", text=""),
        ]
    )
    index.commit()
    query = _Query.of("固态电解质电池", index)
    sent: list[dict[str, float]] = []
    search_terms = index.search_terms

    def spy(weights: dict[str, float], **options: Any) -> Any:
        sent.append(options["bigrams"])
        return search_terms(weights, **options)

    monkeypatch.setattr(index, "search_terms", spy)

    institute_matcher(index, first_pass_bigrams=2).first_pass(query, top=10)
    institute_matcher(index, first_pass_bigrams=0).first_pass(query, top=10)
    institute_matcher(index, first_pass_bigrams=2, feedback=None).first_pass(query, top=10)

    def strength(bigram: str) -> float:
        return query.bigrams[bigram] * query.idf(bigram, bigram=True)

    fewest, everything, without_feedback = sent
    assert len(query.bigrams) > 2
    assert len(fewest) == 2
    assert "电池" in query.bigrams
    assert "电池" not in fewest
    assert min(map(strength, fewest)) >= max(strength(b) for b in query.bigrams if b not in fewest)
    assert all(fewest[b] == query.bigrams[b] for b in fewest)
    assert everything == without_feedback == query.bigrams


class FixedRanking:
    """A second ranking that knows one document BM25 cannot find (no shared word)."""

    def search(self, text: str, *, top: int = 100, kinds: Any = None) -> list[tuple[str, float]]:
        return [("person:4", 0.9)]


def test_a_dense_ranking_brings_documents_bm25_missed_into_the_fused_ranking(
    tmp_path: Path,
) -> None:
    index = Index.create(tmp_path / "index")
    index.upsert(institute_documents())
    index.commit()
    matcher = Matcher(index, dense=FixedRanking(), ranking=Ranking(fusion="rrf"))

    found = [i for i, _ in matcher.search("风洞试验")]

    # Each is first in one ranking: a tie in fused score, kept in the order first met.
    assert found == ["person:2", "person:4"]


def test_a_query_whose_words_no_document_holds_is_answered_by_meaning(tmp_path: Path) -> None:
    index = Index.create(tmp_path / "index")
    index.upsert(institute_documents())
    index.commit()

    assert Matcher(index).search("quantum chromodynamics") == []
    assert [
        i for i, _ in Matcher(index, dense=FixedRanking()).search("quantum chromodynamics")
    ] == ["person:4"]


class MeaningRanking:
    """A dense ranking that finds an English profile for any query and knows its sentences."""

    def __init__(self) -> None:
        self.asked: dict[str, list[str]] = {}

    def search(self, text: str, *, top: int = 100, kinds: Any = None) -> list[tuple[str, float]]:
        return [("person:9", 0.9)]

    def nearest_sentences(self, text: str, documents: Any) -> dict[str, str]:
        self.asked = {i: list(s) for i, s in documents.items()}
        return {i: s[-1] for i, s in documents.items()}


def test_a_result_found_by_meaning_says_which_sentence_matched(tmp_path: Path) -> None:
    index = Index.create(tmp_path / "index")
    index.upsert(
        [
            *institute_documents(),
            Document(
                id="person:9",
                kind="expert",
                title="Dr. Jane Roe",
                text="Works at a coastal university. Develops silver-releasing wound dressings.",
            ),
        ]
    )
    index.commit()
    dense = MeaningRanking()
    matcher = Matcher(index, dense=dense)

    (result,) = [r for r in matcher.match("抗菌敷料", kind="expert") if r.entity_id == "person:9"]

    assert result.terms == ()
    assert result.supports[0].meaning == "Develops silver-releasing wound dressings."
    assert dense.asked == {
        "person:9": ["Works at a coastal university.", "Develops silver-releasing wound dressings."]
    }


def test_a_result_matched_by_words_is_not_explained_by_meaning(tmp_path: Path) -> None:
    index = Index.create(tmp_path / "index")
    index.upsert(institute_documents())
    index.commit()
    dense = MeaningRanking()

    results = Matcher(index, dense=dense).match("风洞试验", kind="expert")

    assert all(not s.meaning for r in results if r.terms for s in r.supports)
    assert "person:2" not in dense.asked


def test_sentences_are_cut_at_chinese_and_english_stops() -> None:
    assert sentences("研究抗菌敷料。用于伤口护理！Wound care. Silver ions; 3.5 mg") == [
        "研究抗菌敷料。",
        "用于伤口护理！",
        "Wound care.",
        "Silver ions;",
        "3.5 mg",
    ]
