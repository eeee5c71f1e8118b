"""One writer at a time on the index, whatever thread or process writes; readers follow commits."""

from __future__ import annotations

import threading
from pathlib import Path

from liaison.matching import storage
from liaison.matching.engine import Document, Index


def live_index() -> Path:
    path = storage.new_generation_path()
    Index.create(path).commit()
    storage.swap_in(path)
    return path


def test_writers_in_many_threads_take_turns_and_lose_nothing(index_dir: Path) -> None:
    path = live_index()
    errors = []

    def write(worker: int) -> None:
        try:
            for n in range(5):
                with storage.write_lock():
                    index = Index.open(path)
                    index.upsert(
                        [Document(id=f"d{worker}-{n}", kind="note", title="锁", text="并发写入")]
                    )
                    index.commit()
                    storage.mark_committed()
        except Exception as error:  # collected: a thread's exception would vanish
            errors.append(error)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    index = storage.open_index()
    assert index is not None
    assert len(index) == 20


def test_write_lock_is_reentrant_within_a_thread(index_dir: Path) -> None:
    with storage.write_lock(), storage.write_lock():
        pass
    # Released: another thread can take it.
    taken = threading.Event()

    def take() -> None:
        with storage.write_lock():
            taken.set()

    thread = threading.Thread(target=take)
    thread.start()
    thread.join(timeout=10)
    assert taken.is_set()


def test_swap_makes_the_new_generation_live_for_readers(index_dir: Path) -> None:
    first = live_index()
    before = storage.open_index()
    second = live_index()

    assert storage.live_path() == second
    assert storage.open_index() is not before
    assert not first.exists()
