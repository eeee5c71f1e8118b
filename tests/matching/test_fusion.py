from typing import Any

import pytest

from liaison.matching.engine.fusion import (
    ideograph_share,
    language_aware_fusion,
    reciprocal_rank_fusion,
)


def ranking(*ids: str) -> list[tuple[str, float]]:
    """A ranking whose scores fall with the rank, on a scale fusion must not care about."""
    return [(document_id, 100.0 - rank) for rank, document_id in enumerate(ids)]


def test_fused_score_is_the_sum_of_reciprocal_ranks_offset_by_k() -> None:
    fused = dict(reciprocal_rank_fusion([ranking("a", "b", "c"), ranking("c", "a", "d")], k=60))

    assert fused["a"] == pytest.approx(1 / 61 + 1 / 62)
    assert fused["b"] == pytest.approx(1 / 62)
    assert fused["c"] == pytest.approx(1 / 63 + 1 / 61)
    assert fused["d"] == pytest.approx(1 / 63)


def test_documents_come_best_first() -> None:
    fused = reciprocal_rank_fusion([ranking("a", "b", "c"), ranking("c", "a", "d")], k=60)

    # a: 1/61 + 1/62 = 0.03252 beats c: 1/63 + 1/61 = 0.03227
    assert [document_id for document_id, _ in fused] == ["a", "c", "b", "d"]


def test_a_heavier_ranking_can_change_the_winner() -> None:
    fused = reciprocal_rank_fusion(
        [ranking("a", "b", "c"), ranking("c", "a", "d")], k=60, weights=[1.0, 3.0]
    )

    # c: 1/63 + 3/61 = 0.06505 now beats a: 1/61 + 3/62 = 0.06478
    assert fused[0][0] == "c"
    assert fused[0][1] == pytest.approx(1 / 63 + 3 / 61)
    assert fused[1] == ("a", pytest.approx(1 / 61 + 3 / 62))


def test_small_k_lets_the_top_ranks_dominate() -> None:
    fused = reciprocal_rank_fusion([ranking("a", "b"), ranking("b", "c")], k=0)

    assert fused == [("b", 1.5), ("a", 1.0), ("c", 0.5)]


def test_only_ranks_matter_not_the_scores() -> None:
    on_one_scale = [[("a", 0.9), ("b", 0.1)], [("b", 12.0), ("c", 11.0)]]
    on_another = [[("a", 1e6), ("b", -5.0)], [("b", 0.3), ("c", 0.2)]]

    assert reciprocal_rank_fusion(on_one_scale) == reciprocal_rank_fusion(on_another)


def test_top_keeps_only_the_best() -> None:
    fused = reciprocal_rank_fusion([ranking("a", "b", "c"), ranking("c", "a", "d")], top=2)

    assert [document_id for document_id, _ in fused] == ["a", "c"]


def test_equal_scores_keep_the_order_documents_were_first_met() -> None:
    fused = reciprocal_rank_fusion([ranking("x", "y"), ranking("z", "w")])

    assert [document_id for document_id, _ in fused] == ["x", "z", "y", "w"]


def test_a_document_repeated_in_one_ranking_counts_once_at_its_best_rank() -> None:
    fused = dict(reciprocal_rank_fusion([ranking("a", "b", "a")], k=60))

    assert fused == {"a": pytest.approx(1 / 61), "b": pytest.approx(1 / 62)}


def test_a_ranking_with_zero_weight_adds_nothing() -> None:
    fused = reciprocal_rank_fusion([ranking("a"), ranking("b", "a")], weights=[1.0, 0.0])

    assert fused == [("a", pytest.approx(1 / 61))]


def test_no_rankings_fuse_to_nothing() -> None:
    assert reciprocal_rank_fusion([]) == []
    assert reciprocal_rank_fusion([[], []]) == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"weights": [1.0]}, "1 weights for 2 rankings"),
        ({"weights": [1.0, -1.0]}, "weights must not be negative"),
        ({"k": -1}, "k must not be negative"),
        ({"top": -1}, "top must not be negative"),
    ],
)
def test_nonsense_arguments_are_refused(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        reciprocal_rank_fusion([ranking("a"), ranking("b")], **arguments)


def test_ideograph_share_tells_chinese_from_english_text() -> None:
    assert ideograph_share("turbine blade cooling") == 0.0
    assert ideograph_share("涡轮叶片冷却") == 1.0
    assert ideograph_share("采用MRP参数") == pytest.approx(4 / 7)
    assert ideograph_share("?! …") == 0.0
    assert ideograph_share("涡轮".encode()) == 1.0


def test_language_aware_fusion_sums_the_rescaled_scores_in_one_script_without_confidence() -> None:
    lexical = [("a", 9.0), ("b", 5.0), ("c", 1.0)]
    dense = [("c", 0.9), ("d", 0.8)]

    fused = language_aware_fusion(
        lexical, dense, query_share=0.0, document_shares={}, confidence=0.0
    )

    # Each ranking from 1 (its first) to 0 (its last); equal sums keep the first-met order.
    assert fused == [("a", 1.0), ("c", 1.0), ("b", 0.5), ("d", 0.0)]


def test_the_scores_keep_how_far_apart_the_documents_are() -> None:
    # The lexical ranking's first document stands clear of the rest; the dense ranking's
    # similarities barely differ. Reciprocal ranks see only the order and let the dense
    # ranking decide.
    lexical = [("a", 9.0), ("b", 1.2), ("c", 1.1), ("d", 1.0)]
    dense = [("b", 0.83), ("c", 0.825), ("a", 0.82), ("d", 0.80)]

    fused = language_aware_fusion(
        lexical, dense, query_share=0.0, document_shares={}, confidence=0.0
    )

    assert fused[0][0] == "a"
    assert reciprocal_rank_fusion([lexical, dense])[0][0] == "b"


def test_a_lexical_match_across_scripts_counts_little_against_the_meaning() -> None:
    # An English query's lexical hit in a Chinese document rides on a Latin abbreviation.
    lexical = [("zh:1", 9.0)]
    dense = [("zh:2", 0.9), *((f"zh:{n}", 0.9 - n / 100) for n in range(3, 21)), ("zh:1", 0.5)]

    fused = language_aware_fusion(
        lexical, dense, query_share=0.0, document_shares={"zh:1": 0.95, "zh:2": 1.0}, confidence=0.5
    )

    assert fused[0][0] == "zh:2"
    # Its lexical score counts 1.5 (the confidence) x 0.1 (twice its share of Latin letters).
    assert dict(fused)["zh:1"] == pytest.approx(0.15)
    assert reciprocal_rank_fusion([lexical, dense])[0][0] == "zh:1"


def test_a_confident_lexical_ranking_outweighs_the_dense_one() -> None:
    lexical = [("a", 9.0), ("b", 5.0)]
    dense = [("b", 0.9), ("a", 0.8)]

    unsure = language_aware_fusion(
        lexical, dense, query_share=0.0, document_shares={}, confidence=0.0
    )
    sure = language_aware_fusion(
        lexical, dense, query_share=0.0, document_shares={}, confidence=1.0
    )

    assert unsure[0][1] == pytest.approx(unsure[1][1])
    assert sure == [("a", 2.0), ("b", 1.0)]


def test_a_document_mostly_in_the_querys_script_counts_in_full() -> None:
    # A Chinese abstract naming methods in Latin letters is still Chinese.
    lexical = [("zh:1", 9.0), ("zh:2", 5.0), ("zh:4", 1.0)]
    dense = [("zh:3", 0.9), ("zh:4", 0.1)]
    shares = {"zh:1": 0.6, "zh:2": 1.0}

    fused = language_aware_fusion(
        lexical, dense, query_share=1.0, document_shares=shares, confidence=0.0
    )

    assert fused == language_aware_fusion(
        lexical, dense, query_share=1.0, document_shares={}, confidence=0.0
    )
    assert dict(fused)["zh:1"] == 1.0


def test_without_lexical_hits_the_fusion_is_the_dense_ranking() -> None:
    dense = [("x", 0.9), ("y", 0.8)]

    fused = language_aware_fusion([], dense, query_share=1.0, document_shares={}, confidence=0.0)

    assert [document_id for document_id, _ in fused] == ["x", "y"]


def test_a_confidence_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="confidence"):
        language_aware_fusion([], [], query_share=0.0, document_shares={}, confidence=1.5)


def test_the_bridge_counts_as_far_as_the_meaning_leads_to_the_other_script() -> None:
    # An English query whose dense ranking finds Chinese documents: the Chinese words
    # nearest it (the bridge) find zh:9 first, which the dense ranking puts second.
    dense = [("zh:1", 0.90), ("zh:9", 0.89), *((f"zh:{n}", 0.9 - n / 20) for n in range(2, 9))]
    bridged = [("zh:9", 7.0), ("zh:5", 3.0), ("zh:1", 1.0)]
    chinese = {f"zh:{n}": 1.0 for n in range(1, 10)}

    without = language_aware_fusion(
        [], dense, query_share=0.0, document_shares=chinese, confidence=0.0
    )
    across = language_aware_fusion(
        [], dense, bridged=bridged, query_share=0.0, document_shares=chinese, confidence=0.0
    )
    half = language_aware_fusion(
        [],
        dense,
        bridged=bridged,
        query_share=0.0,
        # Four of the dense ranking's nine documents are English: the bridge counts 5/9.
        document_shares={**chinese, **dict.fromkeys(["zh:2", "zh:3", "zh:4", "zh:5"], 0.0)},
        confidence=0.0,
    )

    assert without[0][0] == "zh:1"
    assert across[0][0] == "zh:9"
    # Second of the dense ranking's range of 0.9 - 0.5, and first of the bridge's.
    assert dict(across)["zh:9"] == pytest.approx(0.39 / 0.4 + 1.0)
    assert dict(half)["zh:9"] == pytest.approx(0.39 / 0.4 + 5 / 9)


def test_the_bridge_counts_nothing_when_the_meaning_stays_in_the_querys_script() -> None:
    dense = [("en:1", 0.9), ("en:2", 0.8)]
    english = {"en:1": 0.0, "en:2": 0.0}

    fused = language_aware_fusion(
        [],
        dense,
        bridged=[("zh:1", 5.0)],
        query_share=0.0,
        document_shares=english,
        confidence=0.0,
    )

    assert [document_id for document_id, _ in fused] == ["en:1", "en:2"]


def test_a_ranking_of_equal_scores_counts_each_in_full_and_a_repeat_at_its_best() -> None:
    fused = language_aware_fusion(
        [("a", 3.0), ("b", 3.0)],
        [("c", 0.9), ("a", 0.2), ("c", 0.1)],
        query_share=0.0,
        document_shares={},
        confidence=0.0,
    )

    assert fused == [("a", 1.0), ("b", 1.0), ("c", 1.0)]
