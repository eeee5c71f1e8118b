"""`liaison serve`: production's application server, gunicorn with several worker processes.

It checks what a server cannot work without (the production settings, a migrated database,
Redis), then becomes gunicorn (`exec`: the same process, so a service manager's signals reach
gunicorn's master directly). The master imports no Django; each worker loads Liaison, so
SIGHUP replaces the workers gracefully with the code installed at that moment, and SIGTERM
lets the requests under way finish before stopping.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.utils.translation import gettext as _

from liaison.core.database import require_migrated_database

GUNICORN_SETTINGS = "python:liaison.operations.gunicorn_settings"
DEFAULT_BIND = "127.0.0.1:8000"
THREADS = 4
TIMEOUT = 60
GRACEFUL_TIMEOUT = 30
KEEP_ALIVE = 5
# Each thread of each worker holds a database connection: this bounds what a large machine
# asks of PostgreSQL's max_connections by default (16 workers × 4 threads).
MOST_WORKERS = 16


def default_workers() -> int:
    """Gunicorn's rule of thumb, two workers per core plus one, up to MOST_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(2 * cores + 1, MOST_WORKERS)


def gunicorn_arguments(
    *,
    binds: list[str],
    workers: int,
    threads: int,
    timeout: int,
    graceful_timeout: int,
    keep_alive: int,
    max_requests: int,
    access_log: str | None,
) -> list[str]:
    """Gunicorn's command line for these choices (its other settings: GUNICORN_SETTINGS)."""
    arguments = ["--config", GUNICORN_SETTINGS]
    for bind in binds:
        arguments += ["--bind", bind]
    arguments += [
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        # Threads need the threaded worker; one thread per worker is the plain sync worker.
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        str(graceful_timeout),
        "--keep-alive",
        str(keep_alive),
    ]
    if max_requests:
        # Jitter, so that the workers are not all replaced at the same moment.
        arguments += [
            "--max-requests",
            str(max_requests),
            "--max-requests-jitter",
            str(max(1, max_requests // 10)),
        ]
    if access_log is not None:
        arguments += ["--access-logfile", access_log]
    return arguments


def positive(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError(raw)
    return value


def redis_refusal() -> str | None:
    """Why Redis (the cache, the sessions, the job queue) cannot be used, or None."""
    from django.core.cache import cache

    try:
        cache.get("liaison-serve-check")
    except Exception as error:  # any error of the client: refused, timed out, wrong URL
        return _("Liaison cannot reach Redis at %(url)s: %(error)s") % {
            "url": getattr(settings, "REDIS_URL", ""),
            "error": error,
        }
    return None


class Command(BaseCommand):
    help = _(
        "Serve Liaison in production: gunicorn with several worker processes, against "
        "PostgreSQL and Redis (see docs/deployment.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            action="append",
            dest="binds",
            metavar="ADDRESS",
            help=_(
                "Where to listen: HOST:PORT or unix:PATH; may be repeated (default 127.0.0.1:8000)."
            ),
        )
        parser.add_argument(
            "--workers",
            type=positive,
            default=default_workers(),
            help=_("Worker processes (default: two per core plus one, here %(default)s)."),
        )
        parser.add_argument(
            "--threads",
            type=positive,
            default=THREADS,
            help=_("Threads per worker (default %(default)s)."),
        )
        parser.add_argument(
            "--timeout",
            type=positive,
            default=TIMEOUT,
            help=_(
                "Seconds a silent worker is given before it is killed and replaced "
                "(default %(default)s)."
            ),
        )
        parser.add_argument(
            "--graceful-timeout",
            type=positive,
            default=GRACEFUL_TIMEOUT,
            help=_(
                "Seconds the requests under way are given to finish at a reload or a stop "
                "(default %(default)s)."
            ),
        )
        parser.add_argument(
            "--keep-alive",
            type=positive,
            default=KEEP_ALIVE,
            help=_(
                "Seconds an idle connection of the reverse proxy is kept open "
                "(default %(default)s)."
            ),
        )
        parser.add_argument(
            "--max-requests",
            type=int,
            default=0,
            help=_("Replace a worker after about this many requests (default 0: never)."),
        )
        parser.add_argument(
            "--access-log",
            default="-",
            metavar="FILE",
            help=_("Where the access log goes (default -: the standard output)."),
        )
        parser.add_argument(
            "--no-access-log",
            action="store_true",
            help=_("Write no access log (the reverse proxy keeps one)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "LIAISON_PRODUCTION", False):
            raise CommandError(
                _(
                    "liaison serve runs in production only: set "
                    "DJANGO_SETTINGS_MODULE=liaison.settings.production, DATABASE_URL and "
                    "REDIS_URL (docs/deployment.md). On one machine without them, "
                    "`liaison up` serves Liaison."
                )
            )
        require_migrated_database()
        refusal = redis_refusal()
        if refusal is not None:
            raise CommandError(refusal)
        # Gunicorn's workers open connections of their own.
        connections.close_all()
        arguments = gunicorn_arguments(
            binds=options["binds"] or [DEFAULT_BIND],
            workers=options["workers"],
            threads=options["threads"],
            timeout=options["timeout"],
            graceful_timeout=options["graceful_timeout"],
            keep_alive=options["keep_alive"],
            max_requests=options["max_requests"],
            access_log=None if options["no_access_log"] else options["access_log"],
        )
        self.stdout.write(
            _("Serving Liaison on %(binds)s with %(workers)s workers of %(threads)s threads.")
            % {
                "binds": ", ".join(options["binds"] or [DEFAULT_BIND]),
                "workers": options["workers"],
                "threads": options["threads"],
            }
        )
        self.stdout.flush()
        sys.stderr.flush()
        become_gunicorn(arguments)


def become_gunicorn(arguments: list[str]) -> None:
    """Replace this process by gunicorn's master with `arguments` (it does not return)."""
    os.execv(sys.executable, [sys.executable, "-m", "gunicorn", *arguments])
