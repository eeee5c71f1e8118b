"""The commands that need a migrated database say what to do in one line, and make nothing.

Each test runs the real `liaison` command in a subprocess from a folder of its own, with the
embedded settings and no DATABASE_URL, as a person would in a folder that is no installation.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = [
    ["figures"],
    ["demo", "--no-progress"],
    ["index", "build", "--no-progress"],
    ["match", "抗菌敷料"],
]


def liaison(
    *args: str, cwd: Path, environment: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "LIAISON_DATA_DIR", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(environment or {})
    return subprocess.run(
        [sys.executable, "-m", "liaison.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_a_command_run_outside_an_installation_says_what_to_do_and_leaves_no_folder(
    command: list[str], tmp_path: Path
) -> None:
    folder = tmp_path.resolve()

    result = liaison(*command, cwd=folder)

    assert result.returncode != 0
    assert result.stderr.splitlines() == [
        f"CommandError: No Liaison database in {folder / 'var'}: run `liaison up` "
        "(or `liaison migrate`) first, or set LIAISON_DATA_DIR."
    ]
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_a_command_on_a_database_not_migrated_says_to_migrate_it(
    command: list[str], tmp_path: Path
) -> None:
    folder = tmp_path.resolve()
    (folder / "var").mkdir()
    (folder / "var" / "liaison.sqlite3").touch()

    result = liaison(*command, cwd=folder)

    assert result.returncode != 0
    [line] = result.stderr.splitlines()
    assert line.startswith(f"CommandError: The Liaison database in {folder / 'var'} lacks ")
    assert line.endswith(" migrations: run `liaison migrate` (or `liaison up`) first.")


def test_following_a_writers_index_needs_no_database(tmp_path: Path) -> None:
    # A web machine's replica copies files: it runs before any database is reachable.
    folder = tmp_path.resolve()
    source = folder / "writer-index"

    result = liaison(
        "index",
        "follow",
        "--once",
        cwd=folder,
        environment={
            "LIAISON_DATA_DIR": str(folder / "data"),
            "LIAISON_MATCHING_INDEX_SOURCE": str(source),
        },
    )

    assert result.returncode != 0
    assert "database" not in result.stderr
    assert str(source) in result.stderr
