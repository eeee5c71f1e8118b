"""How long `liaison backup` and `liaison restore` take and how large the archive is, against
pg_dump and pg_restore of the same database in the same run, on PostgreSQL.

    .venv/bin/python benchmarks/backup.py [--database-url URL] [--data-dir DIR] [--repeat 1]

On the database at `--database-url` (default liaison_bench_scale1000, the demo at
--scale 1000; only read) and its data folder (`--data-dir`: attachments, matching index),
with the production settings:

1. `liaison backup --out FILE`: wall time, CPU time and peak memory of the command, the
   archive's size and the records its manifest counts;
2. `liaison migrate` then `liaison restore FILE` into a new empty database (and an empty data
   folder): the time of each;
3. the rows of every table of the source and of the restored database, counted and compared
   (the sessions excepted: an archive leaves them out on purpose; a table whose rows changed
   in the source while the run went on — it is in use — is named and not compared);
4. the baseline, in the same run: `pg_dump -Fc` of the same database (time, size) and
   `pg_restore` of that dump into another new empty database (time), with the ratios of
   Liaison's figures to these.

Each figure is the median of `--repeat` runs (default 1: at scale 1000 one run takes a good
part of an hour; say --repeat 3 for a median worth the name). The databases and files the run
makes are dropped at its end (`--keep` keeps them).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
# Left out of an archive on purpose (operations.backup.TRANSIENT): a restored installation
# signs everyone in again.
NOT_ARCHIVED = {"django_session"}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/liaison_bench_scale1000"
    )
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("LIAISON_DATA_DIR", "/tmp/bench1000/data"),
        help="the installation's LIAISON_DATA_DIR (attachments, matching index)",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--workdir",
        default=None,
        help="where the archives and dumps go (default a temporary folder beside $TMPDIR)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases and files made")
    parser.add_argument("--json", default="", help="also write the figures to this file")
    return parser.parse_args()


@dataclass
class Timed:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    output: str


def timed(command: list[str], env: dict[str, str] | None = None) -> Timed:
    """Run `command`; its wall time, its CPU time (user + system) and its peak RSS."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=False
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    text = output.decode(errors="replace")
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{text[-3000:]}")
    return Timed(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text)


def environment(database_url: str, data_dir: Path, redis_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="liaison.settings.production",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        LIAISON_SECRET_KEY=secrets.token_urlsafe(50),
        LIAISON_HTTPS="0",
        LIAISON_DATA_DIR=str(data_dir),
    )
    return env


def admin_connection(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    server = url.rsplit("/", 1)[0]
    return psycopg.connect(server + "/postgres", autocommit=True)


def create_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with admin_connection(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with admin_connection(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def table_rows(url: str) -> dict[str, int]:
    """The rows of every table of the public schema."""
    import psycopg

    with psycopg.connect(url) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        counts = {}
        for table in tables:
            row = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()
            counts[table] = int(row[0]) if row else 0
        return counts


def database_size(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as connection:
        row = connection.execute("SELECT pg_database_size(current_database())").fetchone()
        return int(row[0]) if row else 0


def manifest_of(archive: Path) -> dict[str, object]:
    with tarfile.open(archive, "r:gz") as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None, "the archive has a manifest"
        return dict(json.loads(member.read()))


def libpq_arguments(url: str) -> list[str]:
    return ["--dbname", url]


@dataclass
class Run:
    backup: Timed
    archive_bytes: int
    records: int
    media: int
    migrate: Timed
    restore: Timed
    restored_bytes: int
    mismatches: dict[str, tuple[int, int]]
    written: set[str]
    tables: int
    rows: int
    dump: Timed
    dump_bytes: int
    pg_restore: Timed
    pg_restored_bytes: int


def one_run(args: argparse.Namespace, work: Path, number: int) -> Run:
    server = args.database_url.rsplit("/", 1)[0]
    source_env = environment(args.database_url, Path(args.data_dir), args.redis_url)
    archive = work / f"liaison-{number}.tar.gz"
    dump = work / f"pg_dump-{number}.dump"
    restored_url = f"{server}/liaison_bench_restore_{os.getpid()}_{number}"
    pg_restored_url = f"{server}/liaison_bench_pg_restore_{os.getpid()}_{number}"
    restored_data = work / f"restored-data-{number}"

    print(f"run {number}: liaison backup…", flush=True)
    # Counted before and after: a table written meanwhile (the source in use) is told apart
    # from a table the restore got wrong.
    source_before = table_rows(args.database_url)
    backup = timed([str(BIN / "liaison"), "backup", "--out", str(archive)], source_env)
    manifest = manifest_of(archive)
    counts = dict(manifest["counts"])  # type: ignore[call-overload]
    files = dict(manifest["files"])  # type: ignore[call-overload]

    print(f"run {number}: liaison migrate and liaison restore into a new database…", flush=True)
    create_database(restored_url)
    restored_data.mkdir()
    target_env = environment(restored_url, restored_data, args.redis_url)
    migrate = timed([str(BIN / "liaison"), "migrate", "-v", "0"], target_env)
    restore = timed([str(BIN / "liaison"), "restore", str(archive)], target_env)

    print(f"run {number}: rows of every table compared…", flush=True)
    source_rows = table_rows(args.database_url)
    restored_rows = table_rows(restored_url)
    written = {t for t, rows in source_rows.items() if source_before.get(t) != rows}
    mismatches = {
        table: (rows, restored_rows.get(table, -1))
        for table, rows in source_rows.items()
        if table not in NOT_ARCHIVED | written and restored_rows.get(table, -1) != rows
    }
    restored_bytes = database_size(restored_url)

    print(f"run {number}: pg_dump -Fc and pg_restore (the baseline)…", flush=True)
    dump_timed = timed(["pg_dump", "-Fc", "--file", str(dump), *libpq_arguments(args.database_url)])
    create_database(pg_restored_url)
    pg_restore = timed(["pg_restore", "--no-owner", *libpq_arguments(pg_restored_url), str(dump)])
    pg_restored_bytes = database_size(pg_restored_url)
    run = Run(
        backup=backup,
        archive_bytes=archive.stat().st_size,
        records=sum(counts.values()),
        media=sum(1 for name in files if name.startswith("media/")),
        migrate=migrate,
        restore=restore,
        restored_bytes=restored_bytes,
        mismatches=mismatches,
        written=written - NOT_ARCHIVED,
        tables=len(source_rows),
        rows=sum(source_rows.values()),
        dump=dump_timed,
        dump_bytes=dump.stat().st_size,
        pg_restore=pg_restore,
        pg_restored_bytes=pg_restored_bytes,
    )
    if not args.keep:
        drop_database(restored_url)
        drop_database(pg_restored_url)
        archive.unlink()
        dump.unlink()
        shutil.rmtree(restored_data)
    else:
        print(f"kept: {archive}, {dump}, {restored_url}, {pg_restored_url}, {restored_data}")
    print_run(number, run)
    return run


def megabytes(size: float) -> str:
    return f"{size / 1e6:,.1f} MB"


def print_run(number: int, run: Run) -> None:
    checked = (
        f"all {run.tables} tables match ({run.rows:,} rows)"
        if not run.mismatches
        else f"{len(run.mismatches)} tables DIFFER: "
        + ", ".join(f"{t} {a}→{b}" for t, (a, b) in sorted(run.mismatches.items())[:10])
    )
    print(
        f"run {number}: backup {run.backup.seconds:.1f} s ({run.backup.cpu_seconds:.1f} s CPU, "
        f"{run.backup.peak_mb:.0f} MB peak), {megabytes(run.archive_bytes)}, "
        f"{run.records:,} records; migrate {run.migrate.seconds:.1f} s, restore "
        f"{run.restore.seconds:.1f} s ({run.restore.cpu_seconds:.1f} s CPU, "
        f"{run.restore.peak_mb:.0f} MB peak); {checked}"
        + (
            f" (written in the source during the run, not compared: {sorted(run.written)})"
            if run.written
            else ""
        )
        + f"; pg_dump {run.dump.seconds:.1f} s "
        f"{megabytes(run.dump_bytes)}, pg_restore {run.pg_restore.seconds:.1f} s",
        flush=True,
    )


def main() -> int:
    args = parse_args()
    if not Path(args.data_dir).is_dir():
        sys.exit(f"no data folder at {args.data_dir} (--data-dir)")
    work = Path(args.workdir or tempfile.mkdtemp(prefix="liaison-backup-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    source_bytes = database_size(args.database_url)
    print(
        f"{args.database_url} ({megabytes(source_bytes)}), data folder {args.data_dir}; "
        f"{args.repeat} run(s), load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        flush=True,
    )
    runs = [one_run(args, work, number) for number in range(1, args.repeat + 1)]
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)

    def median(values: list[float]) -> float:
        return statistics.median(values)

    backup = median([r.backup.seconds for r in runs])
    dump = median([r.dump.seconds for r in runs])
    restore = median([r.restore.seconds for r in runs])
    migrate = median([r.migrate.seconds for r in runs])
    pg_restore = median([r.pg_restore.seconds for r in runs])
    archive = median([r.archive_bytes for r in runs])
    dump_bytes = median([r.dump_bytes for r in runs])
    records = runs[-1].records
    label = f"median of {len(runs)} run{'s' if len(runs) > 1 else ''}"
    header = f"{'':<34} {'liaison':>12} {'pg baseline':>12} {'ratio':>7}"
    print(f"\n{label}" + (" (one run is no median: --repeat 3 for one)" if len(runs) == 1 else ""))
    print(header)
    print("-" * len(header))
    rows = [
        ("backup / pg_dump -Fc (s)", backup, dump),
        ("archive / dump size (MB)", archive / 1e6, dump_bytes / 1e6),
        ("restore / pg_restore (s)", restore, pg_restore),
        ("migrate + restore / pg_restore (s)", migrate + restore, pg_restore),
    ]
    for name, ours, theirs in rows:
        print(f"{name:<34} {ours:>12.1f} {theirs:>12.1f} {ours / theirs:>6.2f}x")
    print(
        f"records in the archive: {records:,} ({records / backup:,.0f} a second backed up, "
        f"{records / restore:,.0f} a second restored); attachments: {runs[-1].media}; "
        f"source database {megabytes(source_bytes)}, restored "
        f"{megabytes(runs[-1].restored_bytes)} (pg_restore's {megabytes(runs[-1].pg_restored_bytes)})"
    )
    matching = all(not r.mismatches for r in runs)
    print(
        "record counts: "
        + (
            "every table's rows match in every run (sessions excepted, never archived)"
            if matching
            else "MISMATCH (see the runs above)"
        )
    )
    print(
        f"load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())} on "
        f"{os.cpu_count()} cores; peak memory: backup {max(r.backup.peak_mb for r in runs):.0f} MB, "
        f"restore {max(r.restore.peak_mb for r in runs):.0f} MB"
    )
    if args.json:
        figures = {
            "database_url": args.database_url,
            "source_bytes": source_bytes,
            "repeat": len(runs),
            "median": {
                "backup_seconds": backup,
                "archive_bytes": archive,
                "records": records,
                "migrate_seconds": migrate,
                "restore_seconds": restore,
                "pg_dump_seconds": dump,
                "pg_dump_bytes": dump_bytes,
                "pg_restore_seconds": pg_restore,
            },
            "counts_match": matching,
            "runs": [
                {
                    "backup_seconds": r.backup.seconds,
                    "backup_cpu_seconds": r.backup.cpu_seconds,
                    "backup_peak_mb": r.backup.peak_mb,
                    "archive_bytes": r.archive_bytes,
                    "records": r.records,
                    "migrate_seconds": r.migrate.seconds,
                    "restore_seconds": r.restore.seconds,
                    "restore_cpu_seconds": r.restore.cpu_seconds,
                    "restore_peak_mb": r.restore.peak_mb,
                    "mismatches": r.mismatches,
                    "written_during_run": sorted(r.written),
                    "pg_dump_seconds": r.dump.seconds,
                    "pg_dump_bytes": r.dump_bytes,
                    "pg_restore_seconds": r.pg_restore.seconds,
                }
                for r in runs
            ],
        }
        Path(args.json).write_text(json.dumps(figures, indent=1))
    return 0 if matching else 1


if __name__ == "__main__":
    sys.exit(main())
