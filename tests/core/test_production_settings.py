"""Production settings pass Django's deployment checklist with the documented environment, and
refuse to start, in one line and with exit status 2, without a proper secret key or database.

Each test runs the real `liaison` command in a subprocess, from an empty folder, with only
the variables docs/deployment.md lists (nothing connects to the database or to Redis).
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

DOCUMENTED = {
    "DJANGO_SETTINGS_MODULE": "liaison.settings.production",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "LIAISON_ALLOWED_HOSTS": "liaison.example.org",
}


def liaison(*args: str, cwd: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("LIAISON_") and name not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-m", "liaison.cli", *args],
        cwd=cwd,
        env={name: value for name, value in env.items() if value is not None},
        capture_output=True,
        text=True,
        timeout=300,
    )


def secret_key() -> str:
    return secrets.token_urlsafe(50)


def test_check_deploy_finds_no_issue_with_the_documented_settings(tmp_path: Path) -> None:
    result = liaison(
        "check", "--deploy", cwd=tmp_path, **DOCUMENTED, LIAISON_SECRET_KEY=secret_key()
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_on_a_plain_http_intranet_check_deploy_names_the_https_settings(tmp_path: Path) -> None:
    result = liaison(
        "check",
        "--deploy",
        cwd=tmp_path,
        **DOCUMENTED,
        LIAISON_SECRET_KEY=secret_key(),
        LIAISON_HTTPS="0",
    )

    warned = set(re.findall(r"\(([a-z]+\.W\d+)\)", result.stderr))
    assert warned == {"security.W004", "security.W008", "security.W012", "security.W016"}


def refusal(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    return result.stderr.splitlines()


def test_production_without_a_secret_key_refuses_to_start_in_one_line(tmp_path: Path) -> None:
    result = liaison("migrate", cwd=tmp_path, **DOCUMENTED)

    assert refusal(result) == [
        "LIAISON_SECRET_KEY is not set: production needs a secret key of 50 or more random "
        "characters, e.g. from python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    ]
    assert list(tmp_path.iterdir()) == []


def test_production_without_database_url_refuses_to_start_in_one_line(tmp_path: Path) -> None:
    variables = {**DOCUMENTED, "LIAISON_SECRET_KEY": secret_key()}
    del variables["DATABASE_URL"]

    result = liaison("migrate", cwd=tmp_path, **variables)

    assert refusal(result) == [
        "DATABASE_URL is not set: production runs on PostgreSQL, e.g. "
        "DATABASE_URL=postgres://liaison@db.example.org:5432/liaison."
    ]
    assert list(tmp_path.iterdir()) == []


def test_a_short_secret_key_is_refused(tmp_path: Path) -> None:
    result = liaison("check", cwd=tmp_path, **DOCUMENTED, LIAISON_SECRET_KEY="x" * 49)

    assert refusal(result) == [
        "LIAISON_SECRET_KEY is too short (49 characters): production needs 50 or more random "
        "characters."
    ]


@pytest.mark.parametrize(
    "key", ["liaison-tests-only", "django-insecure-" + "k" * 50], ids=["tests", "django"]
)
def test_a_published_secret_key_is_refused(tmp_path: Path, key: str) -> None:
    result = liaison("check", cwd=tmp_path, **DOCUMENTED, LIAISON_SECRET_KEY=key)

    assert refusal(result) == [
        "LIAISON_SECRET_KEY is a published key (the tests' or Django's development key): "
        "choose a random one of 50 or more characters."
    ]


def test_security_settings_come_from_the_environment(tmp_path: Path) -> None:
    shown = (
        "from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()), "
        "s.SESSION_COOKIE_AGE, s.LIAISON_TRUSTED_PROXIES, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    result = liaison(
        "shell",
        "--verbosity=0",
        "-c",
        shown,
        cwd=tmp_path,
        **DOCUMENTED,
        LIAISON_SECRET_KEY=secret_key(),
        LIAISON_LOGIN_FAILURE_LIMIT="7",
        LIAISON_LOGIN_COOLOFF_MINUTES="15",
        LIAISON_SESSION_IDLE_MINUTES="20",
        LIAISON_TRUSTED_PROXIES="1",
        LIAISON_HSTS_SECONDS="600",
        LIAISON_HSTS_INCLUDE_SUBDOMAINS="0",
        LIAISON_HSTS_PRELOAD="1",
    )

    assert result.stdout.split() == ["7", "900", "1200", "1", "600", "False", "True"], result.stderr


def test_a_setting_that_is_not_a_number_is_refused_in_one_line(tmp_path: Path) -> None:
    result = liaison(
        "check",
        cwd=tmp_path,
        **DOCUMENTED,
        LIAISON_SECRET_KEY=secret_key(),
        LIAISON_SESSION_IDLE_MINUTES="an hour",
    )

    assert refusal(result) == [
        "LIAISON_SESSION_IDLE_MINUTES must be a whole number, 1 or more (it is “an hour”)."
    ]
