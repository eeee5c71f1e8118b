"""A web machine follows the one writer's index: each commit copied whole, or not at all."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from pytest_django.fixtures import Settings

from liaison.matching import indexing, replication, selectors, storage
from liaison.matching.engine import DenseIndex, Document, Index
from liaison.matching.engine.store import RECORDS
from tests.people.factories import PersonFactory

from .test_dense import HashingEmbedder


def expert(number: int, title: str = "water pump seals") -> Document:
    return Document(id=f"expert:{number}", kind="expert", title=title, text="flow and valves")


class Writer:
    """The job consumer's machine: its own index folder, written as indexing.py writes it."""

    def __init__(self, settings: Settings, root: Path) -> None:
        self.settings = settings
        self.root = root

    @contextmanager
    def machine(self) -> Iterator[None]:
        replica, source = self.settings.MATCHING_INDEX_DIR, self.settings.MATCHING_INDEX_SOURCE
        self.settings.MATCHING_INDEX_DIR = self.root
        self.settings.MATCHING_INDEX_SOURCE = None
        try:
            yield
        finally:
            self.settings.MATCHING_INDEX_DIR = replica
            self.settings.MATCHING_INDEX_SOURCE = source

    def build(self, documents: list[Document]) -> Path:
        with self.machine(), storage.write_lock():
            path = storage.new_generation_path()
            index = Index.create(path)
            index.upsert(documents)
            index.commit()
            storage.swap_in(path)
            return path

    def commit(self, *, upsert: Sequence[Document] = (), remove: Sequence[str] = ()) -> None:
        with self.machine(), storage.write_lock():
            live = storage.live_path()
            assert live is not None
            index = Index.open(live)
            index.upsert(upsert)
            index.remove(remove)
            index.commit()
            storage.mark_committed()

    @property
    def live(self) -> Path:
        with self.machine():
            live = storage.live_path()
        assert live is not None
        return live


@pytest.fixture
def writer(settings: Settings, tmp_path: Path, index_dir: Path) -> Writer:
    settings.MATCHING_INDEX_SOURCE = str(tmp_path / "writer-index")
    return Writer(settings, tmp_path / "writer-index")


def segment_files(folder: Path) -> set[str]:
    return {name for name in os.listdir(folder) if replication.SEGMENT_FILE.match(name)}


def replica_index() -> Index:
    opened = storage.reader()
    assert opened is not None
    return opened.index


def test_a_reader_on_the_replica_sees_the_writers_commit(writer: Writer, index_dir: Path) -> None:
    writer.build([expert(1), expert(2)])

    report = replication.follow()

    assert report.changed
    assert report.rebuilt
    assert storage.live_path() == index_dir / writer.live.name
    index = replica_index()
    assert len(index) == 2
    found = index.get("expert:2")
    assert found is not None
    assert found.title == "water pump seals"


def test_following_an_unchanged_source_copies_nothing(writer: Writer) -> None:
    writer.build([expert(1)])
    replication.follow()

    again = replication.follow()

    assert not again.changed
    assert (again.files, again.bytes) == (0, 0)


def test_a_second_commit_copies_only_the_new_segment_files(writer: Writer, index_dir: Path) -> None:
    writer.build([expert(1), expert(2)])
    replication.follow()
    local = index_dir / writer.live.name
    before = {name: (local / name).stat().st_ino for name in segment_files(local)}
    index = replica_index()

    writer.commit(upsert=[expert(3, title="laser optics")])
    report = replication.follow()

    new = segment_files(writer.live) - set(before)
    assert new  # the commit wrote a segment of its own
    assert report.changed
    assert not report.rebuilt
    assert report.files == len(new)
    # The first segment's files were left as they were, not copied again.
    assert {name: (local / name).stat().st_ino for name in before} == before
    # The reader this process held sees the commit (reloaded, not reopened).
    assert replica_index() is index
    found = index.get("expert:3")
    assert found is not None
    assert found.title == "laser optics"
    assert len(index) == 3


def test_a_rebuild_on_the_writer_is_followed(writer: Writer, index_dir: Path) -> None:
    first = writer.build([expert(1)])
    replication.follow()
    replica_index()

    second = writer.build([expert(7, title="battery anodes")])
    report = replication.follow()

    assert report.rebuilt
    assert (index_dir / storage.CURRENT).read_text() == second.name
    assert not (index_dir / first.name).exists()
    index = replica_index()
    assert "expert:7" in index
    assert "expert:1" not in index


def test_a_document_deleted_on_the_writer_is_gone_on_the_replica(writer: Writer) -> None:
    writer.build([expert(1), expert(2)])
    replication.follow()
    assert "expert:1" in replica_index()

    writer.commit(remove=["expert:1"])
    replication.follow()

    index = replica_index()
    assert "expert:1" not in index
    assert "expert:2" in index
    assert len(index) == 1


def test_a_segment_file_gone_from_the_source_leaves_the_replica_on_its_last_whole_state(
    writer: Writer, index_dir: Path
) -> None:
    writer.build([expert(1)])
    replication.follow()
    stamps = storage._stamp(index_dir)
    writer.commit(upsert=[expert(2)])
    # The new segment's postings are not there (merged away, or not yet whole on rsync's copy).
    new = sorted(segment_files(writer.live) - segment_files(index_dir / writer.live.name))
    postings = next(writer.live / name for name in new if name.endswith(".idx"))
    held = postings.read_bytes()
    postings.unlink()

    with pytest.raises(replication.SourceNotReady):
        replication.follow()

    assert storage._stamp(index_dir) == stamps
    index = replica_index()
    assert "expert:1" in index
    assert "expert:2" not in index

    postings.write_bytes(held)
    replication.follow()
    assert "expert:2" in replica_index()


def test_a_new_generation_not_yet_whole_leaves_the_replica_where_it_was(
    writer: Writer, index_dir: Path
) -> None:
    writer.build([expert(1)])
    replication.follow()
    stamps = storage._stamp(index_dir)
    # CURRENT names a generation whose first commit is not there (rsync copied CURRENT first).
    half = writer.root / f"{storage.GENERATION_PREFIX}half"
    half.mkdir()
    (writer.root / storage.CURRENT).write_text(half.name)

    with pytest.raises(replication.SourceNotReady):
        replication.follow()

    assert storage._stamp(index_dir) == stamps
    assert "expert:1" in replica_index()


def test_a_round_cut_short_in_the_store_is_written_over(writer: Writer, index_dir: Path) -> None:
    writer.build([expert(1)])
    replication.follow()
    # A round that appended records but died before their ends.
    with open(index_dir / writer.live.name / RECORDS, "ab") as records:
        records.write(b"half a record")

    writer.commit(upsert=[expert(2, title="solar cells")])
    replication.follow()

    found = replica_index().get("expert:2")
    assert found is not None
    assert found.title == "solar cells"
    assert (index_dir / writer.live.name / RECORDS).read_bytes() == (
        writer.live / RECORDS
    ).read_bytes()


def test_the_dense_vectors_and_their_digests_follow_their_manifest(
    writer: Writer, index_dir: Path
) -> None:
    live = writer.build([expert(1), expert(2, title="laser optics")])
    dense = DenseIndex.create(live / "dense", embedder=HashingEmbedder())
    dense.upsert([expert(1), expert(2, title="laser optics")])
    dense.commit()
    with writer.machine():
        storage.mark_committed()
    replication.follow()
    local = index_dir / live.name / "dense"
    assert DenseIndex.open(local, embedder=HashingEmbedder()).ids == ["expert:1", "expert:2"]

    dense.upsert([expert(3, title="battery anodes")])
    dense.remove(["expert:1"])
    dense.commit()
    with writer.machine():
        storage.mark_committed()
    replication.follow()

    followed = DenseIndex.open(local, embedder=HashingEmbedder())
    assert followed.ids == ["expert:2", "expert:3"]
    # The digests came too: the replica's copy knows expert:3 needs no new vector.
    assert followed.embed([expert(3, title="battery anodes")]) == []


def test_every_matrix_the_dense_manifest_names_is_copied(writer: Writer, index_dir: Path) -> None:
    live = writer.build([expert(1)])
    dense = DenseIndex.create(live / "dense", embedder=HashingEmbedder())
    dense.upsert([expert(1)])
    dense.commit()
    # A manifest that names a second matrix of its own (the words' vectors, say).
    manifest = json.loads((live / "dense" / "dense.json").read_text())
    np.save(live / "dense" / "words-1.npy", np.ones((2, 64), dtype=np.float32))
    manifest["vocabulary"] = {"matrix": "words-1.npy", "words": ["水泵", "pump"]}
    (live / "dense" / "dense.json").write_text(json.dumps(manifest))
    with writer.machine():
        storage.mark_committed()

    replication.follow()

    local = index_dir / live.name / "dense"
    assert (local / "words-1.npy").read_bytes() == (live / "dense" / "words-1.npy").read_bytes()
    assert json.loads((local / "dense.json").read_text()) == manifest


def test_a_dense_manifest_naming_a_matrix_gone_leaves_the_replica_where_it_was(
    writer: Writer, index_dir: Path
) -> None:
    live = writer.build([expert(1)])
    replication.follow()
    stamps = storage._stamp(index_dir)
    DenseIndex.create(live / "dense", embedder=HashingEmbedder())
    manifest = json.loads((live / "dense" / "dense.json").read_text())
    manifest["matrix"] = "embeddings-9.npy"  # replaced and removed by a newer commit
    (live / "dense" / "dense.json").write_text(json.dumps(manifest))
    with writer.machine():
        storage.mark_committed()

    with pytest.raises(replication.SourceNotReady):
        replication.follow()

    assert storage._stamp(index_dir) == stamps
    assert not (index_dir / live.name / "dense" / "dense.json").exists()


def test_files_no_state_uses_are_removed_a_round_after_they_were_replaced(
    writer: Writer, index_dir: Path
) -> None:
    writer.build([expert(1)])
    replication.follow()
    local = index_dir / writer.live.name
    first = segment_files(local)
    writer.commit(upsert=[expert(1, title="laser optics")])  # its deletes replace expert:1's
    replication.follow()
    # The readers may still be opening the first state: its files are kept this round.
    assert first <= segment_files(local)

    writer.commit(upsert=[expert(2)])
    replication.follow()

    assert segment_files(local) == segment_files(writer.live)


def test_a_replica_refuses_to_write_its_index(writer: Writer, index_dir: Path) -> None:
    writer.build([expert(1)])
    replication.follow()
    stamps = storage._stamp(index_dir)

    with pytest.raises(storage.ReadOnlyReplica), storage.write_lock():
        pass
    with pytest.raises(storage.ReadOnlyReplica):
        indexing.refresh(["expert:1"])

    assert storage._stamp(index_dir) == stamps


def test_follow_once_reports_what_it_copied(
    writer: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    writer.build([expert(1)])

    call_command("index", "follow", "--once")

    assert writer.live.name in capsys.readouterr().out
    assert "expert:1" in replica_index()


def test_follow_once_says_when_the_source_is_missing(settings: Settings, tmp_path: Path) -> None:
    settings.MATCHING_INDEX_SOURCE = str(tmp_path / "not-mounted")

    with pytest.raises(CommandError, match="not-mounted"):
        call_command("index", "follow", "--once")
    assert storage.live_path() is None


def test_follow_needs_a_source(settings: Settings) -> None:
    settings.MATCHING_INDEX_SOURCE = None

    with pytest.raises(CommandError, match="LIAISON_MATCHING_INDEX_SOURCE"):
        call_command("index", "follow", "--once")


def test_follow_says_what_went_wrong_and_tries_again_next_round(
    writer: Writer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rounds: list[float] = []

    def between_rounds(seconds: float) -> None:
        rounds.append(seconds)
        if len(rounds) == 1:
            writer.build([expert(1)])  # the writer's first index appears meanwhile
        else:
            raise KeyboardInterrupt  # the unit stopped

    monkeypatch.setattr("liaison.matching.management.commands.index.time.sleep", between_rounds)

    with pytest.raises(KeyboardInterrupt):
        call_command("index", "follow", "--interval", "3")

    output = capsys.readouterr()
    assert "not there" in output.err  # the first round: no source yet
    assert writer.live.name in output.out  # the second: copied
    assert rounds == [3.0, 3.0]
    assert "expert:1" in replica_index()


def test_follow_refuses_to_follow_its_own_folder(settings: Settings, index_dir: Path) -> None:
    settings.MATCHING_INDEX_SOURCE = str(index_dir)

    with pytest.raises(CommandError, match="own index folder"):
        call_command("index", "follow")


def test_a_reader_opening_mid_round_sees_the_last_whole_state(
    writer: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer.build([expert(1)])
    replication.follow()
    writer.commit(upsert=[expert(2)], remove=["expert:1"])
    seen: list[tuple[bool, bool]] = []
    replace = replication._replace

    def look_then_replace(path: Path, content: bytes) -> None:
        if path.name == replication.TANTIVY_META:
            # A worker starting now, with the new segments and records copied but not named.
            storage.forget_readers()
            index = replica_index()
            seen.append(("expert:1" in index, "expert:2" in index))
        replace(path, content)

    monkeypatch.setattr(replication, "_replace", look_then_replace)
    replication.follow()

    assert seen == [(True, False)]
    index = replica_index()
    assert ("expert:1" in index, "expert:2" in index) == (False, True)


@pytest.mark.django_db
def test_an_expert_saved_on_the_writer_is_matched_on_the_replica(
    writer: Writer,
    jobs: Callable[[], AbstractContextManager[list[Callable[[], Any]]]],
) -> None:
    with writer.machine(), jobs():
        person = PersonFactory.create(
            expertise=["形状记忆合金"], profile="从事形状记忆合金与电气绝缘材料研究。"
        )

    replication.follow()

    found = [match.entity_id for match in selectors.match("形状记忆合金", kind="expert")]
    assert found == [f"person:{person.pk}"]


@pytest.mark.django_db
def test_a_replica_without_a_copy_yet_says_so_rather_than_building_one(
    writer: Writer, index_dir: Path
) -> None:
    with pytest.raises(storage.ReadOnlyReplica, match="liaison index follow"):
        selectors.match("形状记忆合金", kind="expert")

    assert not index_dir.exists()
