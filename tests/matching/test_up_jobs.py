"""`liaison up` consumes the index jobs in its own threads: a change made by another process
reaches the matcher without a second program running.

It starts the real command on a fresh data folder (SQLite, the embedded job queue, no demo).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from tests.liaison_up import running_up

JOB_TIMEOUT = 90


def liaison(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "liaison.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout


def test_up_keeps_the_index_fresh_with_its_own_job_threads(tmp_path: Path) -> None:
    with running_up(tmp_path / "data", LIAISON_DEMO_SCALE="0") as run:
        env = run.env
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
    assert "The matching index is being built in the background." in run.output
