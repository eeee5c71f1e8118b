"""`liaison up` run for real, in a subprocess on a free port, for the tests of the whole command.

Each run has a fresh data folder and SQLite (even in the PostgreSQL run: the command migrates
the database it is given, and the shared PostgreSQL database is not one to migrate).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

# Generous: on a loaded 2-core machine each `liaison` process takes seconds to start.
START_TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclasses.dataclass
class Run:
    """A running `liaison up`: its port, the environment it runs in, and its output once ended."""

    port: int
    env: dict[str, str]
    output: str = ""


@contextlib.contextmanager
def running_up(data: Path, **variables: str) -> Iterator[Run]:
    """`liaison up` on a free port and the data folder `data`, once it answers; then stopped."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="liaison.settings.embedded",
        LIAISON_DATA_DIR=str(data),
        LIAISON_DEMO_SCALE="1",
        PYTHONUNBUFFERED="1",
    )
    env.update(variables)
    server = subprocess.Popen(
        [sys.executable, "-m", "liaison.cli", "up", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert server.poll() is None, server.stdout.read()  # type: ignore[union-attr]
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/", timeout=5).close()
                break
            # Refused, or accepted but not answered yet: the port is bound before the
            # preparation, and answers only once it is done.
            except OSError:
                assert time.monotonic() < deadline, "liaison up did not answer in time"
                time.sleep(0.3)
        run = Run(port, env)
        yield run
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    run.output = output
