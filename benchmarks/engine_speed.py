"""The matching engine's own speed, against an earlier revision of it in the same run.

    .venv/bin/python benchmarks/engine_speed.py --size 100000 --baseline d8f21c8

Uses benchmarks/matching.py's synthetic corpus (generated once into --workdir) and builds and
queries each engine in a subprocess of its own. Times are CPU time, not wall time: the
machine this runs on is shared, and CPU time is what the cores would spend. A revision
whose `Index.upsert` takes `processes` builds with that many analysis worker processes
(--processes, default the cores) on all the cores: its build is the CPU time of the process
(all its threads, Tantivy's writer included) and of its workers, and its wall time is printed
beside it; every other build and all the queries are pinned to one core. Prints build time,
index size, peak RSS (and the largest worker's), and p50/p95 of the retrieval
stage (one search, top 10, of the pre-analysed terms the matcher's first pass sends, as it
sends them), the document search (analysis, feedback, second search), and the whole match to
experts and to achievements, with ratios to the baseline. The baseline must be a revision whose matcher
builds its query with `_Query.of` (cb65da1 or later).

The baseline is the engine package at a git revision, extracted with `git archive` into a
scratch folder and imported under another name. `--plain` adds plain Tantivy over the same
documents and queries in the same run: its default tokenizer, title and text in one field, a
query parsed by Tantivy, top 10, one thread. It cuts no Chinese (a run of ideographs is one
token), so it is the floor of the indexing and the search alone, not a ranking to compare with.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
ENGINE = "src/liaison/matching/engine"
WARMUP = 10
STAGES = ("retrieval", "search", "match_expert", "match_achievement")
PLAIN = "plain-tantivy"


def timed(run: Callable[[str], object], queries: list[str]) -> dict[str, float]:
    for query in queries[:WARMUP]:
        run(query)
    timings = []
    for query in queries:
        begun = time.process_time_ns()
        run(query)
        timings.append((time.process_time_ns() - begun) / 1e6)
    return {"p50": statistics.median(timings), "p95": float(np.percentile(timings, 95))}


def plain_child(corpus: Path, queries: list[str], scratch: Path) -> None:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", index_option="freq")
    path = scratch / "plain"
    path.mkdir()
    index = tantivy.Index(builder.build(), str(path))
    started, wall_started = time.process_time(), time.perf_counter()
    writer = index.writer(heap_size=512_000_000, num_threads=1)
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            d = json.loads(line)
            writer.add_document(tantivy.Document(body=f"{d['title']} {d['text']}"))
    writer.commit()
    writer.wait_merging_threads()
    build, wall = time.process_time() - started, time.perf_counter() - wall_started
    index.reload()
    searcher = index.searcher()
    parsed = {query: index.parse_query(query, ["body"]) for query in queries}
    result: dict[str, Any] = {
        "build": build,
        "wall": wall,
        "size": sum(f.stat().st_size for f in path.rglob("*") if f.is_file()),
        "retrieval": timed(lambda q: searcher.search(parsed[q], 10, count=False), queries),
        "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }
    print(json.dumps(result))


def pin_to_one_core() -> None:
    os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})


def cpu_time() -> float:
    """CPU seconds of this process (all its threads) and of its children that have ended."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def child(
    engine_root: str,
    package: str,
    corpus: Path,
    queries_path: Path,
    scratch: Path,
    processes: int,
) -> None:
    if package == PLAIN:
        pin_to_one_core()
        plain_child(corpus, json.loads(queries_path.read_text(encoding="utf-8")), scratch)
        return
    if engine_root:
        sys.path.insert(0, engine_root)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import matching  # the corpus's rows as documents

    module = __import__(package, fromlist=["Document", "Index", "Matcher"])
    query_type = __import__(f"{package}.matcher", fromlist=["_Query"])._Query
    document_type, index_type, matcher_type = module.Document, module.Index, module.Matcher
    queries = json.loads(queries_path.read_text(encoding="utf-8"))

    path = scratch / "index"
    # A revision whose `upsert` takes `processes` analyses in that many worker processes, on
    # all the cores; the build's CPU time is then this process's and its workers'.
    parallel = "processes" in inspect.signature(index_type.upsert).parameters
    upsert_options = {"processes": processes} if parallel else {}
    if not parallel:
        pin_to_one_core()
    started, wall_started = cpu_time(), time.perf_counter()
    own_started = time.process_time()
    index = index_type.create(path)
    index.upsert(matching.engine_documents(corpus, document_type), **upsert_options)
    index.commit()
    build, wall = cpu_time() - started, time.perf_counter() - wall_started
    # The writing process's share: reading the corpus, storing, Tantivy's writer threads.
    own = time.process_time() - own_started
    pin_to_one_core()
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    matcher = matcher_type(index)
    # The retrieval stage searches the terms the matcher's first pass sends (its choice of
    # words and bigrams is part of what a revision may change), analysed beforehand.
    # A revision with `Matcher.first_pass` leaves the title clauses out of its first pass;
    # one with `Ranking.first_pass_bigrams` sends only that many of the query's bigrams.
    first_title_weight = 0.0 if hasattr(matcher, "first_pass") else matcher.ranking.title_weight
    first_bigrams = getattr(matcher.ranking, "first_pass_bigrams", 0)
    prepared = {}
    for query in queries:
        terms = query_type.of(query, index, bigram_weight=matcher.ranking.bigram_weight)
        bigrams = terms.strongest_bigrams(first_bigrams) if first_bigrams else terms.bigrams
        prepared[query] = (terms.weights, bigrams)
    stages: dict[str, Callable[[str], object]] = {
        "retrieval": lambda q: index.search_terms(
            prepared[q][0], bigrams=prepared[q][1], top=10, title_weight=first_title_weight
        ),
        "search": lambda q: matcher.search(q, top=10),
        "match_expert": lambda q: matcher.match(q, kind="expert", top=10),
        "match_achievement": lambda q: matcher.match(q, kind="achievement", top=10),
    }
    result: dict[str, Any] = {"build": build, "wall": wall, "own": own, "size": size}
    for name, run in stages.items():
        result[name] = timed(run, queries)
    result["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    # The largest of the analysis workers, which lived during the build only.
    result["worker_rss"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    result["processes"] = processes if parallel else 0
    print(json.dumps(result))


def baseline_engine(revision: str, folder: Path) -> tuple[str, str]:
    """The engine package at `revision`, importable as `baseline_engine` from the folder."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, ENGINE], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    package = folder / "baseline_engine"
    (folder / ENGINE).rename(package)
    for source in package.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("liaison.matching.engine", "baseline_engine"))
    return str(folder), "baseline_engine"


def measure(
    engine: tuple[str, str], corpus: Path, queries: Path, workdir: Path, processes: int
) -> dict[str, Any]:
    scratch = Path(tempfile.mkdtemp(dir=workdir))
    arguments = [*engine, str(corpus), str(queries), str(scratch), str(processes)]
    try:
        completed = subprocess.run(
            [sys.executable, __file__, "--child", *arguments],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if completed.returncode != 0:
        raise SystemExit(completed.stderr)
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--baseline", default="", help="a git revision of the engine to compare")
    parser.add_argument("--plain", action="store_true", help="add plain Tantivy, same run")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "liaison-engine-speed"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=len(os.sched_getaffinity(0)),
        help="analysis processes of a build (a revision that has them); default: the cores",
    )
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        root, package, corpus, queries, scratch, processes = arguments.child
        child(root, package, Path(corpus), Path(queries), Path(scratch), int(processes))
        return
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import matching  # the corpus generator of the matching benchmark

    workdir: Path = arguments.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    generator = matching.CorpusGenerator()
    corpus = matching.corpus_file(workdir, arguments.size, generator)
    queries = workdir / f"queries-{arguments.queries}.json"
    queries.write_text(json.dumps(generator.queries(arguments.queries), ensure_ascii=False))
    engines = {"engine": ("", "liaison.matching.engine")}
    if arguments.baseline:
        folder = Path(tempfile.mkdtemp(dir=workdir))
        engines[arguments.baseline] = baseline_engine(arguments.baseline, folder)
    if arguments.plain:
        engines[PLAIN] = ("", PLAIN)
    processes = arguments.processes
    results = {
        name: measure(engine, corpus, queries, workdir, processes)
        for name, engine in engines.items()
    }
    base = results.get(arguments.baseline)
    plain = results.get(PLAIN)
    print(
        f"{arguments.size:,} documents, {arguments.queries} queries; build: CPU time of all"
        f" processes (analysis workers included) and wall time, {processes} analysis"
        " processes where the revision has them; queries: one core, CPU time;"
        f" load average {' '.join(f'{load:.1f}' for load in os.getloadavg())}"
    )
    for name, r in results.items():
        line = (
            f"{name:<13} build {r['build']:7.1f} s CPU {r.get('wall', 0.0):7.1f} s wall"
            f"  index {r['size'] / 2**20:7.0f} MB  peak RSS {r['peak_rss'] / 2**20:6.0f} MB"
        )
        if r.get("processes"):
            line += f" + {r['processes']} x {r['worker_rss'] / 2**20:.0f} MB workers"
            line += (
                f"  (writing process {r['own']:.1f} s CPU, workers {r['build'] - r['own']:.1f} s)"
            )
        if base is not None and r is not base:
            line += f"  build x{r['build'] / base['build']:.2f}"
        if plain is not None and r is not plain:
            line += f"  build x{r['build'] / plain['build']:.2f} plain"
            line += f" (wall x{r['wall'] / plain['wall']:.2f})"
        print(line)
        for stage in STAGES:
            if stage not in r:
                continue
            m = r[stage]
            line = f"  {stage:<18} p50 {m['p50']:8.3f} ms  p95 {m['p95']:8.3f} ms"
            if base is not None and r is not base:
                line += f"  p50 x{m['p50'] / base[stage]['p50']:.2f}"
                line += f"  p95 x{m['p95'] / base[stage]['p95']:.2f}"
            if plain is not None and r is not plain:
                line += f"  p50 x{m['p50'] / plain['retrieval']['p50']:.1f} plain retrieval"
            print(line)


if __name__ == "__main__":
    main()
