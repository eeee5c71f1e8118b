"""Global search and the lists' search boxes on PostgreSQL, with and without the trigram indexes.

    .venv/bin/python benchmarks/search.py --database-url postgres://…/liaison_bench_h4_scale1000

On a demo database already loaded and migrated (`liaison demo --scale N`, `liaison migrate`),
signed in as office staff, it times for each query:

- the global search page's work (`search_everything`: every kind of record, its count and its
  first five) — against the same function as it was before the indexes (`--baseline-rev`,
  loaded from git: `UPPER(col::text) LIKE` over every row, every match ranked and counted);
- each list page with `?q=` (needs, services, organizations, people, agreements,
  achievements; Django's test client, the whole page) — against the same page with the
  search lookups of SQLite (`icontains` and joins, which no index serves) on PostgreSQL.

Both sides run in the same process, one after the other per query, so the machine's load
weighs on them alike. Prints medians and 95th percentiles in ms and the ratio baseline/now,
then the plans (EXPLAIN ANALYZE) of one list search and of one kind's global search, with
the indexes they use. Goal of issue 18: well under 500 ms at scale 1000.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
# The last revision whose global search had no trigram indexes to use.
BASELINE_REV = "b23498a"
QUERIES = ["技术", "涂层", "类器官", "温州", "碳纤维复合材料", "coating", "Wenzhou Pharmaceutical"]
LISTS = [
    "needs:technicalneed_list",
    "needs:servicerecord_list",
    "organizations:organization_list",
    "people:person_list",
    "agreements:agreement_list",
    "achievements:achievement_list",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/liaison_bench_h4_scale1000",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each side")
    parser.add_argument("--baseline-rev", default=BASELINE_REV)
    parser.add_argument("--queries", default=",".join(QUERIES), help="comma-separated")
    parser.add_argument("--only", default="", help="measure only lists whose name has this")
    parser.add_argument("--no-lists", action="store_true")
    parser.add_argument("--no-global", action="store_true")
    return parser.parse_args()


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    # As the production settings connect (see liaison.settings.production).
    os.environ.setdefault("PGOPTIONS", "-c jit=off")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings.embedded")
    data_dir = Path(os.environ.setdefault("LIAISON_DATA_DIR", str(REPO / "var" / "bench")))
    (data_dir / "static").mkdir(parents=True, exist_ok=True)
    os.environ["LIAISON_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


def baseline_selectors(rev: str) -> Any:
    """liaison.search.selectors as it was at `rev`, as a module of its own."""
    source = subprocess.run(
        ["git", "show", f"{rev}:src/liaison/search/selectors.py"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "baseline_selectors.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("baseline_selectors", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["baseline_selectors"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def without_indexes() -> Iterator[None]:
    """The lists' search lookups as on SQLite: `icontains`/`contains`, through joins."""
    with mock.patch("liaison.core.textsearch.indexed", return_value=False):
        yield


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, float]:
    run()  # warm: the plan, the caches, the analyzer's dictionary
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        durations.append((time.perf_counter() - started) * 1000)
    durations.sort()
    p95 = durations[min(len(durations) - 1, round(0.95 * (len(durations) - 1)))]
    return statistics.median(durations), p95


def row(label: str, before: tuple[float, float], now: tuple[float, float], extra: str = "") -> None:
    ratio = before[0] / now[0] if now[0] else float("inf")
    print(
        f"{label:<44} {before[0]:>9.0f} {before[1]:>9.0f} {now[0]:>9.0f} {now[1]:>9.0f} "
        f"{ratio:>7.1f}x  {extra}"
    )


def header(title: str) -> None:
    print()
    print(title)
    print(f"{'':<44} {'before':>9} {'p95':>9} {'now':>9} {'p95':>9} {'ratio':>8}  (ms, median/p95)")


def staff_user() -> Any:
    from django.contrib.auth import get_user_model

    # The demo's office account: every record, through the roles' filter as staff see it.
    return get_user_model()._default_manager.get(username="office")


def global_search(user: Any, queries: list[str], repeat: int, rev: str) -> None:
    from liaison.search import selectors

    old = baseline_selectors(rev)
    header(f"global search (search_everything), before = selectors at {rev}")
    for query in queries:
        before = timed(functools.partial(old.search_everything, user=user, query=query), repeat)
        groups = selectors.search_everything(user=user, query=query)
        now = timed(functools.partial(selectors.search_everything, user=user, query=query), repeat)
        found = sum(g.total for g in groups)
        more = "+" if any(g.more for g in groups) else ""
        row(f"q={query}", before, now, f"{found}{more} matches")


def list_searches(user: Any, queries: list[str], repeat: int, only: str) -> None:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    header("list pages with ?q=, before = the lookups of SQLite (icontains, joins)")
    for name in LISTS:
        if only not in name:
            continue
        path = reverse(name)
        for query in queries:

            def page(path: str = path, query: str = query) -> None:
                status = client.get(path, {"q": query}).status_code
                assert status == 200, (path, status)

            with without_indexes():
                before = timed(page, repeat)
            now = timed(page, repeat)
            row(f"{name.split(':')[1]} q={query}", before, now)


def explain(sql: str, params: Any) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql, params)
        return "\n".join(r[0] for r in cursor.fetchall())


def plans(user: Any, query: str) -> None:
    from liaison.needs.filtersets import ServiceRecordFilterSet
    from liaison.needs.models import ServiceRecord
    from liaison.search import selectors

    print()
    print(f"plan of the services list's search q={query} (count of the page):")
    records = ServiceRecord.objects.restrict(user, "view")
    filtered = ServiceRecordFilterSet({"q": query}, queryset=records, user=user).qs
    print(explain(*filtered.order_by().values("pk").query.sql_with_params()))
    print()
    print(f"plan of the global search among technical needs q={query}:")
    terms = selectors.query_terms(query)
    matches = selectors.noun_matches(
        selectors.NOUNS_BY_KEY["technical_needs"], user=user, terms=terms
    )
    print(explain(*matches[:5].query.sql_with_params()))


def main() -> None:
    args = parse_args()
    sys.path.insert(0, str(REPO / "src"))
    setup_django(args.database_url)
    from liaison.organizations.models import Organization

    user = staff_user()
    print(
        f"database {args.database_url.rsplit('/', 1)[1]}: {Organization.objects.count()} "
        f"organizations; signed in as {user.username}; load average {os.getloadavg()[0]:.1f}"
    )
    queries = [q for q in args.queries.split(",") if q]
    if not args.no_global:
        global_search(user, queries, args.repeat, args.baseline_rev)
    if not args.no_lists:
        list_searches(user, queries, args.repeat, args.only)
    plans(user, queries[1] if len(queries) > 1 else queries[0])


if __name__ == "__main__":
    main()
