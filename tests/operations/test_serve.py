"""`liaison serve` and what production needs around it: refusals before gunicorn starts, its
command line, the 503 page while the database is unreachable, and the periodic jobs the job
consumer runs (`liaison run_huey` in production, the threads of `liaison up` embedded)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, override_settings
from huey.api import PeriodicTask
from huey.contrib.djhuey import HUEY

from liaison.operations.management.commands import serve


@pytest.fixture
def gunicorn() -> Iterator[mock.MagicMock]:
    """What `liaison serve` would have run gunicorn with, instead of running it."""
    with mock.patch.object(serve, "become_gunicorn") as become:
        yield become


@pytest.fixture
def database_down() -> Iterator[None]:
    """Every connection to the database is refused, as while it restarts."""

    def refuse(self: Any) -> None:
        raise OperationalError("connection refused: the database system is shutting down")

    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse):
        yield


def test_serve_refuses_to_run_outside_the_production_settings(
    gunicorn: mock.MagicMock,
) -> None:
    with pytest.raises(CommandError, match="production only"):
        call_command("serve")

    gunicorn.assert_not_called()


@pytest.mark.django_db
@override_settings(LIAISON_PRODUCTION=True)
def test_serve_runs_gunicorn_with_the_workers_threads_and_addresses_asked_for(
    gunicorn: mock.MagicMock,
) -> None:
    call_command(
        "serve",
        "--bind=0.0.0.0:8001",
        "--bind=unix:/run/liaison.sock",
        "--workers=3",
        "--threads=8",
        stdout=mock.Mock(),
    )

    arguments = gunicorn.call_args.args[0]
    assert arguments[:2] == ["--config", serve.GUNICORN_SETTINGS]
    options = dict(zip(arguments[::2], arguments[1::2], strict=True))
    assert options["--workers"] == "3"
    assert options["--threads"] == "8"
    assert options["--worker-class"] == "gthread"
    assert arguments.count("--bind") == 2
    assert "unix:/run/liaison.sock" in arguments


@pytest.mark.django_db
@override_settings(LIAISON_PRODUCTION=True)
def test_serve_refuses_when_redis_cannot_be_reached(gunicorn: mock.MagicMock) -> None:
    with (
        mock.patch("django.core.cache.cache.get", side_effect=ConnectionError("refused")),
        pytest.raises(CommandError, match="cannot reach Redis"),
    ):
        call_command("serve")

    gunicorn.assert_not_called()


def test_a_page_asked_for_while_the_database_is_down_is_answered_503_in_the_persons_language(
    signed_in: Client, database_down: None
) -> None:
    signed_in.raise_request_exception = False

    response = signed_in.get("/organizations/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert '<html lang="zh-hans">' in response.content.decode()


def test_an_api_call_while_the_database_is_down_gets_503_in_the_apis_error_shape(
    signed_in: Client, database_down: None
) -> None:
    signed_in.raise_request_exception = False

    response = signed_in.get("/api/v1/organizations/")

    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"


def test_an_error_that_is_not_the_databases_is_still_the_500_page(signed_in: Client) -> None:
    signed_in.raise_request_exception = False

    with mock.patch(
        "liaison.core.views.generic.ObjectListView.get", side_effect=ValueError("a bug")
    ):
        response = signed_in.get("/organizations/")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_the_job_consumer_runs_the_periodic_jobs_of_reminders_patents_and_backups() -> None:
    periodic = {
        name for name, task in HUEY._registry._registry.items() if issubclass(task, PeriodicTask)
    }

    assert periodic >= {
        "liaison.reminders.tasks.send_reminders_hourly",
        "liaison.reminders.tasks.expire_due_agreements_hourly",
        "liaison.patents.tasks.lapse_and_expire_patents_hourly",
        "liaison.operations.tasks.back_up_nightly",
    }
