"""What a web machine's replica of the matching index costs to keep (`liaison index follow`).

    .venv/bin/python benchmarks/replication.py --size 100000

Builds the engine's index of benchmarks/matching.py's synthetic corpus (generated once into
--workdir, the folder benchmarks/engine_speed.py uses too) in a writer's index folder, then
times, in wall time (copying is mostly reading and writing files), medians of the repeats:

- the first copy: `replication.follow()` into an empty replica folder;
- an incremental copy: the writer commits a few changed documents, then `follow()`;
- the replica's reader picking up that commit (`storage.reader()` reloading the index);

against the baseline of copying the writer's whole generation again (`shutil.copytree`, what
a copy that does not know which files changed costs), with and without flushing each file to
the disk (follow() flushes what it copied before the state that names it), in the same run. The files are in the
page cache after the build, as they are on a writer that just wrote them: the figures are
the copy's own cost, not a cold disk's or a network's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import django
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(run: Callable[[], object], repeats: int) -> tuple[float, list[Any]]:
    timings, results = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        results.append(run())
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--changed", type=int, default=10, help="documents per small commit")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "liaison-engine-speed"
    )
    arguments = parser.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import matching  # the corpus generator of the matching benchmark

    arguments.workdir.mkdir(parents=True, exist_ok=True)
    corpus = matching.corpus_file(arguments.workdir, arguments.size, matching.CorpusGenerator())
    scratch = Path(tempfile.mkdtemp(prefix="liaison-replication-", dir=arguments.workdir))
    writer_root, replica_root = scratch / "writer", scratch / "replica"
    settings.configure(MATCHING_INDEX_DIR=writer_root, MATCHING_INDEX_SOURCE=None, USE_I18N=False)
    django.setup()
    from liaison.matching import replication, storage
    from liaison.matching.engine import Document, Index

    def documents() -> Iterator[Any]:
        return matching.engine_documents(corpus)

    def as_writer() -> None:
        settings.MATCHING_INDEX_DIR, settings.MATCHING_INDEX_SOURCE = writer_root, None

    def as_replica() -> None:
        settings.MATCHING_INDEX_DIR = replica_root
        settings.MATCHING_INDEX_SOURCE = str(writer_root)

    try:
        as_writer()
        started = time.perf_counter()
        with storage.write_lock():
            generation = storage.new_generation_path()
            index = Index.create(generation)
            index.upsert(documents())
            index.commit()
            storage.swap_in(generation)
        built = time.perf_counter() - started
        size = sum(f.stat().st_size for f in generation.rglob("*") if f.is_file())
        print(f"{arguments.size:,} documents indexed in {built:.1f} s: {size / 2**20:.0f} MB")

        def first_copy() -> replication.FollowReport:
            shutil.rmtree(replica_root, ignore_errors=True)
            as_replica()
            storage.forget_readers()
            return replication.follow()

        def copy_all(*, durable: bool) -> None:
            target = scratch / "copytree"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(generation, target)
            if durable:  # as follow() does: on disk before the state that names them
                for path in [target, *target.rglob("*")]:
                    descriptor = os.open(path, os.O_RDONLY)
                    os.fsync(descriptor)
                    os.close(descriptor)

        first, reports = median_seconds(first_copy, arguments.repeats)
        whole, _ = median_seconds(lambda: copy_all(durable=False), arguments.repeats)
        synced, _ = median_seconds(lambda: copy_all(durable=True), arguments.repeats)
        storage.reader()  # the replica's workers have the index open

        changed = iter(json.loads(line) for line in corpus.open(encoding="utf-8"))
        incremental, picked_up, incremental_reports = [], [], []
        for round_number in range(arguments.repeats):
            as_writer()
            with storage.write_lock():
                index = Index.open(generation)
                index.upsert(
                    Document(
                        id=d["id"],
                        kind=d["kind"],
                        title=f"{d['title']} ({round_number})",
                        text=d["text"],
                        entities=tuple(d.get("entities", ())),
                        attributes=d.get("attributes", {}),
                    )
                    for d in (next(changed) for _ in range(arguments.changed))
                )
                index.commit()
                storage.mark_committed()
            as_replica()
            started = time.perf_counter()
            incremental_reports.append(replication.follow())
            incremental.append(time.perf_counter() - started)
            started = time.perf_counter()
            storage.reader()
            picked_up.append(time.perf_counter() - started)

        def megabytes(reports: list[replication.FollowReport]) -> float:
            return statistics.median(report.bytes for report in reports) / 2**20

        step = statistics.median(incremental)
        print(f"replica of the writer's index, wall time, median of {arguments.repeats}")
        print(
            f"  first copy (follow)        {first:7.3f} s  {megabytes(reports):7.1f} MB"
            f"  x{first / synced:.2f} copytree+fsync  x{first / whole:.2f} copytree"
        )
        print(f"  whole generation copytree  {whole:7.3f} s  {size / 2**20:7.1f} MB  (baseline)")
        print(f"    and fsync of every file  {synced:7.3f} s  {size / 2**20:7.1f} MB  (baseline)")
        print(
            f"  after a {arguments.changed}-document commit {step * 1000:7.1f} ms"
            f"  {megabytes(incremental_reports):7.2f} MB"
            f"  x{step / synced:.3f} copytree+fsync  x{step / whole:.3f} copytree"
        )
        print(
            f"  reader picks it up        {statistics.median(picked_up) * 1000:7.1f} ms"
            "  (storage.reader() reloading)"
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
