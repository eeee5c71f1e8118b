import json
import math
from pathlib import Path

import pytest

from liaison.matching.engine import evaluate, load_beir
from liaison.matching.engine.evaluation import main


def test_metrics_on_a_hand_computed_example() -> None:
    qrels = {"q1": {"a": 2, "b": 1, "z": 1}, "q2": {"c": 1}}
    run = {"q1": ["b", "x", "a"], "q2": ["y", "c"]}

    scores = evaluate(run, qrels)

    # q1: gains 1 (b, rank 1) and 3 (a, rank 3); ideal 3, 1, 1 at ranks 1-3.
    dcg = 1 / math.log2(2) + 3 / math.log2(4)
    ideal = 3 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    q2 = 1 / math.log2(3)
    assert scores["ndcg@10"] == pytest.approx((dcg / ideal + q2) / 2)
    assert scores["recall@100"] == pytest.approx((2 / 3 + 1) / 2)
    assert scores["mrr@10"] == pytest.approx((1 + 1 / 2) / 2)


def test_a_judged_query_missing_from_the_run_scores_zero() -> None:
    scores = evaluate({}, {"q1": {"a": 1}})

    assert scores == {"ndcg@10": 0.0, "recall@100": 0.0, "mrr@10": 0.0}


def test_only_the_first_ten_count_for_ndcg_and_mrr() -> None:
    run = {"q": [f"x{i}" for i in range(10)] + ["a"]}

    scores = evaluate(run, {"q": {"a": 1}})

    assert scores["ndcg@10"] == 0.0
    assert scores["mrr@10"] == 0.0
    assert scores["recall@100"] == 1.0


def write_beir(directory: Path) -> None:
    (directory / "qrels").mkdir(parents=True)
    corpus = [
        {"_id": "d1", "title": "Wing flutter", "text": "Flutter of swept wings at high speed."},
        {"_id": "d2", "title": "", "text": "Heat transfer in laminar boundary layers."},
        {"_id": "d3", "title": "Boundary layers", "text": "Transition of boundary layers."},
    ]
    queries = [{"_id": "q1", "text": "wing flutter"}, {"_id": "q2", "text": "boundary layer"}]
    (directory / "corpus.jsonl").write_text("\n".join(json.dumps(r) for r in corpus) + "\n")
    (directory / "queries.jsonl").write_text("\n".join(json.dumps(r) for r in queries))
    (directory / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td3\t2\nq2\td2\t1\n"
    )


def test_beir_files_load_as_documents_queries_and_grades(tmp_path: Path) -> None:
    write_beir(tmp_path)

    documents, queries, qrels = load_beir(
        tmp_path / "corpus.jsonl", tmp_path / "queries.jsonl", tmp_path / "qrels" / "test.tsv"
    )

    assert [d.id for d in documents] == ["d1", "d2", "d3"]
    assert documents[0].title == "Wing flutter"
    assert queries == {"q1": "wing flutter", "q2": "boundary layer"}
    assert qrels == {"q1": {"d1": 1}, "q2": {"d3": 2, "d2": 1}}


def test_the_command_prints_the_three_metrics_for_a_beir_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_beir(tmp_path)

    assert main([str(tmp_path)]) == 0

    printed = capsys.readouterr().out
    lines = {line.split()[0]: line.split()[1] for line in printed.splitlines()[1:4]}
    assert lines["mrr@10"] == "1.000"
    assert set(lines) == {"ndcg@10", "recall@100", "mrr@10"}


def test_the_corpus_embeddings_are_cached_and_a_changed_corpus_is_embedded_anew(
    tmp_path: Path,
) -> None:
    from liaison.matching.engine import Document
    from liaison.matching.engine.evaluation import cached_dense_index
    from tests.matching.test_dense import HashingEmbedder

    embedder = HashingEmbedder()
    corpus = [Document(id="d1", kind="document", title="Wings", text="flutter of swept wings")]

    first, cached_first = cached_dense_index(corpus, embedder, tmp_path)
    second, cached_second = cached_dense_index(corpus, embedder, tmp_path)
    changed = [Document(id="d1", kind="document", title="Wings", text="wing flutter")]
    _third, cached_third = cached_dense_index(changed, embedder, tmp_path)

    assert (cached_first, cached_second, cached_third) == (False, True, False)
    assert embedder.calls == 2
    assert second.search("swept wings", top=1) == first.search("swept wings", top=1)
