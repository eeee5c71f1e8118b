"""How fast the technology-transfer core reads and reports on the demo institute, on PostgreSQL.

    .venv/bin/python benchmarks/transfer.py [--scale 10] [--repeat 10] [--database-url URL] [--fresh]

Loads the demo at the given scale into a PostgreSQL database of its own (created, migrated and
loaded only the first time, or again with `--fresh`, which drops it first), prints how many
transfer records it holds, then measures, each against a baseline timed in the same run (the
machine is shared: compare ratios across runs, not milliseconds):

- the fee calendar for a one-year window from today: `patents.selectors.fee_calendar` and the
  page `patents:fee_calendar`, against the patent list page (`patents:patent_list`);
- the page of the granted patent with the most fee payments (its computed fee schedule),
  against its admin change page;
- the net income (`transfer.selectors.net_income`) over the demo's last full year of the
  achievement with the most income that year, and the reward computation on it
  (`transfer.services.reward_compute`, a transfer-or-licence reward, not saved), against a
  one-row read of that achievement;
- the annual transformation report of that year (`reports.annual.annual_report`): computing its
  figures, writing its PDF, writing its XLSX, against the catalogue of the year's last quarter.

Pages are rendered by Django's test client as staff. Every measure runs once untimed (its SQL
queries are counted then), then `--repeat` timed times: the median, the 95th percentile (with
at least 10 runs; it is the slowest run below that), the queries of one run and the ratio of
the median to its baseline's. A page is flagged over 300 ms or over 3x its baseline.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import ensure_database, load_demo_once, setup_django

PAGE_GOAL_MS = 300.0
RATIO_FLAG = 3.0
YEAR = 2025  # the demo's last full year (today is in 2026)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=10, help="timed runs of each measure")
    parser.add_argument(
        "--database-url",
        default=None,
        help="default postgres://postgres@127.0.0.1:5432/liaison_bench_transfer_scale<SCALE>",
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="drop the database first, so it is loaded with the current demo",
    )
    parser.add_argument("--lang", default="zh-hans", help="the annual report's language")
    return parser.parse_args()


def drop_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"dropped database {name}")


@dataclass
class Timing:
    median_ms: float
    p95_ms: float | None
    queries: int
    status: int | None = None


def timed(run: Callable[[], Any], repeat: int) -> tuple[Timing, Any]:
    """One untimed run (its queries counted), then `repeat` timed runs; the last result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result = run()
    query_count = len(queries)
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        durations.append((time.perf_counter() - started) * 1000)
    durations.sort()
    p95 = durations[round(0.95 * (len(durations) - 1))] if len(durations) >= 10 else None
    return Timing(statistics.median(durations), p95, query_count), result


def page(client: Any, path: str, repeat: int) -> Timing:
    status: list[int] = []

    def get() -> Any:
        response = client.get(path)
        status.append(response.status_code)
        return response

    timing, _response = timed(get, repeat)
    timing.status = status[0]
    return timing


class Table:
    """Rows printed as they are measured, each with its ratio to a baseline row."""

    def __init__(self) -> None:
        self.flagged: list[str] = []
        print(f"{'measure':<58} {'status':>6} {'median':>9} {'p95':>9} {'queries':>7} {'ratio':>7}")
        print("-" * 101)

    def row(
        self, name: str, timing: Timing, baseline: Timing | None = None, page: bool = False
    ) -> None:
        ratio = timing.median_ms / baseline.median_ms if baseline else None
        p95 = f"{timing.p95_ms:7.1f}ms" if timing.p95_ms is not None else f"{'-':>9}"
        flag = ""
        if page and (
            timing.status != 200
            or timing.median_ms > PAGE_GOAL_MS
            or (ratio is not None and ratio > RATIO_FLAG)
        ):
            flag = "  SLOW" if timing.status == 200 else f"  HTTP {timing.status}"
            self.flagged.append(name)
        print(
            f"{name:<58} {timing.status or '':>6} {timing.median_ms:7.1f}ms {p95} "
            f"{timing.queries:>7} {f'{ratio:6.2f}x' if ratio is not None else 'base':>7}{flag}"
        )


def record_counts() -> None:
    from django.db.models import Count, Q

    from liaison.agreements.models import ContractRegistration
    from liaison.disclosures.models import Disclosure
    from liaison.patents.models import FeePayment, OfficeAction, Patent
    from liaison.transfer.models import Cost, Income, PriceNotice, Reward, RewardShare

    def n(model: Any, **filters: Any) -> int:
        return int(model._base_manager.filter(**filters).count())

    patents = Patent._base_manager.aggregate(
        all=Count("pk"), granted=Count("pk", filter=Q(granted_on__isnull=False))
    )
    in_year = {"received_on__year": YEAR}
    print(
        f"records: {n(Disclosure)} disclosures ({n(Disclosure, submitted_on__year=YEAR)} in {YEAR}), "
        f"{patents['all']} patents ({patents['granted']} granted), "
        f"{n(FeePayment)} fee payments, {n(OfficeAction)} office actions, "
        f"{n(PriceNotice)} price notices, {n(Income)} income ({n(Income, **in_year)} in {YEAR}), "
        f"{n(Cost)} costs, {n(Reward)} rewards with {n(RewardShare)} shares, "
        f"{n(ContractRegistration)} contract registrations"
    )


def main() -> int:
    args = parse_args()
    url = (
        args.database_url
        or f"postgres://postgres@127.0.0.1:5432/liaison_bench_transfer_scale{args.scale}"
    )
    if args.fresh:
        drop_database(url)
    ensure_database(url)
    setup_django(url)
    load_demo_once(args.scale)

    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError
    from django.db.models import Count, Q
    from django.test import Client
    from django.urls import reverse

    from liaison.achievements.models import Achievement
    from liaison.core.lifecycle import today
    from liaison.patents.models import Patent
    from liaison.patents.selectors import fee_calendar
    from liaison.reports.annual import annual_metrics, annual_report
    from liaison.reports.catalogue import catalogue_for
    from liaison.reports.periods import Period
    from liaison.reports.report_output import render_report
    from liaison.transfer.choices import RewardBasis
    from liaison.transfer.models import Reward
    from liaison.transfer.selectors import net_income
    from liaison.transfer.services import reward_compute

    user, _ = get_user_model()._default_manager.get_or_create(
        username="bench-staff", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    repeat = args.repeat

    record_counts()
    on = today()
    start, end = on, on + datetime.timedelta(days=365)
    print(
        f"scale {args.scale}, {repeat} timed runs each after one untimed (median; p95 from 10 "
        f"runs), on {url}"
    )
    table = Table()

    # The fee calendar against the patent list, both pages as staff.
    patent_list = page(client, reverse("patents:patent_list"), repeat)
    table.row("patent list page (baseline)", patent_list, page=True)
    timing, items = timed(lambda: fee_calendar(user=user, start=start, end=end, today=on), repeat)
    table.row(f"fee_calendar() {start}..{end}: {len(items)} items", timing, patent_list)
    calendar_path = f"{reverse('patents:fee_calendar')}?start={start}&end={end}"
    table.row("fee calendar page, one year", page(client, calendar_path, repeat), patent_list, True)

    # The patent with the longest fee schedule: its page against its admin change page.
    patent = (
        Patent._base_manager.filter(granted_on__isnull=False)
        .annotate(n=Count("payments"))
        .order_by("-n", "pk")
        .first()
    )
    if patent is None:
        print("no granted patent in the demo: no patent page measured")
    else:
        admin_change = page(
            client, reverse("admin:patents_patent_change", args=(patent.pk,)), repeat
        )
        table.row(f"patent #{patent.pk} admin change page (baseline)", admin_change, page=True)
        detail = page(client, reverse("patents:patent_detail", args=(patent.pk,)), repeat)
        table.row(
            f"patent #{patent.pk} page ({patent.n} payments, fee schedule)",
            detail,
            admin_change,
            True,
        )

    # Net income and the reward computation of the achievement with the most income in YEAR.
    first, last = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    achievement = (
        Achievement._base_manager.annotate(
            n=Count("income", filter=Q(income__received_on__year=YEAR))
        )
        .filter(n__gt=0)
        .order_by("-n", "pk")
        .first()
    )
    if achievement is None:
        print(f"no income received in {YEAR}: no net income measured")
    else:
        one_row, _row = timed(lambda: Achievement._base_manager.get(pk=achievement.pk), repeat)
        table.row(f"achievement #{achievement.pk}: one-row read (baseline)", one_row)
        timing, net = timed(
            lambda: net_income(achievement=achievement, start=first, end=last), repeat
        )
        table.row(
            f"net_income() {YEAR}: {len(net.income)} income, {len(net.costs)} costs, "
            f"{len(net.fees)} fees",
            timing,
            one_row,
        )
        reward = Reward(
            achievement=achievement,
            basis=RewardBasis.TRANSFER_LICENCE,
            period_start=first,
            period_end=last,
        )
        try:
            timing, (computation, _parts, _policy) = timed(lambda: reward_compute(reward), repeat)
        except ValidationError as refused:
            print(f"reward on a net income of {net.net} yuan refused: {refused.messages}")
        else:
            table.row(
                f"reward_compute() on {net.net} yuan: {computation.amount} yuan",
                timing,
                one_row,
            )

    # The annual report of YEAR against the catalogue of its last quarter.
    quarter = Period.quarter(datetime.date(YEAR, 10, 1))
    catalogue, figures = timed(lambda: catalogue_for(period=quarter), repeat)
    table.row(f"catalogue, Q4 {YEAR}: {len(figures)} metrics (baseline)", catalogue)
    timing, report = timed(lambda: annual_report(year=YEAR, language=args.lang), repeat)
    table.row(
        f"annual report {YEAR}: the figures ({len(annual_metrics())} metrics)", timing, catalogue
    )
    sizes = {}
    for format in ("pdf", "xlsx"):
        timing, content = timed(lambda f=format: render_report(report, f), repeat)
        sizes[format] = len(content)
        table.row(f"annual report {YEAR}: writing the {format.upper()}", timing, catalogue)

    print(
        f"files: PDF {sizes['pdf']:,} bytes, XLSX {sizes['xlsx']:,} bytes. Baselines: the patent "
        "list page, the patent's admin change page, a one-row read, the catalogue of a quarter; "
        f"pages flagged SLOW over {PAGE_GOAL_MS:.0f} ms or {RATIO_FLAG:.0f}x their baseline — "
        f"{len(table.flagged)} flagged"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
