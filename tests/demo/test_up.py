"""`liaison up`: prepares an empty installation, then serves the admin and its static files.

The end-to-end test starts the real command in a subprocess, on a free port, with a fresh
data folder and SQLite (even in the PostgreSQL run: the command migrates the database it is
given, and the shared PostgreSQL database is not one to migrate), the demo institute included
(it loads in about a second; LIAISON_DEMO_SCALE=0 would skip it).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from liaison.demo.management.commands import up
from liaison.organizations.models import Organization
from tests.organizations.factories import OrganizationFactory

START_TIMEOUT = 60


@pytest.fixture
def fake_demo(monkeypatch):
    calls = []

    def load_demo(*, scale, stdout=None, **kwargs):
        calls.append(scale)
        OrganizationFactory()

    monkeypatch.setattr(up, "load_demo", load_demo)
    return calls


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_prepare_migrates_loads_the_demo_and_creates_the_demo_administrator(fake_demo):
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


@pytest.mark.django_db
def test_prepare_leaves_a_database_with_organizations_and_users_alone(fake_demo, staff_user):
    OrganizationFactory()

    prepared = up.prepare(scale=1)

    assert fake_demo == []
    assert not get_user_model().objects.filter(username="admin").exists()
    assert (prepared.demo_loaded, prepared.admin_created) == (False, False)


@pytest.mark.django_db
def test_prepare_skips_the_demo_at_scale_zero(fake_demo):
    up.prepare(scale=0)

    assert fake_demo == []
    assert not Organization.objects.exists()
    assert get_user_model().objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_prepare_loads_the_real_demo_institute_into_an_empty_database():
    prepared = up.prepare(scale=1)

    assert prepared.demo_loaded
    assert Organization.objects.filter(is_institute=True).exists()


def test_demo_scale_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("LIAISON_DEMO_SCALE", "0")
    assert up.demo_scale() == 0
    monkeypatch.delenv("LIAISON_DEMO_SCALE")
    assert up.demo_scale() == 1


def test_demo_scale_that_is_not_a_number_is_refused(monkeypatch):
    monkeypatch.setenv("LIAISON_DEMO_SCALE", "lots")

    with pytest.raises(CommandError, match="LIAISON_DEMO_SCALE"):
        up.demo_scale()


def test_busy_port_is_reported_clearly():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        with pytest.raises(CommandError, match=f"Port {port} on 127.0.0.1 is already in use"):
            call_command("up", "--port", str(port))


def test_address_shown_for_every_interface_is_this_computer():
    assert up.address("0.0.0.0", 8000) == "http://127.0.0.1:8000/"
    assert up.address("::1", 8001) == "http://[::1]:8001/"


def _get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read()


def test_up_serves_the_admin_and_its_css_on_a_fresh_data_folder(tmp_path: Path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="liaison.settings.embedded",
        LIAISON_DATA_DIR=str(tmp_path / "data"),
        LIAISON_DEMO_SCALE="1",
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
                status, _type, page = _get(f"http://127.0.0.1:{port}/admin/login/")
                break
            # A timeout: the port is bound before the preparation, so it accepts but answers
            # only once the preparation is done.
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert time.monotonic() < deadline, "liaison up did not answer in time"
                time.sleep(0.3)
        assert status == 200
        assert b"Liaison" in page
        css_status, css_type, css = _get(f"http://127.0.0.1:{port}/static/admin/css/base.css")
        assert css_status == 200
        assert css_type.startswith("text/css")
        assert b"body" in css
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert (
        f"Liaison is running at http://127.0.0.1:{port}/  — sign in as admin / liaison-demo"
        in output
    )
    assert (tmp_path / "data" / "liaison.sqlite3").exists()
