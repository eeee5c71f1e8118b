"""The pages, the global search and the API under concurrent users, against the production server.

    .venv/bin/python benchmarks/load.py [--database-url URL] [--users 50] [--run-time 180]
        [--max-requests 20000] [--workers N]

Starts Liaison's production server on loopback (`liaison serve` once it exists, gunicorn on
`liaison.wsgi` before: production settings, PostgreSQL at `--database-url`, Redis database
`--redis-url` as cache, several workers), then drives it with locust, used as a library
(headless): `--users` simulated people, spawned `--spawn-rate` a second, each signing in with
the sign-in form as one of the demo's office-side accounts (`office`, `manager`, `leader`,
password `liaison-demo`, in turn) and then walking, with `--think-min`..`--think-max` seconds
between two requests:

- the dashboard (/);
- the list pages: every URL name ending in `_list` that needs no argument (as pages.py);
- record pages: records of those lists the account may see, sampled at random;
- the global search, /search/?q= with Chinese and English words of the demo's vocabulary;
- the API lists, /api/v1/<slug>/?per_page=50 with a read token of `office` (made for the run
  and revoked at its end; the callers' rate limit is lifted for the run, as in api.py);
- the baseline: the sign-in page as an anonymous visitor asks for it, a cheap page through the
  whole middleware, in the same run under the same load.

The figures are of the steady state: from the moment the last user has signed in, for
`--run-time` seconds or `--max-requests` requests, whichever comes first (the ramp before it
is counted apart: its requests, its failures, and the sign-ins).
Before it, each account asks once for every page it will walk (untimed: it warms the workers
and keeps only the pages that answer it 200, naming the others). Printed: per group and
overall, requests, failures, p50, p95, p99, requests a second, and the ratios of p50 and p95
to the baseline's; the slowest pages by p95; the server's command and settings; the server's
CPU time. The goal of issue 18: no failure, p95 ≤ 500 ms. The server is stopped (SIGTERM, its
workers finish their requests) at the end.

The run writes what signing in and the API write (sessions, the token, audit entries), so it
runs on a copy: when the database at `--database-url` does not exist, it is created from
`--template` (default liaison_bench_scale1000; PostgreSQL needs nobody connected to it).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GOAL_P95_MS = 500.0
ACCOUNTS = ("office", "manager", "leader")
PASSWORD = "liaison-demo"
API_ACCOUNT = "office"
GROUPS = ("dashboard", "list pages", "record pages", "search", "API lists")
BASELINE = "baseline"
SIGN_IN = "sign-in"
BASELINE_AGENT = "liaison-load-baseline"
# A line of the access log of `liaison serve` (and of the gunicorn fallback): the request,
# its status, …, the user agent, the milliseconds it took inside the server.
ACCESS_LINE = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) .*"(?P<agent>[^"]*)" '
    r"(?P<ms>\d+)ms$"
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/liaison_bench_scale1000_load",
    )
    parser.add_argument(
        "--template",
        default="liaison_bench_scale1000",
        help="the database copied when --database-url's does not exist",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5.0, help="users started a second")
    parser.add_argument("--run-time", type=float, default=180.0, help="seconds, at most")
    parser.add_argument("--max-requests", type=int, default=20000, help="requests, at most")
    parser.add_argument("--think-min", type=float, default=1.0, help="seconds between requests")
    parser.add_argument("--think-max", type=float, default=3.0)
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="server worker processes (default: liaison serve's, two per core plus one)",
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="threads per worker (default: liaison serve's)"
    )
    parser.add_argument(
        "--records", type=int, default=5, help="records sampled per list for the record pages"
    )
    parser.add_argument(
        "--data-dir",
        default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "liaison-load-bench"),
        help="the server's LIAISON_DATA_DIR",
    )
    parser.add_argument(
        "--probe-concurrency", type=int, default=8, help="requests at once of the untimed probe"
    )
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--json", default="", help="also write the figures to this file")
    # Internal: the steps that use Django run in a subprocess of their own, away from the
    # gevent monkey-patching that importing locust does.
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--revoke", type=int, default=0, help=argparse.SUPPRESS)
    return parser.parse_args()


# --- the server's environment and the database ---------------------------------------------


def server_environment(args: argparse.Namespace, secret_key: str) -> dict[str, str]:
    """Production settings on loopback, plain HTTP, the API's rate limit lifted."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="liaison.settings.production",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        LIAISON_SECRET_KEY=secret_key,
        LIAISON_HTTPS="0",
        LIAISON_ALLOWED_HOSTS="127.0.0.1",
        LIAISON_API_RATE="1000000/minute",
        LIAISON_DATA_DIR=args.data_dir,
    )
    return env


def ensure_database(url: str, template: str) -> None:
    """Create the run's database as a copy of `template` when it does not exist."""
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        print(f"copying {template} into {name} (CREATE DATABASE … TEMPLATE)…", flush=True)
        started = time.perf_counter()
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        print(f"copied in {time.perf_counter() - started:.0f} s", flush=True)


# --- preparing the walk (Django, in a subprocess) -------------------------------------------


def _list_pages() -> list[tuple[str, str, Any]]:
    """(URL name, path, model) of the dashboard-less list pages, as pages.py finds them."""
    from django.urls import NoReverseMatch, get_resolver, resolve, reverse
    from pages import RANKINGS, _named_patterns

    found = []
    names = sorted(
        {n for n in _named_patterns(get_resolver().url_patterns) if n.endswith("_list")} | RANKINGS
    )
    for name in names:
        if name.startswith(("admin:", "api:")):
            continue
        try:
            path = reverse(name)
        except NoReverseMatch:
            continue  # a list inside another record
        view = getattr(resolve(path).func, "view_class", None)
        queryset = getattr(view, "queryset", None)
        model = getattr(queryset, "model", None) or getattr(view, "model", None)
        found.append((name, path, model))
    return found


def _sample_records(
    name: str, model: Any, user: Any, count: int, rng: random.Random
) -> list[tuple[str, str]]:
    """Up to `count` record pages of the list `name` that `user` may see, drawn at random."""
    from django.db.models import Max, Min
    from django.urls import NoReverseMatch, reverse

    if model is None or count <= 0:
        return []
    detail = name.removesuffix("_list") + "_detail"
    manager = model._default_manager
    visible = manager.restrict(user) if hasattr(manager, "restrict") else manager.all()
    bounds = manager.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return []
    pks: set[int] = set()
    for _ in range(count * 3):
        if len(pks) >= count:
            break
        start = rng.randint(bounds["low"], bounds["high"])
        pk = visible.filter(pk__gte=start).order_by("pk").values_list("pk", flat=True).first()
        if pk is not None:
            pks.add(pk)
    pages = []
    for pk in sorted(pks):
        try:
            pages.append((detail, reverse(detail, args=(pk,))))
        except NoReverseMatch:
            return []
    return pages


def _search_words(rng: random.Random, count: int = 24) -> list[str]:
    """Chinese and English terms of the demo's vocabulary (subjects and methods), half each."""
    from liaison.demo.vocabulary import DOMAINS

    terms = [t for d in DOMAINS.values() for t in (*d.subjects, *d.methods)]
    chosen = rng.sample(terms, min(count // 2, len(terms)))
    return [t.zh for t in chosen] + [t.en for t in chosen]


def prepare(args: argparse.Namespace) -> int:
    """Print, as JSON, what the walk asks for: each account's pages, the API's lists, the
    search words, a read token for the API, and the settings the server runs with."""
    sys.path.insert(0, str(Path(__file__).parent))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.urls import reverse

    import liaison
    from liaison.accounts.models import User
    from liaison.api.endpoints import endpoints
    from liaison.api.tokens import token_create

    rng = random.Random(args.seed)
    lists = _list_pages()
    accounts = {}
    for username in ACCOUNTS:
        user = User.objects.get(username=username)
        records = [
            page
            for name, _path, model in lists
            for page in _sample_records(name, model, user, args.records, rng)
        ]
        accounts[username] = {
            "lists": [(name, path) for name, path, _model in lists],
            "records": records,
        }
    owner = User.objects.get(username=API_ACCOUNT)
    token, key = token_create(user=owner, by=owner, name="benchmarks/load.py", scope="read", days=1)
    api = [
        (endpoint.slug, f"{reverse(f'api:{endpoint.slug}-list')}?per_page=50")
        for endpoint in endpoints()
    ]
    database = settings.DATABASES["default"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM organizations_organization")
        organizations = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    figures = {
        "accounts": accounts,
        "api": api,
        "words": _search_words(rng),
        "token": {"id": token.pk, "key": key},
        "database": {"name": database["NAME"], "size": size, "organizations": organizations},
        "settings": {
            "liaison": str(Path(liaison.__file__).parent),
            "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"],
            "DEBUG": settings.DEBUG,
            "CONN_MAX_AGE": database.get("CONN_MAX_AGE"),
            "CONN_HEALTH_CHECKS": database.get("CONN_HEALTH_CHECKS"),
            "CACHES": settings.CACHES["default"]["BACKEND"],
            "SESSION_ENGINE": settings.SESSION_ENGINE,
            "LIAISON_API_RATE": os.environ.get("LIAISON_API_RATE"),
        },
    }
    print(json.dumps(figures))
    return 0


def revoke(token_id: int) -> int:
    import django

    django.setup()
    from liaison.api.models import ApiToken
    from liaison.api.tokens import token_revoke

    token = ApiToken.objects.get(pk=token_id)
    if token.revoked_at is None:
        token_revoke(token=token, by=token.user)
    return 0


def run_django_step(env: dict[str, str], *step: str) -> str:
    done = subprocess.run(
        [sys.executable, __file__, *step],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    if done.returncode != 0:
        sys.exit(f"{' '.join(step)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_available(env: dict[str, str]) -> bool:
    """Whether this revision has `liaison serve` (issue 18 adds it)."""
    done = subprocess.run(
        [str(BIN / "liaison"), "help", "--commands"], env=env, capture_output=True, text=True
    )
    return "serve" in done.stdout.split()


def server_command(args: argparse.Namespace, env: dict[str, str], port: int) -> list[str]:
    """`liaison serve` with its defaults but for what the arguments set; gunicorn before it
    existed. The access log goes to the server's log: its last field is the time each
    request took inside the server."""
    chosen = []
    if args.workers:
        chosen += ["--workers", str(args.workers)]
    if args.threads:
        chosen += ["--threads", str(args.threads)]
    if serve_available(env):
        return [str(BIN / "liaison"), "serve", "--bind", f"127.0.0.1:{port}", *chosen]
    workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    threads = args.threads or 4
    return [
        str(BIN / "gunicorn"),
        "liaison.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--access-logfile",
        "-",
        "--access-logformat",
        '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms',
    ]


@dataclass
class Server:
    command: list[str]
    process: subprocess.Popen[bytes]
    log: Path

    def cpu_seconds(self) -> float:
        """CPU time of the server so far: its master and its live workers."""
        import psutil

        try:
            master = psutil.Process(self.process.pid)
            total = sum(master.cpu_times()[:2])
            for child in master.children(recursive=True):
                with_child = child.cpu_times()
                total += with_child.user + with_child.system
        except psutil.Error:
            return float("nan")
        return total

    def stop(self) -> int | None:
        """SIGTERM: gunicorn lets its workers finish their requests, then exits."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def start_server(command: list[str], env: dict[str, str], base: str, log: Path) -> Server:
    import requests

    handle = open(log, "wb")  # noqa: SIM115  (the server's, closed with it)
    process = subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT)
    server = Server(command, process, log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"{base}/login/", timeout=5).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.5)
    server.stop()
    sys.exit(f"the server did not answer within 120 s:\n{log.read_text()[-3000:]}")


# --- the walk ---------------------------------------------------------------------------------


def sign_in(session: Any, username: str, **extra: Any) -> bool:
    """The sign-in form, as a browser fills it: its page, then the post with the CSRF token."""
    session.get("/login/", **extra)
    token = session.cookies.get("csrftoken", "")
    response = session.post(
        "/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        **extra,
    )
    return bool(response.status_code == 302 and "sessionid" in session.cookies)


def probe(base: str, plan: dict[str, Any], concurrency: int) -> dict[str, list[str]]:
    """Ask each account once for every page it would walk, `concurrency` at a time (untimed:
    it warms the workers up), keep those that answer it 200 and say which do not."""
    import requests
    from gevent.pool import Pool

    sessions: dict[str, requests.Session] = {}
    for username in plan["accounts"]:
        session = requests.Session()
        session.headers["Referer"] = base + "/"
        if not sign_in(_Prefixed(session, base), username):
            sys.exit(f"{username} could not sign in with the demo's password")
        sessions[username] = session
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {plan['token']['key']}"
    asks = [
        (username, key, name, path)
        for username, pages in plan["accounts"].items()
        for key in ("lists", "records")
        for name, path in pages[key]
    ]
    asks += [("API", "api", slug, path) for slug, path in plan["api"]]
    asks += [(username, "other", "", "/") for username in plan["accounts"]]
    asks += [(username, "other", "", f"/search/?q={plan['words'][0]}") for username in sessions]

    def ask(entry: tuple[str, str, str, str]) -> int:
        username, _key, _name, path = entry
        session = api if username == "API" else sessions[username]
        return int(session.get(base + path, allow_redirects=False).status_code)

    statuses = Pool(concurrency).map(ask, asks)
    refused: dict[str, list[str]] = defaultdict(list)
    kept: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for (username, key, name, path), status in zip(asks, statuses, strict=True):
        if key == "other":
            continue
        if status == 200:
            kept[(username, key)].append((name, path))
        else:
            refused[username].append(f"{path} {status}")
    for username, pages in plan["accounts"].items():
        pages["lists"] = kept[(username, "lists")]
        pages["records"] = kept[(username, "records")]
    plan["api"] = kept[("API", "api")]
    return dict(refused)


class _Prefixed:
    """A requests session that takes paths, as locust's sessions do."""

    def __init__(self, session: Any, base: str) -> None:
        self.session, self.base = session, base
        self.cookies = session.cookies

    def get(self, path: str, **extra: Any) -> Any:
        return self.session.get(self.base + path, **extra)

    def post(self, path: str, **extra: Any) -> Any:
        return self.session.post(self.base + path, **extra)


@dataclass
class Samples:
    """Response times (ms) and failures, per group and per page, as the requests end."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_page: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    count: int = 0

    def record(self, group: str, name: str, milliseconds: float, exception: Any) -> None:
        self.times[group].append(milliseconds)
        self.by_page[(group, name)].append(milliseconds)
        self.count += 1
        if exception is not None:
            self.failures[group] += 1
            self.errors[f"{group} {name}: {str(exception)[:120]}"] += 1


@dataclass
class Walk:
    """What the run measured: the ramp (users starting and signing in), then the steady
    state (every user signed in and walking), which the figures are of."""

    ramp: Samples
    steady: Samples
    ramp_seconds: float
    seconds: float


def run_locust(args: argparse.Namespace, base: str, plan: dict[str, Any], on_steady: Any) -> Walk:
    """Run the users; `on_steady()` is called when the last has signed in."""
    import gevent
    from locust import HttpUser, between, task
    from locust.clients import HttpSession
    from locust.env import Environment

    ramp, steady = Samples(), Samples()
    recording = {"into": ramp}
    signed_in = []
    accounts = itertools.cycle(ACCOUNTS)
    words = plan["words"]
    api_key = plan["token"]["key"]

    class Walker(HttpUser):
        host = base
        wait_time = between(args.think_min, args.think_max)

        def on_start(self) -> None:
            self.username = next(accounts)
            self.pages = plan["accounts"][self.username]
            self.client.headers["Referer"] = base + "/"
            ok = sign_in(self.client, self.username, context={"group": SIGN_IN})
            if not ok:
                raise RuntimeError(f"{self.username} could not sign in")
            signed_in.append(self.username)
            self.anonymous = HttpSession(
                base_url=base, request_event=self.environment.events.request, user=self
            )
            self.anonymous.headers["User-Agent"] = BASELINE_AGENT
            self.api = HttpSession(
                base_url=base, request_event=self.environment.events.request, user=self
            )
            self.api.headers["Authorization"] = f"Bearer {api_key}"

        def _get(self, client: Any, group: str, name: str, path: str) -> None:
            with client.get(
                path,
                name=name,
                context={"group": group},
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 200:
                    response.failure(f"HTTP {response.status_code}")

        @task(1)
        def dashboard(self) -> None:
            self._get(self.client, "dashboard", "dashboard", "/")

        @task(5)
        def list_page(self) -> None:
            name, path = random.choice(self.pages["lists"])
            self._get(self.client, "list pages", name, path)

        @task(4)
        def record_page(self) -> None:
            if self.pages["records"]:
                name, path = random.choice(self.pages["records"])
                self._get(self.client, "record pages", name, path)

        @task(2)
        def search(self) -> None:
            word = random.choice(words)
            language = "en" if word.isascii() else "zh"
            self._get(self.client, "search", f"search ({language})", f"/search/?q={word}")

        @task(3)
        def api_list(self) -> None:
            slug, path = random.choice(plan["api"])
            self._get(self.api, "API lists", f"api {slug}", path)

        @task(2)
        def baseline(self) -> None:
            self._get(self.anonymous, BASELINE, "sign-in page (anonymous)", "/login/")

    environment = Environment(user_classes=[Walker], host=base)

    def on_request(
        request_type: str,
        name: str,
        response_time: float,
        response_length: int,
        exception: Any = None,
        context: dict[str, Any] | None = None,
        **_: Any,
    ) -> None:
        group = (context or {}).get("group", SIGN_IN)
        recording["into"].record(group, name, response_time, exception)

    environment.events.request.add_listener(on_request)
    runner = environment.create_local_runner()
    started = time.monotonic()
    runner.start(args.users, spawn_rate=args.spawn_rate)

    def bound() -> tuple[float, float]:
        # The ramp: until every user has signed in (bounded too, should sign-ins fail).
        while len(signed_in) < args.users and time.monotonic() - started < args.run_time:
            gevent.sleep(0.05)
        on_steady()
        recording["into"] = steady
        steady_from = time.monotonic()
        while time.monotonic() - steady_from < args.run_time and steady.count < args.max_requests:
            gevent.sleep(0.2)
        ended = time.monotonic()
        # The window is closed: the requests cut off by stopping the users are not counted
        # (they would be failures of the benchmark, not of the server).
        recording["into"] = Samples()
        runner.quit()
        return steady_from - started, ended - steady_from

    bounding = gevent.spawn(bound)
    bounding.join()
    runner.greenlet.join()
    ramp_seconds, seconds = bounding.value
    return Walk(ramp, steady, ramp_seconds, seconds)


# --- the figures ------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Figures:
    group: str
    requests: int
    failures: int
    p50: float
    p95: float
    p99: float
    rps: float

    @classmethod
    def of(cls, group: str, times: list[float], failures: int, seconds: float) -> Figures:
        return cls(
            group,
            len(times),
            failures,
            statistics.median(times) if times else float("nan"),
            percentile(times, 0.95),
            percentile(times, 0.99),
            len(times) / seconds,
        )


def server_side(
    log: Path, offset: int, plan: dict[str, Any], end: int | None = None
) -> dict[tuple[str, str], list[float]]:
    """The milliseconds each request of the run took inside the server (the access log's last
    field, from `offset` on), by group and page: what the server spent, without the wait for
    a free worker thread."""
    named: dict[str, tuple[str, str]] = {"/": ("dashboard", "dashboard")}
    for pages in plan["accounts"].values():
        named.update({path: ("list pages", name) for name, path in pages["lists"]})
        named.update({path: ("record pages", name) for name, path in pages["records"]})
    named.update({path: ("API lists", f"api {slug}") for slug, path in plan["api"]})
    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    with open(log, "rb") as handle:
        handle.seek(offset)
        lines = handle.read(-1 if end is None else end - offset).decode(errors="replace")
    for line in lines.splitlines():
        found = ACCESS_LINE.search(line)
        if found is None:
            continue
        path, method = found["path"], found["method"]
        if path.startswith("/search/"):
            word = unquote(path.partition("q=")[2])
            key = ("search", f"search ({'en' if word.isascii() else 'zh'})")
        elif path == "/login/":
            baseline = method == "GET" and found["agent"] == BASELINE_AGENT
            key = (BASELINE, "sign-in page (anonymous)") if baseline else (SIGN_IN, "/login/")
        elif path in named:
            key = named[path]
        else:
            continue
        times[key].append(float(found["ms"]))
    return times


def report(
    args: argparse.Namespace,
    plan: dict[str, Any],
    walk: Walk,
    server: Server,
    cpu: float,
    refused: dict[str, list[str]],
    inside: dict[tuple[str, str], list[float]],
) -> dict[str, Any]:
    by_group: dict[str, list[float]] = defaultdict(list)
    for (group, _name), times in inside.items():
        by_group[group].extend(times)
    by_group["overall"] = [t for g in GROUPS for t in by_group[g]]
    samples, seconds = walk.steady, walk.seconds
    rows = [
        Figures.of(g, samples.times[g], samples.failures[g], seconds)
        for g in GROUPS
        if samples.times[g]
    ]
    walked = [t for g in GROUPS for t in samples.times[g]]
    overall = Figures.of("overall", walked, sum(samples.failures[g] for g in GROUPS), seconds)
    base = Figures.of(BASELINE, samples.times[BASELINE], samples.failures[BASELINE], seconds)
    signin = Figures.of(
        SIGN_IN, walk.ramp.times[SIGN_IN], walk.ramp.failures[SIGN_IN], walk.ramp_seconds
    )

    header = (
        f"{'group':<14} {'requests':>8} {'failed':>6} {'p50':>8} {'p95':>8} {'p99':>8}"
        f" {'req/s':>6} {'p50/base':>8} {'p95/base':>8} {'in server':>17}  goal"
    )
    print(header)
    print("-" * len(header))
    for row in [*rows, overall, base, signin]:
        ratios = f"{row.p50 / base.p50:>7.1f}x {row.p95 / base.p95:>7.1f}x"
        if row.group in (BASELINE, SIGN_IN):
            verdict = ""
        else:
            meets = row.failures == 0 and row.p95 <= GOAL_P95_MS
            verdict = "ok" if meets else "MISSED"
        server_times = by_group.get(row.group) or [float("nan")]
        in_server = (
            f"{statistics.median(server_times):>6.0f}/{percentile(server_times, 0.95):.0f}ms"
        )
        print(
            f"{row.group:<14} {row.requests:>8} {row.failures:>6} {row.p50:>6.0f}ms"
            f" {row.p95:>6.0f}ms {row.p99:>6.0f}ms {row.rps:>6.1f} {ratios} {in_server:>17}"
            f"  {verdict}"
        )
    print(
        f"baseline: the sign-in page asked for anonymously, in the same run; sign-in: the form's "
        f"page and post of each user's start (Argon2), during the ramp. Goal: 0 failures, p95 ≤ "
        f"{GOAL_P95_MS:.0f} ms. In server: p50/p95 of the time inside the server (its "
        f"access log), without the wait for a free worker."
    )
    slowest = sorted(
        (
            (percentile(t, 0.95), statistics.median(t), len(t), g, n)
            for (g, n), t in samples.by_page.items()
        ),
        reverse=True,
    )[:12]
    print("\nslowest pages by p95 (p95, p50, requests; p50/p95 inside the server):")
    for p95, p50, count, group, name in slowest:
        server_times = inside.get((group, name)) or [float("nan")]
        print(
            f"  {p95:>7.0f}ms {p50:>7.0f}ms {count:>5}  {group}: {name}"
            f"  ({statistics.median(server_times):.0f}/{percentile(server_times, 0.95):.0f}ms)"
        )
    if samples.errors:
        print("\nfailures:")
        for message, count in sorted(samples.errors.items(), key=lambda e: -e[1])[:15]:
            print(f"  {count:>5} {message}")
    for who, pages in refused.items():
        if pages:
            shown = ", ".join(pages[:8]) + (" …" if len(pages) > 8 else "")
            print(f"not walked, not 200 for {who} in the probe ({len(pages)}): {shown}")
    total = overall.requests + base.requests + signin.requests
    print(
        f"\nserver CPU time during the run: {cpu:.0f} s for {total} requests "
        f"({1000 * cpu / max(total, 1):.0f} ms a request) on {os.cpu_count()} cores; "
        f"load average now {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    return {
        "groups": [r.__dict__ for r in [*rows, overall, base, signin]],
        "seconds": seconds,
        "ramp_seconds": walk.ramp_seconds,
        "slowest": slowest,
        "errors": dict(samples.errors),
        "refused": refused,
        "server_cpu_seconds": cpu,
        "server": server.command,
        "settings": plan["settings"],
        "database": plan["database"],
        "arguments": {k: v for k, v in vars(args).items() if k not in ("prepare", "revoke")},
    }


def main() -> int:
    args = parse_args()
    if args.prepare:
        return prepare(args)
    if args.revoke:
        return revoke(args.revoke)
    # First: importing locust monkey-patches the standard library for gevent, which must
    # happen before anything else imports ssl, sockets or threads.
    import locust  # noqa: F401

    ensure_database(args.database_url, args.template)
    Path(args.data_dir).mkdir(parents=True, exist_ok=True)
    env = server_environment(args, secrets.token_urlsafe(50))
    import redis

    # The cache is the run's own: nothing cached from another database may answer.
    redis.Redis.from_url(args.redis_url).flushdb()
    print("preparing the walk (records sampled, a token for the API)…", flush=True)
    plan = json.loads(run_django_step(env, "--prepare", "--records", str(args.records)))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = server_command(args, env, port)
    log = Path(args.data_dir) / "server.log"
    print(f"server: {' '.join(command)} (log {log})", flush=True)
    server = start_server(command, env, base, log)
    try:
        started = time.perf_counter()
        refused = probe(base, plan, args.probe_concurrency)
        pages = {u: len(p["lists"]) + len(p["records"]) for u, p in plan["accounts"].items()}
        print(
            f"probe (untimed, warms the workers): {time.perf_counter() - started:.0f} s; pages "
            f"walked per account {pages}, {len(plan['api'])} API lists, "
            f"{len(plan['words'])} search words",
            flush=True,
        )
        steady: dict[str, float] = {}

        def on_steady() -> None:
            steady["cpu"] = server.cpu_seconds()
            steady["log"] = log.stat().st_size

        steady["ramp_log"] = log.stat().st_size
        print(
            f"locust: {args.users} users, {args.spawn_rate:g} started a second, "
            f"{args.think_min:g}–{args.think_max:g} s between requests, measured once all have "
            f"signed in for at most {args.run_time:g} s or {args.max_requests} requests…",
            flush=True,
        )
        walk = run_locust(args, base, plan, on_steady)
        cpu = server.cpu_seconds() - steady["cpu"]
    finally:
        status = server.stop()
        run_django_step(env, "--revoke", str(plan["token"]["id"]))
    database = plan["database"]
    print(
        f"\nramp: {walk.ramp.count} requests in {walk.ramp_seconds:.0f} s while the users "
        f"started and signed in ({sum(walk.ramp.failures.values())} failed; not in the figures "
        f"but sign-in's); measured: "
        f"{walk.steady.count} requests in {walk.seconds:.0f} s, on {database['name']} "
        f"({database['size']}, {database['organizations']} organizations)"
    )
    print(f"server: {' '.join(command)}; stopped with SIGTERM, exit status {status}")
    print("settings: " + ", ".join(f"{k}={v}" for k, v in plan["settings"].items()))
    print()
    inside = server_side(log, int(steady["log"]), plan)
    ramp = server_side(log, int(steady["ramp_log"]), plan, end=int(steady["log"]))
    inside[(SIGN_IN, "/login/")] = ramp[(SIGN_IN, "/login/")]
    figures = report(args, plan, walk, server, cpu, refused, inside)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
