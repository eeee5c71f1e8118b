from pathlib import Path

from liaison.matching.engine.store import DocumentStore


def test_appended_records_are_read_back_by_key_after_a_flush(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path)
    keys = [store.append(record) for record in (b"first", b"", "第三".encode())]
    store.flush()

    assert keys == [0, 1, 2]
    assert [store.get(key) for key in keys] == [b"first", b"", "第三".encode()]


def test_a_second_store_on_the_same_files_sees_what_the_first_appended(tmp_path: Path) -> None:
    writer = DocumentStore(tmp_path)
    reader = DocumentStore(tmp_path)
    writer.append(b"one")
    writer.flush()

    assert reader.get(0) == b"one"  # a key past its map makes the reader map again
    writer.append(b"two")
    writer.flush()
    reader.refresh()
    assert reader.get(1) == b"two"


def test_a_refresh_leaves_the_map_a_concurrent_read_holds_readable(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path)
    store.append(b"kept")
    store.flush()
    held = store._map  # what a search in another thread is slicing

    store.append(b"new")
    store.flush()

    assert store._map is not held
    assert held is not None
    assert held[0:4] == b"kept"
