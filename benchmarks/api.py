"""How fast the REST API lists records on the demo institute, against the list pages, on PostgreSQL.

    .venv/bin/python benchmarks/api.py [--scale 100] [--repeat 20] [--json]

Uses the demo database of pages.py (`liaison_bench_scale<SCALE>`, loaded the first time) and
the demo's office staff account `office`. For every API list endpoint, GET
/api/v1/<slug>/?per_page=50 with a read token in `Authorization: Bearer` through Django's test
client, and beside it, in the same run, the list page of the same record type signed in as the
same user (50 rows a page too): median and 95th percentile in ms, and the ratio API/page. The
goal of the API's issue: a median of at most 100 ms, and at most the page's.

Also the SQL queries of one list request at per_page=5 and at per_page=50: more queries for
more rows is a query per row (N+1), flagged. Then a bulk read of every organization through
the cursors (per_page=200, following `next` until null): rows, seconds, rows a second, and an
assertion that no row is lost or repeated across pages (the ids against
Organization.objects.count()).

The caller's rate limit (LIAISON_API_RATE) is lifted for the run: it measures the API, not
its throttle, which still runs. The token made for the run is revoked at its end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from typing import Any

from pages import Timing, _named_patterns, ensure_database, load_demo_once, measure, setup_django

GOAL_MS = 100.0
USERNAME = "office"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per URL")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per URL first")
    parser.add_argument("--per-page", type=int, default=50, help="rows per API list request")
    parser.add_argument(
        "--bulk-per-page", type=int, default=200, help="rows per request of the bulk read"
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="default postgres://postgres@127.0.0.1:5432/liaison_bench_scale<SCALE>",
    )
    parser.add_argument("--only", default="", help="measure only endpoints whose slug has this")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    return parser.parse_args()


def list_page_paths() -> dict[type, str]:
    """The path of each list page view class (its first mount), from the URL names `*_list`."""
    from django.urls import NoReverseMatch, get_resolver, resolve, reverse

    paths: dict[type, str] = {}
    for name in sorted(
        n for n in _named_patterns(get_resolver().url_patterns) if n.endswith("_list")
    ):
        if name.startswith(("admin:", "api:")):
            continue
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue  # a list inside another record
        view = getattr(resolve(path).func, "view_class", None)
        if view is not None:
            paths.setdefault(view, path)
    return paths


@dataclass
class Row:
    slug: str
    api: Timing
    api_rows: int
    queries_small: int  # of one request at per_page=5
    queries: int  # of one request at --per-page
    page_path: str | None
    page: Timing | None

    @property
    def ratio(self) -> float | None:
        return self.api.median_ms / self.page.median_ms if self.page else None

    @property
    def n_plus_one(self) -> bool:
        return self.api_rows > 5 and self.queries > self.queries_small

    @property
    def meets(self) -> bool:
        return (
            self.api.status == 200
            and self.api.median_ms <= GOAL_MS
            and (self.page is None or self.api.median_ms <= self.page.median_ms)
            and not self.n_plus_one
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "ratio": self.ratio,
            "n_plus_one": self.n_plus_one,
            "meets": self.meets,
        }


def count_queries(client: Any, path: str) -> tuple[int, int, int]:
    """Status, SQL queries and rows of one request. Not counted: the token's last use, written
    at most once a minute (`tokens.record_use`), whichever request that falls on."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    count = sum(not q["sql"].startswith('UPDATE "api_apitoken"') for q in queries.captured_queries)
    rows = len(response.json().get("results", [])) if response.status_code == 200 else 0
    return response.status_code, count, rows


def bulk_read(client: Any, per_page: int) -> dict[str, Any]:
    """Every organization through the cursors; asserts none is lost or repeated."""
    from django.urls import reverse

    from liaison.organizations.models import Organization

    url: str | None = f"{reverse('api:organizations-list')}?per_page={per_page}"
    ids: list[int] = []
    requests = 0
    started = time.perf_counter()
    while url:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        answer = response.json()
        ids.extend(record["id"] for record in answer["results"])
        url = answer["next"]
        requests += 1
    seconds = time.perf_counter() - started
    expected = Organization.objects.count()
    assert len(set(ids)) == len(ids), f"{len(ids) - len(set(ids))} rows repeated across pages"
    assert len(ids) == expected, f"{len(ids)} rows read, {expected} organizations stored"
    return {
        "rows": len(ids),
        "expected": expected,
        "requests": requests,
        "seconds": seconds,
        "rows_per_second": len(ids) / seconds if seconds else None,
    }


def measure_endpoints(args: argparse.Namespace, api: Any, page_client: Any) -> list[Row]:
    from django.urls import reverse

    from liaison.api.endpoints import endpoints
    from liaison.core.urls import PAGES

    paths = list_page_paths()
    rows = []
    for endpoint in endpoints():
        if args.only not in endpoint.slug:
            continue
        base = reverse(f"api:{endpoint.slug}-list")
        _status, small, _rows = count_queries(api, f"{base}?per_page=5")
        path = f"{base}?per_page={args.per_page}"
        timing = measure(api, path, args.repeat, args.warmup)
        _status, queries, returned = count_queries(api, path)
        pages = PAGES.get(endpoint.model)
        page_path = paths.get(pages.list) if pages and pages.list else None
        page = measure(page_client, page_path, args.repeat, args.warmup) if page_path else None
        rows.append(Row(endpoint.slug, timing, returned, small, queries, page_path, page))
        if not args.json:
            print_row(rows[-1])
    return rows


HEADER = (
    f"{'endpoint':<26} {'st':>3} {'rows':>4} {'p50':>8} {'p95':>8} {'q@5':>4} {'q@50':>4}"
    f"  {'list page':<28} {'p50':>8} {'p95':>8} {'q':>4} {'API/page':>8}  goal"
)


def print_row(row: Row) -> None:
    api = row.api
    cells = (
        f"{row.slug:<26} {api.status:>3} {row.api_rows:>4} {api.median_ms:>6.1f}ms"
        f" {api.p95_ms:>6.1f}ms {row.queries_small:>4} {row.queries:>4}"
    )
    if row.page is not None and row.page_path is not None:
        page = row.page
        cells += (
            f"  {row.page_path:<28} {page.median_ms:>6.1f}ms {page.p95_ms:>6.1f}ms"
            f" {page.queries:>4} {row.ratio:>7.2f}x"
        )
    else:
        cells += f"  {'(no list page)':<28} {'':>8} {'':>8} {'':>4} {'':>8}"
    if api.status != 200:
        verdict = f"HTTP {api.status}"
    elif row.n_plus_one:
        verdict = "N+1"
    elif api.median_ms > GOAL_MS:
        verdict = "OVER"
    elif row.page is not None and api.median_ms > row.page.median_ms:
        verdict = "SLOWER"
    else:
        verdict = "ok"
    print(f"{cells}  {verdict}")


def main() -> int:
    args = parse_args()
    url = args.database_url or f"postgres://postgres@127.0.0.1:5432/liaison_bench_scale{args.scale}"
    # Measured is the API, not its rate limit (1200 requests a minute by default).
    os.environ["LIAISON_API_RATE"] = "1000000/minute"
    # With --json, what setting up prints goes to stderr, so that stdout is the JSON alone.
    with contextlib.redirect_stdout(sys.stderr if args.json else sys.stdout):
        ensure_database(url)
        setup_django(url)
        load_demo_once(args.scale)

    from django.test import Client

    from liaison.accounts.models import User
    from liaison.api.tokens import token_create, token_revoke

    user = User.objects.get(username=USERNAME)
    token, key = token_create(user=user, by=user, name="benchmarks/api.py", scope="read", days=1)
    try:
        api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        page_client = Client()
        page_client.force_login(user)
        if not args.json:
            print(
                f"as {USERNAME!r}: {args.repeat} requests per URL after {args.warmup} warm-up, "
                f"API at per_page={args.per_page}, on {url}"
            )
            print(HEADER)
            print("-" * len(HEADER))
        rows = measure_endpoints(args, api, page_client)
        bulk = bulk_read(api, args.bulk_per_page)
    finally:
        token_revoke(token=token, by=user)

    meeting = sum(row.meets for row in rows)
    if args.json:
        figures = {
            "database": url,
            "user": USERNAME,
            "repeat": args.repeat,
            "warmup": args.warmup,
            "per_page": args.per_page,
            "goal_ms": GOAL_MS,
            "endpoints": [row.as_dict() for row in rows],
            "bulk_organizations": {"per_page": args.bulk_per_page, **bulk},
            "meeting_goal": meeting,
        }
        print(json.dumps(figures, indent=2))
        return 0
    print(
        f"q@5, q@50: SQL queries of one API request at per_page=5 and {args.per_page} (N+1: more "
        f"at {args.per_page}); goal: API p50 ≤ {GOAL_MS:.0f} ms and ≤ the page's, no N+1 — "
        f"{meeting}/{len(rows)} endpoints meet it"
    )
    print(
        f"bulk read of organizations at per_page={args.bulk_per_page}: {bulk['rows']} rows "
        f"(= {bulk['expected']} stored, none lost or repeated) in {bulk['requests']} requests, "
        f"{bulk['seconds']:.2f} s, {bulk['rows_per_second']:.0f} rows/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
