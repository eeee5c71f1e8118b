"""The database restarted under a serving `liaison serve` is survived without a manual step.

A PostgreSQL instance of the test's own (initdb and pg_ctl in a temporary folder, on a free
port: never the machine's instance) holds a freshly migrated installation; `liaison serve`
(real gunicorn, two workers) serves it with the production settings while a client keeps
asking for a page. The database is restarted, then stopped and started again: every answer
meanwhile is the page or the 503 page saying to try again — never a 500, never another page —
and once the database is back the page is served again with nobody touching the server.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

POSTGRES_BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
USERNAME = "restart-admin"
PASSWORD = secrets.token_urlsafe(16)
PAGE = "/organizations/"
# Every poll gives up after this long: a broken server fails the test, it does not hang it.
PATIENCE = 90.0

pytestmark = pytest.mark.skipif(
    not POSTGRES_BINARIES or (shutil.which("runuser") is None and os.geteuid() == 0),
    reason="PostgreSQL's server binaries (initdb, pg_ctl) are not installed",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def poll(condition: Callable[[], bool], what: str) -> None:
    """Wait until `condition()` holds, failing after PATIENCE seconds."""
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        threading.Event().wait(0.05)


@dataclass
class Instance:
    """A PostgreSQL server of the test's own, run by `pg_ctl` as the `postgres` user."""

    folder: Path
    port: int
    bin: Path

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def run(self, program: str, *args: str, check: bool = True) -> None:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root.
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=check, capture_output=True, timeout=PATIENCE)

    def pg_ctl(self, action: str, *args: str) -> None:
        self.run("pg_ctl", action, "-D", str(self.data), "-w", "-m", "fast", *args)

    def start(self, action: str = "start") -> None:
        """Start the server (or restart it: `action`), its log in a file of the folder."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg_ctl(action, "-l", str(self.folder / "server.log"), "-o", options)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture(scope="module")
def instance() -> Iterator[Instance]:
    folder = Path(tempfile.mkdtemp(prefix="liaison-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    server = Instance(folder=folder, port=free_port(), bin=POSTGRES_BINARIES[-1].parent)
    server.run("initdb", "-D", str(server.data), "-U", "postgres", "-A", "trust", "--no-sync")
    server.start()
    try:
        for database in ("liaison", "unmigrated"):
            server.run(
                "createdb", "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres", database
            )
        yield server
    finally:
        server.run("pg_ctl", "stop", "-D", str(server.data), "-m", "immediate", check=False)
        shutil.rmtree(folder, ignore_errors=True)


def production(instance: Instance, database: str, data_dir: Path) -> dict[str, str]:
    """The environment of a production installation on `database` of the test's instance."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("LIAISON_") and name not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="liaison.settings.production",
        DATABASE_URL=instance.url(database),
        # A database of Redis apart from the machine's other users of it.
        REDIS_URL="redis://127.0.0.1:6379/14",
        LIAISON_SECRET_KEY=secrets.token_urlsafe(50),
        LIAISON_ALLOWED_HOSTS="127.0.0.1",
        LIAISON_HTTPS="0",
        LIAISON_DATA_DIR=str(data_dir),
        LIAISON_DB_CONNECT_TIMEOUT="2",
    )
    return env


def liaison(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "liaison.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@dataclass
class Answers:
    """What a client asking for the page again and again was answered, in order."""

    seen: list[tuple[int, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, body: str) -> None:
        with self.lock:
            self.seen.append((status, body))

    def count(self, status: int) -> int:
        with self.lock:
            return sum(1 for s, _ in self.seen if s == status)


class Browser:
    """A signed-in person's browser (cookies kept), without redirects followed silently."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(self.base + path, data=data))

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def sign_in(self) -> None:
        status, page = self.get("/login/")
        assert status == 200, page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        status, page = self.post(
            "/login/",
            {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
        )
        assert status == 200, page
        assert USERNAME in page


# The installation's schema as its migrations leave it, made in seconds rather than the
# minute that running every migration takes: the tables from the models (as `migrate
# --run-syncdb` makes them for apps without migrations), every migration recorded as applied
# (so `liaison serve` finds the database migrated), and the administrator the client signs in as.
PREPARE = f"""
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

graph = MigrationLoader(connection).graph
applied = dict.fromkeys(key for leaf in graph.leaf_nodes() for key in graph.forwards_plan(leaf))
settings.MIGRATION_MODULES = {{app.label: None for app in apps.get_app_configs()}}
call_command("migrate", run_syncdb=True, verbosity=0)
recorder = MigrationRecorder(connection)
recorder.ensure_schema()
recorder.migration_qs.bulk_create([recorder.Migration(app=a, name=n) for a, n in applied])
get_user_model().objects.create_superuser({USERNAME!r}, "", {PASSWORD!r})
"""


@pytest.fixture(scope="module")
def server(instance: Instance, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = production(instance, "liaison", tmp_path_factory.mktemp("data"))
    prepared = liaison("shell", "-c", PREPARE, env=env)
    assert prepared.returncode == 0, prepared.stderr
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "liaison.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "2",
            "--no-access-log",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        poll(lambda: answers_at(base) or process.poll() is not None, "liaison serve to answer")
        assert process.poll() is None, "liaison serve stopped"
        yield base
    finally:
        # A quick stop: nothing is left to finish.
        process.send_signal(signal.SIGINT)
        process.wait(timeout=PATIENCE)


def answers_at(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/login/", timeout=5):
            return True
    except OSError:
        return False


def is_the_page(body: str) -> bool:
    return "<h1" in body and "Organizations" in body and USERNAME in body


def is_unavailable(body: str) -> bool:
    return "cannot reach its database" in body


def test_a_restarted_database_is_survived_with_no_request_answered_wrongly(
    instance: Instance, server: str
) -> None:
    browser = Browser(server)
    browser.sign_in()
    answers = Answers()
    done = threading.Event()

    def keep_asking() -> None:
        while not done.is_set():
            answers.add(*browser.get(PAGE))

    client = threading.Thread(target=keep_asking)
    client.start()
    try:
        poll(lambda: answers.count(200) >= 3, "the page before the restart")
        instance.start("restart")
        served = answers.count(200)
        poll(lambda: answers.count(200) >= served + 3, "the page after the restart")
        instance.pg_ctl("stop")
        poll(lambda: answers.count(503) >= 3, "the 503 page while the database is down")
        instance.start()
        served = answers.count(200)
        poll(lambda: answers.count(200) >= served + 3, "the page after a stop and a start")
    finally:
        done.set()
        client.join(timeout=PATIENCE)

    wrong = [
        (status, body[:300])
        for status, body in answers.seen
        if not ((status == 200 and is_the_page(body)) or (status == 503 and is_unavailable(body)))
    ]
    assert wrong == []
    assert answers.seen[-1][0] == 200


def test_serve_refuses_a_database_that_is_not_migrated(instance: Instance, tmp_path: Path) -> None:
    result = liaison("serve", env=production(instance, "unmigrated", tmp_path))

    assert result.returncode == 1
    assert "run `liaison migrate`" in result.stderr
