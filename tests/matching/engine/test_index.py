from pathlib import Path
from typing import Any

import pytest

from liaison.matching.engine import Analyzer, Document, Index, Matcher
from liaison.matching.engine import index as index_module

from .corpus import institute_documents


def built_index(path: Path) -> Index:
    index = Index.create(path)
    index.upsert(institute_documents())
    index.commit()
    return index


def stored(index: Index, document_id: str) -> Document:
    document = index.get(document_id)
    assert document is not None, document_id
    return document


def found(index: Index, text: str, **kwargs: Any) -> list[str]:
    return [i for i, _ in Matcher(index).search(text, **kwargs)]


def test_an_added_document_is_found_by_the_next_query(tmp_path: Path) -> None:
    index = built_index(tmp_path / "index")
    assert found(index, "钙钛矿") == []

    index.upsert(
        [Document(id="achievement:9", kind="achievement", title="钙钛矿太阳能电池", text="")]
    )
    index.commit()

    assert found(index, "钙钛矿") == ["achievement:9"]
    assert len(index) == len(institute_documents()) + 1


def test_a_changed_document_is_found_by_its_new_words_only(tmp_path: Path) -> None:
    index = built_index(tmp_path / "index")

    index.upsert([Document(id="center:2", kind="center", title="声学实验室", text="消声室")])
    index.commit()

    assert "center:2" not in found(index, "wind tunnel facilities")
    assert found(index, "消声室") == ["center:2"]
    assert len(index) == len(institute_documents())
    assert stored(index, "center:2").title == "声学实验室"
    assert index.dead_records == 1


def test_a_removed_document_is_gone_from_the_next_query(tmp_path: Path) -> None:
    index = built_index(tmp_path / "index")

    index.remove(["person:3", "person:404"])
    index.commit()

    assert found(index, "抗高血压药") == []
    assert index.get("person:3") is None
    assert len(index) == len(institute_documents()) - 1
    assert index.dead_records == 1


def test_changes_are_not_visible_before_the_commit(tmp_path: Path) -> None:
    index = built_index(tmp_path / "index")

    index.remove(["person:3"])

    assert found(index, "抗高血压药") == ["person:3"]


def test_a_document_upserted_twice_in_one_batch_is_kept_once_as_last_given(tmp_path: Path) -> None:
    index = Index.create(tmp_path / "index")
    index.upsert(
        [
            Document(id="need:1", kind="need", title="旧标题", text=""),
            Document(id="need:1", kind="need", title="新标题", text=""),
        ]
    )
    index.commit()

    assert len(index) == 1
    assert stored(index, "need:1").title == "新标题"


def test_a_reopened_index_answers_as_before_with_its_updates(tmp_path: Path) -> None:
    index = built_index(tmp_path / "index")
    index.upsert([Document(id="achievement:9", kind="achievement", title="钙钛矿电池", text="")])
    index.remove(["person:3"])
    index.commit()
    before = Matcher(index).match("固态电池", kind="expert")

    reopened = Index.open(tmp_path / "index")

    assert Matcher(reopened).match("固态电池", kind="expert") == before
    assert found(reopened, "钙钛矿") == ["achievement:9"]
    assert found(reopened, "抗高血压药") == []
    assert reopened.get("person:1") == institute_documents()[0]


def test_a_reader_reloaded_after_another_writers_commit_finds_its_documents(tmp_path: Path) -> None:
    reader = built_index(tmp_path / "index")
    writer = Index.open(tmp_path / "index")
    writer.upsert([Document(id="achievement:9", kind="achievement", title="钙钛矿", text="")])
    writer.commit()
    # (Tantivy may also reload on its own within milliseconds: nothing to assert before.)

    reader.reload()

    assert found(reader, "钙钛矿") == ["achievement:9"]
    assert stored(reader, "achievement:9").title == "钙钛矿"


def test_a_reopened_index_can_be_updated(tmp_path: Path) -> None:
    built_index(tmp_path / "index")
    reopened = Index.open(tmp_path / "index")

    reopened.upsert([Document(id="need:2", kind="need", title="海水淡化膜", text="")])
    reopened.commit()

    assert found(Index.open(tmp_path / "index"), "淡化膜") == ["need:2"]


def test_a_reopened_index_analyses_queries_with_the_user_words_it_was_built_with(
    tmp_path: Path,
) -> None:
    index = Index.create(tmp_path / "index", analyzer=Analyzer(user_words=["氢燃料电堆"]))
    index.upsert([Document(id="need:1", kind="need", title="氢燃料电堆", text="")])
    index.commit()

    reopened = Index.open(tmp_path / "index")

    assert "氢燃料电堆" in reopened.analyzer.query_terms("氢燃料电堆的寿命")


def test_the_stored_document_comes_back_whole(tmp_path: Path) -> None:
    document = Document(
        id="achievement:1",
        kind="achievement",
        title="标题",
        text="text",
        keywords=("a", "b"),
        entities=("person:1",),
        attributes={"local": "1"},
    )
    index = Index.create(tmp_path / "index")
    index.upsert([document])
    index.commit()

    assert index.get("achievement:1") == document
    assert index.get_many(["achievement:1", "nobody:1"]) == {"achievement:1": document}


def test_creating_over_an_existing_index_is_refused(tmp_path: Path) -> None:
    built_index(tmp_path / "index")

    with pytest.raises(FileExistsError):
        Index.create(tmp_path / "index")


def test_opening_a_directory_without_an_index_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Index.open(tmp_path)


def kinds_corpus() -> list[Document]:
    # 40 achievements and 2 needs about membranes, worded so that their scores differ.
    documents = [
        Document(
            id=f"achievement:{n}",
            kind="achievement",
            title="membrane" if n % 3 == 0 else "filter",
            text=" ".join(["membrane"] * (1 + n % 5) + ["water"] * (n % 7)),
        )
        for n in range(40)
    ]
    documents += [
        Document(id="need:1", kind="need", title="membrane", text="membrane fouling"),
        Document(id="need:2", kind="need", title="desalination", text="membrane water"),
    ]
    return documents


@pytest.mark.parametrize("kind", ["achievement", "need"])
def test_a_kind_restriction_ranks_that_kinds_documents_as_the_whole_ranking_does(
    tmp_path: Path, kind: str
) -> None:
    # Achievements are common enough to be filtered from a deeper ranking; needs are rare and
    # take a required clause. Both must give the whole ranking's order, cut to the kind.
    index = Index.create(tmp_path / "index")
    index.upsert(kinds_corpus())
    index.commit()
    weights = dict.fromkeys(index.analyzer.query_terms("membrane water"), 1.0)

    whole = [hit.id for hit in index.search_terms(weights, top=100)]
    restricted = [hit.id for hit in index.search_terms(weights, top=5, kinds=[kind])]

    assert restricted == [i for i in whole if i.startswith(f"{kind}:")][:5]


def test_a_document_removed_and_given_again_in_a_new_index_is_kept_once(tmp_path: Path) -> None:
    index = Index.create(tmp_path / "index")
    index.upsert([Document(id="need:1", kind="need", title="旧标题", text="")])
    index.remove(["need:1"])
    index.upsert([Document(id="need:1", kind="need", title="新标题", text="")])
    index.commit()

    assert len(index) == 1
    assert stored(index, "need:1").title == "新标题"


def test_bytes_left_by_an_interrupted_write_do_not_corrupt_the_next_records(tmp_path: Path) -> None:
    built_index(tmp_path / "index")
    with (tmp_path / "index" / "documents.bin").open("ab") as records:
        records.write(b"half a record from a crashed commit")

    reopened = Index.open(tmp_path / "index")
    reopened.upsert([Document(id="need:2", kind="need", title="海水淡化膜", text="反渗透")])
    reopened.commit()

    assert stored(Index.open(tmp_path / "index"), "need:2").text == "反渗透"
    assert reopened.get("person:1") == institute_documents()[0]


def test_analysis_in_worker_processes_builds_the_same_index_as_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chunks of three documents, so that several are in flight and must come back in order.
    monkeypatch.setattr(index_module, "_CHUNK", 3)
    documents = [
        *institute_documents(),
        Document(id="achievement:20", kind="achievement", title="量子点发光器件", text="旧的"),
        Document(
            id="achievement:21",
            kind="achievement",
            title="Perovskite quantum-dot LEDs",
            text="量子点发光 with perovskite nanocrystals",
            keywords=("量子点发光", "LED"),
            entities=("person:1",),
        ),
        # Given twice in one build: the last one is kept, as in process.
        Document(id="achievement:20", kind="achievement", title="量子点发光二极管", text="新的"),
    ]
    built = {}
    for processes in (1, 2):
        # A user word only the index's settings carry to the workers: without it they would
        # cut 量子点发光 otherwise, and its documents would score otherwise.
        analyzer = Analyzer(user_words=["量子点发光"])
        index = Index.create(tmp_path / f"index-{processes}", analyzer=analyzer)
        index.upsert(documents, processes=processes)
        index.commit()
        built[processes] = index

    serial, parallel = built[1], built[2]
    assert len(parallel) == len(serial) == len(documents) - 1
    assert parallel.store.get(len(documents) - 1) == serial.store.get(len(documents) - 1)
    for text in ("量子点发光", "锂离子电池 正极材料", "wind tunnel aircraft", "perovskite LED"):
        expected = Matcher(serial).search(text, top=10)
        assert expected
        assert Matcher(parallel).search(text, top=10) == expected
    assert stored(parallel, "achievement:20").title == "量子点发光二极管"
    assert stored(parallel, "achievement:21") == stored(serial, "achievement:21")
