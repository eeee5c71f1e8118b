"""How fast a chain's map is counted and its page renders with many records placed, on PostgreSQL.

    .venv/bin/python benchmarks/chains_map.py [--placements 1000000] [--repeat 10] [--database-url URL]

Makes (the first time only) a chain of six segments and places on it `--placements`
records: enterprises, needs (half of them open), achievements, centers with a researcher
serving at each, and experts, spread over the segments, in a database of its own. Then it
times `chains.selectors.chain_map` and the chain's page (rendered with Django's test client,
logged in as staff) and prints their median and 95th percentile in ms and the SQL queries of
one render. The map counts in SQL grouped by segment, so its queries do not grow with the
records; its time grows with the placements scanned (the index on segment, status and kind).
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from pages import ensure_database, setup_django  # noqa: E402

BATCH = 5000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--placements", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--database-url", default=None)
    return parser.parse_args()


def fill(placements: int) -> int:
    """The chain, made and filled once; its pk."""
    from django.core.management import call_command

    from liaison.achievements.models import Achievement
    from liaison.centers.models import Appointment, Center
    from liaison.chains.models import ChainSegment, IndustryChain, SegmentPlacement
    from liaison.needs.models import TechnicalNeed
    from liaison.organizations.models import Organization
    from liaison.people.models import Person

    call_command("migrate", verbosity=0)
    chain = IndustryChain.objects.filter(code="BENCH").first()
    if chain is not None:
        print(f"already filled ({SegmentPlacement.objects.count()} placements)")
        return chain.pk
    started = time.perf_counter()
    chain = IndustryChain.objects.create(code="BENCH", name_zh="基准产业链")
    segments = [
        ChainSegment.objects.create(
            chain=chain, code=f"S{i}", name_zh=f"环节{i}", position=position, order=i
        )
        for i, position in enumerate(["upstream"] * 2 + ["midstream"] * 2 + ["downstream"] * 2)
    ]
    owner = Organization.objects.create(name_zh="基准需求方", kind="enterprise")
    today = datetime.date.today()
    # Of every ten placements: four enterprises, three needs, two achievements, one expert;
    # a center with a serving researcher every thousand.
    made = 0
    while made < placements:
        n = min(BATCH, placements - made)
        orgs = Organization.objects.bulk_create(
            Organization(name_zh=f"基准企业{made + i}", kind="enterprise")
            for i in range(n * 4 // 10)
        )
        needs = TechnicalNeed.objects.bulk_create(
            TechnicalNeed(
                title=f"基准需求{made + i}",
                description="-",
                organization=owner,
                submitted_on=today,
                status="submitted" if i % 2 else "closed",
            )
            for i in range(n * 3 // 10)
        )
        achievements = Achievement.objects.bulk_create(
            Achievement(title_zh=f"基准成果{made + i}", kind="patent") for i in range(n * 2 // 10)
        )
        people = Person.objects.bulk_create(
            Person(name_zh=f"基准专家{made + i}", kind="researcher") for i in range(n // 10)
        )
        centers = Center.objects.bulk_create(
            Center(name_zh=f"基准中心{made + i}", kind="laboratory")
            for i in range(max(1, n // 1000))
        )
        Appointment.objects.bulk_create(
            Appointment(person=p, center=c, role="director", starts_on=today)
            for p, c in zip(people, centers, strict=False)
        )
        rows = [
            *(("organization", o) for o in orgs),
            *(("need", x) for x in needs),
            *(("achievement", a) for a in achievements),
            *(("person", p) for p in people),
            *(("center", c) for c in centers),
        ]
        SegmentPlacement.objects.bulk_create(
            SegmentPlacement(
                segment=segments[(made + i) % len(segments)], kind=kind, **{kind: record}
            )
            for i, (kind, record) in enumerate(rows)
        )
        made += len(rows)
        print(f"  {made} placed", end="\r")
    from django.db import connection

    with connection.cursor() as cursor:
        # As autovacuum would after such a load: the planner's statistics.
        cursor.execute("ANALYZE")
    print(f"\nfilled in {time.perf_counter() - started:.0f} s")
    return chain.pk


def timed(label: str, repeat: int, run: object) -> None:
    from django.db import connection, reset_queries

    times = []
    for _ in range(repeat):
        reset_queries()
        started = time.perf_counter()
        run()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
    queries = len(connection.queries)
    p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
    print(
        f"{label:<22} median {statistics.median(times):8.1f} ms  p95 {p95:8.1f} ms  {queries} queries"
    )


def main() -> int:
    args = parse_args()
    url = (
        args.database_url
        or f"postgres://postgres@127.0.0.1:5432/liaison_bench_chains{args.placements}"
    )
    ensure_database(url)
    setup_django(url)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from liaison.chains.models import IndustryChain
    from liaison.chains.selectors import chain_map

    settings.DEBUG = True  # counts the queries
    pk = fill(args.placements)
    chain = IndustryChain.objects.get(pk=pk)
    from liaison.accounts import services
    from liaison.accounts.choices import RoleKind
    from liaison.accounts.roles import install_default_roles

    # Office staff, whose rules hide the secret needs they are not assigned: the real filter.
    user, created = get_user_model().objects.get_or_create(
        username="bench-chains", defaults={"is_staff": True}
    )
    if created:
        install_default_roles()
        services.assign(user, RoleKind.STAFF)
    client = Client()
    client.force_login(user)
    url_of_page = reverse("chains:industrychain_detail", args=(pk,))
    timed("chain_map()", args.repeat, lambda: chain_map(chain=chain, user=user))
    timed("chain page", args.repeat, lambda: client.get(url_of_page))
    return 0


if __name__ == "__main__":
    sys.exit(main())
