"""How fast the matching engine builds and answers, against plain baselines in the same run.

    .venv/bin/python benchmarks/matching.py --sizes 10000,100000,1000000

For each size it generates (once, cached in --workdir) a deterministic synthetic corpus of
mixed Chinese/English 60-word documents — Zipfian vocabularies of Chinese and English words,
topics that make some words go together, expert and center profiles plus achievements and
needs that name their experts and center — and 8-word queries drawn the same way. Then each
system is built and queried in a subprocess of its own, pinned to one core, so that its peak
resident memory is its own:

- engine: liaison.matching.engine (Tantivy), retrieval alone (``Matcher.search``, top 10) and
  the whole match (analysis, retrieval, aggregation to experts, explanation; ``Matcher.match``);
- fts5: SQLite FTS5 over the engine analyzer's terms joined by spaces, ranked by bm25();
- rank_bm25: BM25Okapi over the same terms; only up to 100k documents, since it scores every
  document for every query term in Python (a 1M run would take hours).

Build times include the analysis of every document. "retrieval" for the baselines is the
ranking of pre-analysed query terms; "whole" adds the analysis of the query (they have no
entities to aggregate nor explanations to give). Latencies are medians (p50) and 95th
percentiles over the queries, one at a time; QPS is queries per second on that one core.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

SEED = 20240601
WORDS_PER_DOCUMENT = 60
WORDS_PER_TITLE = 6
WORDS_PER_QUERY = 8
TOPICS = 200
WORDS_PER_TOPIC = 120  # per language
TOPICAL_SHARE = 0.35  # of a document's words drawn from its topic instead of the language at large
VOCABULARY = 30_000  # words per language
EXPERT_SHARE = 1 / 20  # of the documents that are expert profiles
CENTER_SHARE = 1 / 1000
RANK_BM25_LIMIT = 100_000
RANK_BM25_QUERIES = 30  # it takes ~0.5 s a query at 100k
WARMUP = 10

# 400 common characters: words are made of them, so the segmenter meets both dictionary
# words and character strings it has to cut on its own, as in real abstracts.
CHINESE_CHARACTERS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
ONSETS = (
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "br",
    "cr",
    "tr",
    "st",
    "pl",
    "gr",
)
VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "io", "ou")
CODAS = ("", "", "n", "r", "s", "l", "m", "x", "nt", "st", "ng")
CLAUSE = "，"


# ----------------------------------------------------------------------------- the corpus


def chinese_words(rng: np.random.Generator, count: int) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < count:
        length = int(rng.choice([2, 3, 4], p=[0.72, 0.22, 0.06]))
        picks = rng.integers(0, len(CHINESE_CHARACTERS), length)
        words["".join(CHINESE_CHARACTERS[i] for i in picks)] = None
    return list(words)


def english_words(rng: np.random.Generator, count: int) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < count:
        syllables = int(rng.choice([1, 2, 3], p=[0.3, 0.5, 0.2]))
        words[
            "".join(
                ONSETS[rng.integers(len(ONSETS))]
                + VOWELS[rng.integers(len(VOWELS))]
                + CODAS[rng.integers(len(CODAS))]
                for _ in range(syllables)
            )
        ] = None
    return list(words)


def zipf_cdf(size: int, exponent: float = 1.0, offset: float = 2.7) -> np.ndarray:
    """Zipf–Mandelbrot: word frequencies as in natural text, the head a little flattened."""
    weights = 1.0 / np.power(np.arange(1, size + 1) + offset, exponent)
    cdf = np.cumsum(weights)
    return cdf / cdf[-1]


class Language:
    """The words of one language, how often each is used, and the words of each topic."""

    def __init__(self, words: list[str], rng: np.random.Generator, *, chinese: bool) -> None:
        self.words = np.array(words, dtype=object)
        self.chinese = chinese
        self.cdf = zipf_cdf(len(words))
        # A topic's words are mid-frequency words, the field's vocabulary, not "the" or "的".
        self.topics = rng.integers(200, len(words), (TOPICS, WORDS_PER_TOPIC))
        self.topic_cdf = zipf_cdf(WORDS_PER_TOPIC, exponent=0.8, offset=1.0)


class CorpusGenerator:
    def __init__(self, seed: int = SEED) -> None:
        rng = np.random.default_rng(seed)
        self.chinese = Language(chinese_words(rng, VOCABULARY), rng, chinese=True)
        self.english = Language(english_words(rng, VOCABULARY), rng, chinese=False)
        self.seed = seed

    def words(
        self, rng: np.random.Generator, topics: np.ndarray, chinese_share: np.ndarray, length: int
    ) -> list[list[str]]:
        """``length`` words for each row: its topic's words or the language's, by its mix."""
        rows = len(topics)
        is_chinese = rng.random((rows, length)) < chinese_share[:, None]
        topical = rng.random((rows, length)) < TOPICAL_SHARE
        general_draw = rng.random((rows, length))
        topic_draw = rng.random((rows, length))
        out = np.empty((rows, length), dtype=object)
        for language, mask in ((self.chinese, is_chinese), (self.english, ~is_chinese)):
            general = np.searchsorted(language.cdf, general_draw)
            in_topic = np.searchsorted(language.topic_cdf, topic_draw)
            topic_word = language.topics[topics[:, None], in_topic]
            chosen = np.where(topical, topic_word, general)
            out[mask] = language.words[chosen[mask]]
        return out.tolist()

    @staticmethod
    def join(words: Sequence[str], rng_value: float) -> str:
        """Chinese words run together, in clauses of a few words; English words take spaces."""
        parts: list[str] = []
        in_chinese = 0
        clause_length = 3 + int(rng_value * 5)
        for word in words:
            chinese = word[0] >= "\u3400"
            if chinese:
                if in_chinese and in_chinese % clause_length == 0:
                    parts.append(CLAUSE)
                elif parts and not in_chinese:
                    parts.append(" ")
                in_chinese += 1
            else:
                if parts:
                    parts.append(" ")
                in_chinese = 0
            parts.append(word)
        return "".join(parts)

    def documents(self, count: int, *, chunk: int = 20_000) -> Iterator[dict[str, Any]]:
        rng = np.random.default_rng([self.seed, count])
        experts = max(1, int(count * EXPERT_SHARE))
        centers = max(1, int(count * CENTER_SHARE))
        experts_per_topic = math.ceil(experts / TOPICS)
        for start in range(0, count, chunk):
            rows = min(chunk, count - start)
            numbers = np.arange(start, start + rows)
            topics = rng.integers(0, TOPICS, rows)
            # profiles speak about their own expert's topic
            profile = numbers < experts
            topics[profile] = numbers[profile] % TOPICS
            mix = rng.choice([0.9, 0.5, 0.1], size=rows, p=[0.45, 0.2, 0.35])
            texts = self.words(rng, topics, mix, WORDS_PER_DOCUMENT)
            titles = self.words(rng, topics, mix, WORDS_PER_TITLE)
            clause = rng.random(rows)
            authors = rng.integers(0, experts_per_topic, (rows, 3))
            author_count = rng.choice([1, 2, 3], size=rows, p=[0.5, 0.3, 0.2])
            kind_draw = rng.random(rows)
            flags = rng.random((rows, 3))
            for row in range(rows):
                number = int(numbers[row])
                text = self.join(texts[row], float(clause[row]))
                title = self.join(titles[row], float(clause[row]))
                if number < experts:
                    yield {
                        "id": f"person:{number}",
                        "kind": "expert",
                        "title": title,
                        "text": text,
                        "attributes": {
                            "org_kind": ("university", "enterprise", "hospital")[
                                int(flags[row, 0] * 3)
                            ],
                            "local": "1" if flags[row, 1] < 0.6 else "0",
                            "center": f"center:{number % centers}",
                            "available": "1" if flags[row, 2] < 0.8 else "0",
                        },
                    }
                    continue
                if number < experts + centers:
                    yield {
                        "id": f"center:{number - experts}",
                        "kind": "center",
                        "title": title,
                        "text": text,
                    }
                    continue
                topic = int(topics[row])
                people = {
                    person
                    for person in (
                        topic + TOPICS * int(a) for a in authors[row, : author_count[row]]
                    )
                    if person < experts
                } or {topic % experts}
                kind = "achievement" if kind_draw[row] < 0.7 else "need"
                yield {
                    "id": f"{kind}:{number}",
                    "kind": kind,
                    "title": title,
                    "text": text,
                    "entities": [f"person:{p}" for p in sorted(people)]
                    + [f"center:{min(people) % centers}"],
                }

    def queries(self, count: int) -> list[str]:
        rng = np.random.default_rng([self.seed, count, 1])
        topics = rng.integers(0, TOPICS, count)
        mix = rng.choice([0.9, 0.5, 0.1], size=count, p=[0.45, 0.2, 0.35])
        words = self.words(rng, topics, mix, WORDS_PER_QUERY)
        return [self.join(w, 1.0) for w in words]


def corpus_file(workdir: Path, size: int, generator: CorpusGenerator) -> Path:
    path = workdir / f"corpus-{generator.seed}-{size}.jsonl"
    if not path.exists():
        started = time.perf_counter()
        staged = path.with_suffix(".tmp")
        with staged.open("w", encoding="utf-8") as out:
            for document in generator.documents(size):
                out.write(json.dumps(document, ensure_ascii=False))
                out.write("\n")
        staged.rename(path)
        print(
            f"  generated {size:,} documents in {time.perf_counter() - started:.1f} s", flush=True
        )
    return path


def read_corpus(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


# ------------------------------------------------------------------- the systems (children)


def engine_documents(corpus: Path, document_type: Any = None) -> Iterator[Any]:
    """The corpus's rows as the matching engine's documents, read as they are needed.

    `document_type` is the engine's `Document` unless another revision's is given.
    """
    if document_type is None:
        from liaison.matching.engine import Document as document_type

    for d in read_corpus(corpus):
        yield document_type(
            id=d["id"],
            kind=d["kind"],
            title=d["title"],
            text=d["text"],
            entities=tuple(d.get("entities", ())),
            attributes=d.get("attributes", {}),
        )


def pin_to_one_core() -> int:
    core = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def directory_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def clocks() -> tuple[float, float]:
    """Wall and CPU seconds: on a busy machine the CPU time is the figure that stays true."""
    return time.perf_counter(), time.process_time()


def since(started: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = clocks()
    return wall - started[0], cpu - started[1]


def latencies(
    run: Callable[[str], object], queries: Sequence[str], *, warmup: int = WARMUP
) -> list[tuple[float, float]]:
    """Wall and CPU milliseconds of each query."""
    for query in queries[:warmup]:
        run(query)
    timings = []
    for query in queries:
        started = clocks()
        run(query)
        wall, cpu = since(started)
        timings.append((wall * 1000, cpu * 1000))
    return timings


def summary(timings: list[tuple[float, float]]) -> dict[str, float]:
    wall = [w for w, _ in timings]
    cpu = [c for _, c in timings]
    return {
        "p50": statistics.median(wall),
        "p95": float(np.percentile(wall, 95)),
        "qps": 1000 * len(wall) / sum(wall),
        "cpu_p50": statistics.median(cpu),
        "cpu_p95": float(np.percentile(cpu, 95)),
        "n": len(timings),
    }


def analysed(document: dict[str, Any], analyzer: Any) -> list[str]:
    return analyzer.terms(f"{document['title']}\n{document['text']}")


def run_fts5(corpus: Path, queries: list[str], workdir: Path) -> dict[str, Any]:
    from liaison.matching.engine.analysis import Analyzer

    analyzer = Analyzer()
    database = workdir / "fts5.sqlite"
    database.unlink(missing_ok=True)
    started = clocks()
    connection = sqlite3.connect(database)
    connection.executescript(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
        # the terms are already analysed: unicode61 only splits them at the spaces
        "CREATE VIRTUAL TABLE documents USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');"
    )
    batch: list[tuple[str]] = []
    for document in read_corpus(corpus):
        batch.append((" ".join(analysed(document, analyzer)),))
        if len(batch) == 10_000:
            connection.executemany("INSERT INTO documents (terms) VALUES (?)", batch)
            batch = []
    connection.executemany("INSERT INTO documents (terms) VALUES (?)", batch)
    connection.execute("INSERT INTO documents (documents) VALUES ('optimize')")
    connection.commit()
    build, build_cpu = since(started)
    size = database.stat().st_size

    def expression(terms: list[str]) -> str:
        return " OR ".join(f'"{term}"' for term in dict.fromkeys(terms))

    def rank(match: str) -> list[int]:
        return [
            rowid
            for (rowid,) in connection.execute(
                "SELECT rowid FROM documents WHERE documents MATCH ? ORDER BY rank LIMIT 10",
                (match,),
            )
        ]

    prepared = {query: expression(analyzer.query_terms(query)) for query in queries}
    retrieval = latencies(lambda q: rank(prepared[q]), queries)
    whole = latencies(lambda q: rank(expression(analyzer.query_terms(q))), queries)
    return {
        "build": build,
        "build_cpu": build_cpu,
        "size": size,
        "retrieval": summary(retrieval),
        "whole": summary(whole),
    }


def run_rank_bm25(corpus: Path, queries: list[str], workdir: Path) -> dict[str, Any]:
    from rank_bm25 import BM25Okapi

    from liaison.matching.engine.analysis import Analyzer

    analyzer = Analyzer()
    started = clocks()
    bm25 = BM25Okapi([analysed(document, analyzer) for document in read_corpus(corpus)])
    build, build_cpu = since(started)
    queries = queries[:RANK_BM25_QUERIES]

    def rank(terms: list[str]) -> list[int]:
        scores = bm25.get_scores(terms)
        best = np.argpartition(-scores, 10)[:10]
        return best[np.argsort(-scores[best])].tolist()

    prepared = {query: analyzer.query_terms(query) for query in queries}
    retrieval = latencies(lambda q: rank(prepared[q]), queries, warmup=2)
    whole = latencies(lambda q: rank(analyzer.query_terms(q)), queries, warmup=2)
    return {
        "build": build,
        "build_cpu": build_cpu,
        "size": None,
        "retrieval": summary(retrieval),
        "whole": summary(whole),
    }


def run_engine(corpus: Path, queries: list[str], workdir: Path) -> dict[str, Any]:
    from liaison.matching.engine import Index, Matcher
    from liaison.matching.engine.matcher import _Query

    path = workdir / "engine"
    started = clocks()
    index = Index.create(path)
    index.upsert(engine_documents(corpus))
    index.commit()
    build, build_cpu = since(started)
    size = directory_size(path)
    matcher = Matcher(index)
    # The retrieval stage: the matcher's first pass (the query's words and bigrams as it
    # chooses them, analysed beforehand, without title clauses) through Tantivy's block-max
    # WAND to the 10 best documents.
    prepared = {
        q: _Query.of(q, index, bigram_weight=matcher.ranking.bigram_weight) for q in queries
    }
    retrieval = latencies(
        lambda q: index.search_terms(
            prepared[q].weights, bigrams=prepared[q].bigrams, top=10, title_weight=0.0
        ),
        queries,
    )
    # Documents as the evaluation ranks them: analysis, retrieval, feedback, second retrieval.
    search = latencies(lambda q: matcher.search(q, top=10), queries)
    whole = latencies(lambda q: matcher.match(q, kind="expert", top=10), queries)
    return {
        "build": build,
        "build_cpu": build_cpu,
        "size": size,
        "retrieval": summary(retrieval),
        "search": summary(search),
        "whole": summary(whole),
    }


SYSTEMS: dict[str, Callable[[Path, list[str], Path], dict[str, Any]]] = {
    "engine": run_engine,
    "fts5": run_fts5,
    "rank_bm25": run_rank_bm25,
}


def child(system: str, corpus: Path, queries_path: Path, workdir: Path) -> None:
    core = pin_to_one_core()
    queries = json.loads(queries_path.read_text(encoding="utf-8"))
    result = SYSTEMS[system](corpus, queries, workdir)
    # ru_maxrss is in KiB on Linux: the peak over the build and the queries.
    result["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    result["core"] = core
    result["load"] = os.getloadavg()[0]
    output = json.dumps(result)
    # kept beside the corpora too, for a run whose parent is gone or older
    (workdir.parent / f"result-{system}-{corpus.stem}.json").write_text(output)
    print(output)


# ---------------------------------------------------------------------------- the report


def measure(system: str, corpus: Path, queries: Path, workdir: Path) -> dict[str, Any]:
    scratch = Path(tempfile.mkdtemp(prefix=f"{system}-", dir=workdir))
    completed = subprocess.run(
        [sys.executable, __file__, "--child", system, str(corpus), str(queries), str(scratch)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")},
    )
    subprocess.run(["rm", "-rf", str(scratch)], check=False)
    if completed.returncode != 0:
        raise SystemExit(f"{system} failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def megabytes(size: float | None) -> str:
    return "in memory" if size is None else f"{size / 2**20:,.0f} MB"


# Which baseline stage an engine stage is compared with.
COUNTERPART = {"retrieval": "retrieval", "search": "whole", "whole": "whole"}
STAGE_NAMES = {
    "retrieval": "retrieval",
    "search": "search (documents)",
    "whole": "whole match / query",
}
BASELINES = ("fts5", "rank_bm25")


def report(size: int, results: dict[str, dict[str, Any]]) -> None:
    baselines = [name for name in BASELINES if name in results]
    engine = results.get("engine")
    load = max(r["load"] for r in results.values())
    print(f"\n{size:,} documents (load average up to {load:.1f}; CPU columns are process time)")
    header = f"{'system':<10} {'build s':>8} {'CPU s':>8} {'index':>10} {'peak RSS':>9}" + "".join(
        f" {'build ×' + b:>16} {'CPU ×' + b:>14} {'RSS ×' + b:>14}" for b in baselines
    )
    print(header)
    for system, r in results.items():
        line = (
            f"{system:<10} {r['build']:>8.1f} {r['build_cpu']:>8.1f} "
            f"{megabytes(r['size']):>10} {megabytes(r['peak_rss']):>9}"
        )
        if system == "engine":
            for b in baselines:
                base = results[b]
                line += (
                    f" {r['build'] / base['build']:>16.2f} {r['build_cpu'] / base['build_cpu']:>14.2f}"
                    f" {r['peak_rss'] / base['peak_rss']:>14.2f}"
                )
        print(line)
    header = (
        f"{'system':<10} {'stage':<20} {'p50 ms':>9} {'p95 ms':>9} {'QPS':>8} "
        f"{'CPU p50':>9} {'CPU p95':>9} {'n':>4}"
        + "".join(f" {'p50 ×' + b:>15} {'p95 ×' + b:>15} {'CPU p50 ×' + b:>19}" for b in baselines)
    )
    print(header)
    for system, r in results.items():
        for stage in ("retrieval", "search", "whole"):
            if stage not in r:
                continue
            m = r[stage]
            line = (
                f"{system:<10} {STAGE_NAMES[stage]:<20} {m['p50']:>9.3f} {m['p95']:>9.3f} "
                f"{m['qps']:>8.0f} {m['cpu_p50']:>9.3f} {m['cpu_p95']:>9.3f} {m['n']:>4}"
            )
            if r is engine:
                for b in baselines:
                    base = results[b][COUNTERPART[stage]]
                    line += (
                        f" {m['p50'] / base['p50']:>15.4f} {m['p95'] / base['p95']:>15.4f}"
                        f" {m['cpu_p50'] / base['cpu_p50']:>19.4f}"
                    )
            print(line)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200, help="queries per system and size")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "liaison-matching-bench"
    )
    parser.add_argument("--child", nargs=4, metavar=("SYSTEM", "CORPUS", "QUERIES", "DIR"))
    arguments = parser.parse_args(argv)
    if arguments.child:
        system, corpus, queries, workdir = arguments.child
        child(system, Path(corpus), Path(queries), Path(workdir))
        return

    arguments.workdir.mkdir(parents=True, exist_ok=True)
    generator = CorpusGenerator(arguments.seed)
    systems = arguments.systems.split(",")
    print(f"one core per system; {arguments.queries} queries of {WORDS_PER_QUERY} words, top 10")
    for size in (int(s) for s in arguments.sizes.split(",")):
        corpus = corpus_file(arguments.workdir, size, generator)
        queries = arguments.workdir / f"queries-{arguments.seed}-{arguments.queries}.json"
        queries.write_text(
            json.dumps(generator.queries(arguments.queries), ensure_ascii=False), encoding="utf-8"
        )
        results = {}
        for system in systems:
            if system == "rank_bm25" and size > RANK_BM25_LIMIT:
                print(f"  rank_bm25 skipped at {size:,}: it scores every document in Python")
                continue
            results[system] = measure(system, corpus, queries, arguments.workdir)
        report(size, results)


if __name__ == "__main__":
    main()
