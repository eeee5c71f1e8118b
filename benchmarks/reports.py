"""How long the report for a period takes at scale, on PostgreSQL: the catalogue, the PDF, the XLSX.

    .venv/bin/python benchmarks/reports.py [--scale 100] [--repeat 3] [--database-url URL]

Loads the demo at the given scale into its benchmark database (the one benchmarks/pages.py
uses; created and loaded only the first time), then measures, as the office's own report
(every row, `SYSTEM`):

- the catalogue for a quarter (every metric of the latest versions, one period),
- the full report for the announcement's period (2019-05-01 to 2023-05-08: every metric for
  the period and for the previous one, parts, the paragraph) written as a PDF and as an XLSX,
  with the time split between computing the figures and writing the file.

Each is timed `--repeat` times (after one untimed run) and the median printed; the peak
memory of one more run is measured with tracemalloc (Python's allocations: WeasyPrint's
Pango/Cairo memory in C is not in it) and the process's peak resident size after all of it.
Goal (issue 16): the report under 5 s, the catalogue under 1 s.
"""

from __future__ import annotations

import argparse
import datetime
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import ensure_database, load_demo_once, setup_django

REPORT_GOAL_S = 5.0
CATALOGUE_GOAL_S = 1.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each measure")
    parser.add_argument(
        "--database-url",
        default=None,
        help="default postgres://postgres@127.0.0.1:5432/liaison_bench_scale<SCALE>",
    )
    parser.add_argument("--lang", default="zh-hans", help="the report's language")
    return parser.parse_args()


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median seconds of `repeat` runs after one untimed, and the last run's result."""
    result = run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def peak_mib(run: Callable[[], Any]) -> float:
    """Python's peak allocation during one run, in MiB."""
    tracemalloc.start()
    try:
        run()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    args = parse_args()
    url = args.database_url or f"postgres://postgres@127.0.0.1:5432/liaison_bench_scale{args.scale}"
    ensure_database(url)
    setup_django(url)
    load_demo_once(args.scale)

    from liaison.reports.catalogue import catalogue_for
    from liaison.reports.periods import Period
    from liaison.reports.report import report_for
    from liaison.reports.report_output import render_report

    quarter = Period.quarter(datetime.date(2023, 4, 1))
    period = Period(datetime.date(2019, 5, 1), datetime.date(2023, 5, 8))

    def catalogue() -> Any:
        return catalogue_for(period=quarter)

    def compute() -> Any:
        return report_for(period=period, language=args.lang)

    print(f"scale {args.scale}, {args.repeat} timed runs each (median), language {args.lang}")
    rows: list[tuple[str, float, float, float | None]] = []

    seconds, figures = timed(catalogue, args.repeat)
    rows.append(
        (
            f"catalogue, {quarter.describe('en')} ({len(figures)} metrics)",
            seconds,
            0,
            CATALOGUE_GOAL_S,
        )
    )
    catalogue_peak = peak_mib(catalogue)

    compute_seconds, report = timed(compute, args.repeat)
    rows.append(("report: the figures (this period and the previous)", compute_seconds, 0, None))
    peaks = {"catalogue": catalogue_peak}
    sizes = {}
    for format in ("pdf", "xlsx"):
        render_seconds, content = timed(lambda f=format: render_report(report, f), args.repeat)
        sizes[format] = len(content)
        rows.append((f"report: writing the {format.upper()}", render_seconds, 0, None))
        total_seconds, _content = timed(lambda f=format: render_report(compute(), f), args.repeat)
        rows.append((f"report as {format.upper()}, in all", total_seconds, 0, REPORT_GOAL_S))
        peaks[f"report as {format.upper()}"] = peak_mib(
            lambda f=format: render_report(compute(), f)
        )

    width = max(len(name) for name, *_ in rows)
    print(f"{'measure':<{width}}  {'median':>9}  goal")
    for name, seconds, _unused, goal in rows:
        verdict = "" if goal is None else f"< {goal:.0f} s {'met' if seconds < goal else 'MISSED'}"
        print(f"{name:<{width}}  {seconds:>7.2f} s  {verdict}")
    print()
    print("peak Python memory of one run (tracemalloc):")
    for name, mib in peaks.items():
        print(f"  {name:<{width - 2}}  {mib:>7.1f} MiB")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  {'process peak resident size (all of it)':<{width - 2}}  {maxrss:>7.1f} MiB")
    print(f"files: PDF {sizes['pdf']:,} bytes, XLSX {sizes['xlsx']:,} bytes")


if __name__ == "__main__":
    main()
