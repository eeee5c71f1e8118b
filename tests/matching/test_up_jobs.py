"""`liaison up` consumes the index jobs in its own threads: a change made by another process
reaches the matcher without a second program running.

It starts the real command on a fresh data folder (SQLite, the embedded job queue, no demo).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

# Generous: on a loaded 2-core machine each `liaison` process takes seconds to start.
START_TIMEOUT = 120
JOB_TIMEOUT = 90


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def liaison(env, *args):
    return subprocess.run(
        [sys.executable, "-m", "liaison.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout


def test_up_keeps_the_index_fresh_with_its_own_job_threads(tmp_path: Path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="liaison.settings.embedded",
        LIAISON_DATA_DIR=str(tmp_path / "data"),
        LIAISON_DEMO_SCALE="0",
        PYTHONUNBUFFERED="1",
    )
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
            assert server.poll() is None, server.stdout.read()
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/", timeout=5).close()
                break
            except OSError:  # refused, reset, or accepted but not answered yet (URLError too)
                assert time.monotonic() < deadline, "liaison up did not answer in time"
                time.sleep(0.3)
        assert json.loads(liaison(env, "match", "石墨烯量子点", "--json")) == []

        liaison(
            env,
            "shell",
            "-c",
            "from liaison.people.models import Person; "
            "Person.objects.create(name_zh='石墨专家', kind='researcher', "
            "expertise=['石墨烯量子点'], profile='石墨烯量子点荧光探针。')",
        )

        deadline = time.monotonic() + JOB_TIMEOUT
        while not json.loads(liaison(env, "match", "石墨烯量子点", "--json")):
            assert time.monotonic() < deadline, "the job consumer did not index the change"
            time.sleep(0.5)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "The matching index is being built in the background." in output
