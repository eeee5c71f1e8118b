"""How fast the list pages and the dashboard render on the demo institute, on PostgreSQL.

    .venv/bin/python benchmarks/pages.py [--scale 100] [--repeat 20] [--database-url URL]

Loads the demo at the given scale into a PostgreSQL database of its own (created, migrated
and loaded only the first time; the name carries the scale so two scales never mix), then
renders every list page and the dashboard with Django's test client logged in as staff, and
prints per page the median and 95th percentile in ms, the SQL queries of one render, and the
ratio of its median to a baseline rendered in the same run: the admin changelist of the
page's model (the admin index for pages without one). `--details` adds the page of each
list's first record, whose baseline is that record's admin change page. List pages are every URL name ending
in `_list` that needs no argument (and the rankings named in RANKINGS), so new pages are measured
without editing this script.
The goal of issue 5 is a median under 300 ms for every page at --scale 100. `--roles`
renders each page as office staff, a center manager and an enterprise user instead, each
against staff's median in the same run (issue 14: within 1.5x, under 300 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GOAL_MS = 300.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=20, help="timed renders per page")
    parser.add_argument("--warmup", type=int, default=2, help="untimed renders per page first")
    parser.add_argument(
        "--database-url",
        default=None,
        help="default postgres://postgres@127.0.0.1:5432/liaison_bench_scale<SCALE>",
    )
    parser.add_argument("--only", default="", help="measure only URL names containing this")
    parser.add_argument(
        "--details",
        action="store_true",
        help="also each list's first record: its page, against its admin change page",
    )
    parser.add_argument(
        "--roles",
        action="store_true",
        help="render each page as office staff, a center manager and an enterprise user; "
        "the ratios are against staff",
    )
    return parser.parse_args()


def ensure_database(url: str) -> None:
    """Create the benchmark's database on its server when it does not exist yet."""
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings.embedded")
    # The secret key and job queue of the embedded settings go beside the other local data.
    data_dir = Path(os.environ.setdefault("LIAISON_DATA_DIR", str(REPO / "var" / "bench")))
    # WhiteNoise warns at every start when the static folder is missing.
    (data_dir / "static").mkdir(parents=True, exist_ok=True)
    # Django's test client calls itself "testserver".
    os.environ["LIAISON_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


def load_demo_once(scale: int) -> None:
    from django.core.management import call_command

    from liaison.organizations.models import Organization

    call_command("migrate", verbosity=0)
    if Organization.objects.exists():
        print(f"demo already loaded ({Organization.objects.count()} organizations)")
        return
    print(f"loading the demo at --scale {scale} (about a minute per 100)…")
    started = time.perf_counter()
    call_command("demo", scale=scale, no_progress=True)
    print(f"loaded in {time.perf_counter() - started:.0f} s")


def _named_patterns(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    from django.urls import URLPattern, URLResolver

    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            yield from _named_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


@dataclass
class Page:
    name: str
    path: str
    baseline: str


# Argument-free pages that list records under another name than `_list`.
RANKINGS = frozenset({"brokers:broker_ranking"})


def pages_to_measure(only: str, details: bool = False) -> list[Page]:
    """The dashboard and every argument-free `_list` URL, each with its baseline page.

    With `details`, also the page of each list's first record, measured against that
    record's admin change page.
    """
    from django.contrib import admin
    from django.urls import NoReverseMatch, get_resolver, resolve, reverse

    admin_index = reverse("admin:index")
    found: list[Page] = [Page("dashboard (/)", "/", admin_index)]
    named = _named_patterns(get_resolver().url_patterns)
    names = sorted({n for n in named if n.endswith("_list") or n in RANKINGS})
    for name in names:
        if name.startswith("admin:"):
            continue
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue  # needs an argument: a list inside another record
        view = getattr(resolve(path).func, "view_class", None)
        queryset = getattr(view, "queryset", None)
        model = getattr(queryset, "model", None) or getattr(view, "model", None)
        baseline = admin_index
        if model is not None and admin.site.is_registered(model):
            meta = model._meta
            baseline = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        found.append(Page(name, path, baseline))
        if model is not None and details:
            found.extend(_detail_page(name, model))
    return [p for p in found if only in p.name]


def _detail_page(list_name: str, model: Any) -> list[Page]:
    """The page of the list's first record, with that record's admin change page as baseline."""
    from django.urls import NoReverseMatch, reverse

    pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    if pk is None:
        return []
    name = list_name.removesuffix("_list") + "_detail"
    try:
        path = reverse(name, args=(pk,))
        meta = model._meta
        baseline = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=(pk,))
    except NoReverseMatch:
        return []
    return [Page(name, path, baseline)]


@dataclass
class Timing:
    status: int
    median_ms: float
    p95_ms: float
    queries: int


def measure(client: Any, path: str, repeat: int, warmup: int) -> Timing:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        client.get(path)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    # Counted now: the log it slices is cleared by the next request.
    query_count = len(queries)
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        durations.append((time.perf_counter() - started) * 1000)
    durations.sort()
    p95 = durations[min(len(durations) - 1, round(0.95 * (len(durations) - 1)))]
    return Timing(status, statistics.median(durations), p95, query_count)


def role_clients() -> dict[str, Any]:
    """Clients signed in as office staff, the manager of the center with the most needs
    assigned, and a user of the enterprise with the most needs: the heaviest scopes."""
    from django.db.models import Count
    from django.test import Client

    from liaison.accounts.choices import RoleKind
    from liaison.accounts.models import User
    from liaison.accounts.services import assign
    from liaison.centers.models import Center
    from liaison.organizations.models import Organization

    center = Center.objects.annotate(n=Count("technical_needs")).order_by("-n", "pk").first()
    organization = (
        Organization.objects.annotate(n=Count("technical_needs")).order_by("-n", "pk").first()
    )
    scopes = {
        "staff": (RoleKind.STAFF, {}),
        "center manager": (RoleKind.CENTER_MANAGER, {"centers": [center]}),
        "enterprise user": (RoleKind.ENTERPRISE, {"organization": organization}),
    }
    clients = {}
    for label, (kind, scope) in scopes.items():
        user, created = User.objects.get_or_create(
            username=f"bench-{kind}", defaults={"is_staff": True}
        )
        if created:
            assign(user, kind, **scope)
        client = Client()
        client.force_login(user)
        clients[label] = client
    return clients


def main_roles(args: argparse.Namespace, url: str) -> int:
    """Each page as staff, a center manager and an enterprise user (the goal of issue 14:
    every list under 300 ms median, within 1.5x of staff's)."""
    clients = role_clients()
    pages = pages_to_measure(args.only, details=args.details)
    print(f"{len(pages)} pages, {args.repeat} renders each after {args.warmup} warm-up, on {url}")
    header = f"{'page':<34} " + " ".join(f"{label:>26}" for label in clients)
    print(header)
    print("-" * len(header))
    over = 0
    for page in pages:
        cells = []
        staff: Timing | None = None
        for client in clients.values():
            timing = measure(client, page.path, args.repeat, args.warmup)
            staff = staff or timing
            ratio = timing.median_ms / staff.median_ms
            meets = timing.median_ms < GOAL_MS and ratio <= 1.5
            over += timing.status == 200 and not meets
            cells.append(
                f"{timing.status} {timing.median_ms:6.1f}ms {timing.queries:3}q {ratio:4.2f}x"
                f"{'' if meets else '!'}"
            )
        print(f"{page.name:<34} " + " ".join(f"{c:>26}" for c in cells))
    print(
        "each cell: status, median, queries, ratio to staff's median in this run; "
        f"! marks a page over {GOAL_MS:.0f} ms or over 1.5x staff's — {over} marked"
    )
    return 0


def main() -> int:
    args = parse_args()
    url = args.database_url or f"postgres://postgres@127.0.0.1:5432/liaison_bench_scale{args.scale}"
    ensure_database(url)
    setup_django(url)
    load_demo_once(args.scale)
    if args.roles:
        return main_roles(args, url)

    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model()._default_manager.get_or_create(
        username="bench-staff", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)

    pages = pages_to_measure(args.only, details=args.details)
    print(f"{len(pages)} pages, {args.repeat} renders each after {args.warmup} warm-up, on {url}")
    header = f"{'page':<34} {'status':>6} {'median':>8} {'p95':>8} {'queries':>7} {'baseline':>9} {'ratio':>6}  goal"
    print(header)
    print("-" * len(header))
    baselines: dict[str, Timing] = {}
    slow = 0
    for page in pages:
        timing = measure(client, page.path, args.repeat, args.warmup)
        if page.baseline not in baselines:
            baselines[page.baseline] = measure(client, page.baseline, args.repeat, args.warmup)
        base = baselines[page.baseline]
        meets = timing.status == 200 and timing.median_ms < GOAL_MS
        slow += not meets
        print(
            f"{page.name:<34} {timing.status:>6} {timing.median_ms:>6.1f}ms {timing.p95_ms:>6.1f}ms "
            f"{timing.queries:>7} {base.median_ms:>7.1f}ms {timing.median_ms / base.median_ms:>5.2f}x"
            f"  {'ok' if meets else 'OVER' if timing.status == 200 else f'HTTP {timing.status}'}"
        )
    print(
        f"baseline = the admin changelist of the page's model (admin index otherwise); "
        f"goal: median < {GOAL_MS:.0f} ms — {len(pages) - slow}/{len(pages)} pages meet it"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
