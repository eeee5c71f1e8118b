"""`liaison index` and `liaison match`, including `match evaluate`, as the office runs them."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from liaison.matching import storage
from liaison.needs.choices import CandidateKind, Decision
from tests.needs.factories import MatchCandidateFactory, TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import AffiliationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def run(*args: str | Path, **options: Any) -> str:
    out = StringIO()
    call_command(*map(str, args), stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def test_index_build_indexes_every_record_and_says_so() -> None:
    PersonFactory.create(expertise=["透明质酸"])
    PersonFactory.create(expertise=["海藻酸盐"])

    output = run("index", "build", verbosity=0)

    assert storage.live_path() is not None
    index = storage.open_index()
    assert index is not None
    assert len(index) >= 2
    assert "Indexed" in output
    assert str(storage.live_path()) in output


def test_index_status_before_and_after_a_build() -> None:
    assert "No matching index yet" in run("index", "status")

    PersonFactory.create()
    run("index", "build", verbosity=0)

    assert "documents" in run("index", "status")


def test_match_prints_ranked_experts_with_their_terms() -> None:
    found = PersonFactory.create(
        expertise=["透明质酸"], profile="主要从事透明质酸与牙科种植体研究。"
    )
    PersonFactory.create(expertise=["乳制品"], profile="乳制品加工。")
    run("index", "build", verbosity=0)

    output = run("match", "透明质酸 种植体")

    lines = output.splitlines()
    assert lines[0].strip().startswith("1.")
    assert found.name_zh in lines[0]
    assert "透明质酸" in lines[1]
    assert "乳制品" not in output


def test_match_json_with_filters() -> None:
    local, away = (
        OrganizationFactory.create(city="温州市"),
        OrganizationFactory.create(city="杭州市"),
    )
    near = PersonFactory.create(expertise=["海藻酸盐"], profile="海藻酸盐敷料。")
    far = PersonFactory.create(expertise=["海藻酸盐"], profile="海藻酸盐敷料研究。")
    AffiliationFactory.create(person=near, organization=local, is_primary=True)
    AffiliationFactory.create(person=far, organization=away, is_primary=True)
    run("index", "build", verbosity=0)

    everyone = json.loads(run("match", "海藻酸盐", "--json"))
    only_local = json.loads(run("match", "海藻酸盐", "--json", "--local"))

    assert {r["id"] for r in everyone} == {f"person:{near.pk}", f"person:{far.pk}"}
    assert [r["id"] for r in only_local] == [f"person:{near.pk}"]
    assert only_local[0]["explanation"]["terms"][0]["term"] == "海藻酸盐"


def test_match_without_text_is_refused() -> None:
    with pytest.raises(CommandError):
        run("match")


def test_evaluate_options_are_refused_when_matching_text(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="evaluate"):
        run("match", "抗菌", "--judgments")


def write_beir(folder: Path) -> tuple[Path, Path, Path]:
    corpus = [
        {
            "_id": "d1",
            "title": "Boundary layer",
            "text": "Laminar boundary layer over a flat plate.",
        },
        {"_id": "d2", "title": "Heat transfer", "text": "Heat transfer in hypersonic flow."},
        {
            "_id": "d3",
            "title": "Wing flutter",
            "text": "Flutter of swept wings at transonic speed.",
        },
        {
            "_id": "d4",
            "title": "Shock waves",
            "text": "Shock wave interaction with a boundary layer.",
        },
    ]
    queries = [
        {"_id": "q1", "text": "flutter of swept wings"},
        {"_id": "q2", "text": "hypersonic heat transfer"},
        {"_id": "q3", "text": "unjudged query"},
    ]
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(r) for r in corpus))
    (folder / "queries.jsonl").write_text("\n".join(json.dumps(r) for r in queries))
    (folder / "qrels.tsv").write_text(
        "query-id\tcorpus-id\tscore\nq1\td3\t1\nq2\td2\t2\nq2\td4\t0\n"
    )
    return folder / "corpus.jsonl", folder / "queries.jsonl", folder / "qrels.tsv"


def test_evaluate_on_beir_files_prints_the_three_metrics(tmp_path: Path) -> None:
    corpus, queries, qrels = write_beir(tmp_path)

    output = run(
        "match", "evaluate", "--corpus", corpus, "--queries", queries, "--qrels", qrels, "--json"
    )

    (scores,) = json.loads(output)
    assert scores["queries"] == 2
    assert scores["ndcg@10"] == pytest.approx(1.0)
    assert scores["mrr@10"] == pytest.approx(1.0)
    assert scores["recall@100"] == pytest.approx(1.0)


def test_evaluate_table_names_the_metrics(tmp_path: Path) -> None:
    corpus, queries, qrels = write_beir(tmp_path)

    output = run("match", "evaluate", "--corpus", corpus, "--queries", queries, "--qrels", qrels)

    assert "nDCG@10" in output
    assert "Recall@100" in output
    assert "MRR@10" in output


def test_evaluate_with_a_missing_file_is_refused(tmp_path: Path) -> None:
    corpus, queries, _qrels = write_beir(tmp_path)

    with pytest.raises(CommandError, match="No such file"):
        run(
            "match", "evaluate", "--corpus", corpus, "--queries", queries, "--qrels", tmp_path / "x"
        )


def test_evaluate_on_judgments_scores_the_accepted_candidates() -> None:
    good = PersonFactory.create(expertise=["抗菌涂层"], profile="医用敷料抗菌涂层研究。")
    poor = PersonFactory.create(expertise=["乳制品"], profile="乳制品研究。")
    for n in range(2):
        need = TechnicalNeedFactory.create(
            title=f"抗菌涂层脱落{n}",
            description="医用敷料的抗菌涂层灭菌后脱落。",
            submitted_on=datetime.date(2023, 3, 1),
        )
        MatchCandidateFactory.create(need=need, person=good, decision=Decision.ACCEPTED)
        MatchCandidateFactory.create(need=need, person=poor, decision=Decision.REJECTED, rank=2)
    run("index", "build", verbosity=0)

    (scores,) = json.loads(run("match", "evaluate", "--judgments", "--json"))

    assert scores["ranking"] == CandidateKind.EXPERT
    assert scores["queries"] == 2
    assert scores["mrr@10"] == pytest.approx(1.0)


def test_evaluate_on_judgments_needs_an_accepted_candidate() -> None:
    MatchCandidateFactory.create(decision=Decision.REJECTED)

    with pytest.raises(CommandError, match="accepted"):
        run("match", "evaluate", "--judgments")


def test_match_of_markup_and_a_digit_finds_no_expert_on_the_digit() -> None:
    PersonFactory.create(profile="获得发明专利1项，script 1 2 3。")
    run("index", "build", verbosity=0)

    assert run("match", "<script>alert(1)</script>").strip() == "Nothing matches."


def test_match_of_no_meaningful_word_says_so_and_fails() -> None:
    PersonFactory.create(profile="获得发明专利1项。")
    run("index", "build", verbosity=0)

    with pytest.raises(CommandError, match="no words to match on"):
        run("match", "<b>1</b> x 2023")


def test_evaluate_with_dense_scores_four_rankings_and_embeds_the_corpus_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liaison.matching import embeddings
    from tests.matching.test_dense import HashingEmbedder

    hashing = HashingEmbedder()
    monkeypatch.setattr(embeddings, "named_embedder", lambda chosen: hashing)
    corpus, queries, qrels = write_beir(tmp_path)
    arguments: list[str | Path] = ["--corpus", corpus, "--queries", queries, "--qrels", qrels]
    cache: list[str | Path] = ["--cache", tmp_path / "cache", "--dense", "multilingual", "--json"]

    scores = json.loads(run("match", "evaluate", *arguments, *cache))
    calls = hashing.calls
    json.loads(run("match", "evaluate", *arguments, *cache))

    assert [s["ranking"] for s in scores] == ["lexical", "dense", "rrf", "fused"]
    assert all(s["queries"] == 2 for s in scores)
    # The second run embeds its two queries, not the corpus again.
    assert hashing.calls == calls + 2
