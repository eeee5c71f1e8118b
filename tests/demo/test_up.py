"""`liaison up`: prepares an empty installation, then serves the admin and its static files,
and consumes the matching index's jobs in its own threads.

The end-to-end tests start the real command in a subprocess, on a free port, with a fresh
data folder and SQLite (even in the PostgreSQL run: the command migrates the database it is
given, and the shared PostgreSQL database is not one to migrate), the demo institute included
(it loads in about a second; LIAISON_DEMO_SCALE=0 skips it). Each start costs seconds, so each
of the two walks checks all it can of the one installation it starts.
"""

from __future__ import annotations

import functools
import http.cookiejar
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from liaison.accounts.models import User
from liaison.core import assets
from liaison.demo.management.commands import up
from liaison.organizations.models import Organization
from tests.liaison_up import running_up
from tests.organizations.factories import OrganizationFactory

JOB_TIMEOUT = 90
MIRROR_CACHE = Path(__file__).resolve().parents[2] / "test-artifacts" / "cache" / "npm"


@pytest.fixture
def fake_demo(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = []

    def load_demo(*, scale: int, stdout: Any = None, **kwargs: Any) -> None:
        calls.append(scale)
        OrganizationFactory.create()

    monkeypatch.setattr(up, "load_demo", load_demo)
    return calls


@pytest.mark.django_db
def test_prepare_migrates_loads_the_demo_and_creates_the_demo_administrator(
    fake_demo: list[int],
) -> None:
    prepared = up.prepare(scale=1)

    assert (
        MigrationExecutor(connection).migration_plan(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
        == []
    )
    assert fake_demo == [1]
    assert Organization.objects.exists()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff
    assert admin.check_password("liaison-demo")
    assert (prepared.demo_loaded, prepared.admin_created) == (True, True)
    assert prepared.admin_password is None, "the demo's login is documented, not generated"


@pytest.mark.django_db
def test_prepare_leaves_a_database_with_organizations_and_users_alone(
    fake_demo: list[int], staff_user: User
) -> None:
    OrganizationFactory.create()

    prepared = up.prepare(scale=1)

    assert fake_demo == []
    assert not get_user_model().objects.filter(username="admin").exists()
    assert (prepared.demo_loaded, prepared.admin_created) == (False, False)


@pytest.mark.django_db
def test_prepare_skips_the_demo_at_scale_zero(fake_demo: list[int]) -> None:
    up.prepare(scale=0)

    assert fake_demo == []
    assert not Organization.objects.exists()
    assert get_user_model().objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_without_the_demo_the_administrator_gets_a_generated_password_not_the_demos(
    fake_demo: list[int],
) -> None:
    prepared = up.prepare(scale=0)

    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff
    assert not admin.check_password("liaison-demo")
    assert prepared.admin_password is not None
    assert len(prepared.admin_password) >= 16
    assert admin.check_password(prepared.admin_password)
    assert prepared.admin_password not in admin.password


@pytest.mark.django_db
def test_a_database_with_records_but_no_user_gets_an_administrator_with_a_generated_password(
    fake_demo: list[int],
) -> None:
    OrganizationFactory.create()

    prepared = up.prepare(scale=1)

    assert fake_demo == []
    admin = get_user_model().objects.get(username="admin")
    assert prepared.admin_password is not None
    assert admin.check_password(prepared.admin_password)
    assert not admin.check_password("liaison-demo")


@pytest.mark.django_db
def test_the_demo_loaded_beside_existing_users_adds_no_demo_login(
    fake_demo: list[int], staff_user: User
) -> None:
    prepared = up.prepare(scale=1)

    assert prepared.demo_loaded
    assert (prepared.admin_created, prepared.admin_password) == (False, None)
    assert not get_user_model().objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_a_second_preparation_creates_no_administrator_and_tells_no_password(
    fake_demo: list[int],
) -> None:
    up.prepare(scale=0)

    prepared = up.prepare(scale=0)

    assert (prepared.admin_created, prepared.admin_password) == (False, None)
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_prepare_loads_the_real_demo_institute_into_an_empty_database() -> None:
    prepared = up.prepare(scale=1)

    assert prepared.demo_loaded
    assert Organization.objects.filter(is_institute=True).exists()


def test_demo_scale_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIAISON_DEMO_SCALE", "0")
    assert up.demo_scale() == 0
    monkeypatch.delenv("LIAISON_DEMO_SCALE")
    assert up.demo_scale() == 1


def test_demo_scale_that_is_not_a_number_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIAISON_DEMO_SCALE", "lots")

    with pytest.raises(CommandError, match="LIAISON_DEMO_SCALE"):
        up.demo_scale()


def test_busy_port_is_reported_clearly() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        with pytest.raises(CommandError, match=f"Port {port} on 127.0.0.1 is already in use"):
            call_command("up", "--port", str(port))


def test_address_shown_for_every_interface_is_this_computer() -> None:
    assert up.address("0.0.0.0", 8000) == "http://127.0.0.1:8000/"
    assert up.address("::1", 8001) == "http://[::1]:8001/"


def _get(url: str, opener: urllib.request.OpenerDirector | None = None) -> tuple[int, str, bytes]:
    with (opener or urllib.request.build_opener()).open(url, timeout=5) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


@pytest.fixture(scope="session")
def npm_mirror() -> Iterator[str]:
    """A registry on this machine serving the pinned tarballs, fetched and verified once.

    `liaison up` fetches from it exactly as from the npm registry (NPM_CONFIG_REGISTRY), so a
    first run is tested without downloading the packages again each time.
    """
    folder = MIRROR_CACHE
    for package in assets.packages():
        target = folder / package.tarball.removeprefix(assets.DEFAULT_REGISTRY)
        if target.is_file():
            try:
                assets.verify(target.read_bytes(), package.integrity)
                continue
            except assets.AssetError:
                pass
        data = assets.fetch(package.url(assets.registry()))
        assets.verify(data, package.integrity)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.{os.getpid()}.part")
        partial.write_bytes(data)
        partial.replace(target)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    mirror = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    thread = threading.Thread(target=mirror.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{mirror.server_address[1]}/"
    finally:
        mirror.shutdown()
        mirror.server_close()


def status_of(url: str, opener: urllib.request.OpenerDirector) -> int:
    try:
        return _get(url, opener)[0]
    except urllib.error.HTTPError as error:
        return error.code


def signed_in(
    site: str, username: str, password: str
) -> tuple[urllib.request.OpenerDirector, bytes, tuple[str, bytes]]:
    """A browser (cookies kept) that posted the sign-in form of `site`; the sign-in page it
    was given, and the address and page the form led it to."""
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _status, _type, login = _get(f"{site}/login/", browser)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', login)
    assert token is not None
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1).decode()}
    ).encode()
    request = urllib.request.Request(
        f"{site}/login/", data=form, headers={"Referer": f"{site}/login/"}
    )
    with browser.open(request, timeout=30) as response:
        return browser, login, (response.url, response.read())


def liaison(env: dict[str, str], *args: str) -> str:
    """Another `liaison` process on the same data folder as a running `liaison up`."""
    return subprocess.run(
        [sys.executable, "-m", "liaison.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout


def _index_kept_fresh_by_up(env: dict[str, str]) -> None:
    """A change made by another process reaches the matcher without a second program running:
    `liaison up` consumes the index jobs in its own threads (SQLite, the embedded queue)."""
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


def test_without_the_demo_up_tells_the_generated_password_once_and_it_signs_in(
    tmp_path: Path,
) -> None:
    # The first start also proves that `liaison up` keeps the matching index fresh with its
    # own job threads: one start of the real command fewer, on a busy machine tens of seconds.
    with running_up(tmp_path / "data", LIAISON_DEMO_SCALE="0") as first:
        _index_kept_fresh_by_up(first.env)
    assert "The matching index is being built in the background." in first.output
    told = re.search(r"Created the administrator admin with the password (\S+)", first.output)
    assert told is not None, first.output
    password = told.group(1)
    assert f"change it at http://127.0.0.1:{first.port}/admin/password_change/" in first.output
    assert "liaison-demo" not in first.output
    assert "sign in with your account" in first.output

    with running_up(tmp_path / "data", LIAISON_DEMO_SCALE="0") as second:
        site = f"http://127.0.0.1:{second.port}"
        _browser, _login, (url, _page) = signed_in(site, "admin", password)
        assert url == f"{site}/"
    assert password not in second.output
    assert "Created the administrator" not in second.output


def _assets_of(page: bytes) -> set[str]:
    html = page.decode()
    return set(re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)) | set(
        re.findall(r'<script src="([^"]+)"', html)
    )


def test_the_first_run_from_a_clone_serves_the_admin_its_css_and_all_front_end_packages(
    tmp_path: Path, npm_mirror: str
) -> None:
    # One start of the real command (about ten seconds, more on a busy machine) serves both
    # what a fresh data folder needs (the admin and Django's static files) and the front-end
    # packages fetched on a first run; runs with the packages in place are tested by the
    # starts without the demo, here and in tests/matching/test_up_jobs.py.
    assets_folder = tmp_path / "vendor"
    with running_up(
        tmp_path / "data", LIAISON_ASSETS_DIR=str(assets_folder), NPM_CONFIG_REGISTRY=npm_mirror
    ) as run:
        site = f"http://127.0.0.1:{run.port}"
        status, _type, page = _get(f"{site}/admin/login/")
        assert status == 200
        assert b"Liaison" in page
        css_status, css_type, css = _get(f"{site}/static/admin/css/base.css")
        assert css_status == 200
        assert css_type.startswith("text/css")
        assert b"body" in css

        browser, login, (url, dashboard) = signed_in(site, "admin", "liaison-demo")
        assert url == f"{site}/", "the demo login leads to the dashboard"

        loaded = _assets_of(login) | _assets_of(dashboard)
        vendor = {url for url in loaded if "/static/vendor/" in url}
        # The pages' stylesheets, icons, htmx, Tabler's script and the dashboard's charts.
        assert len(vendor) == 5, loaded
        loaded.add("/static/vendor/tabler-icons/fonts/tabler-icons.woff2")
        statuses = {url: status_of(site + url, browser) for url in sorted(loaded)}
        assert statuses == dict.fromkeys(sorted(loaded), 200)
    assert f"Liaison is running at {site}/  — sign in as admin / liaison-demo" in run.output, (
        run.output
    )
    assert (tmp_path / "data" / "liaison.sqlite3").exists()
    assert (assets_folder / "tabler" / "css" / "tabler.min.css").is_file()
