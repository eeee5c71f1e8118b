"""The demo institute exported and imported into an empty installation gives the same figures.

The demo (scale 1) is exported as `liaison export` writes it — every kind, every record — then
every record is taken out of the installation, leaving what a new one holds (what its
migrations wrote), and the export is imported through the services. The six headline figures
(`liaison figures`) come out the same, as of the day of the announcement and as of today. The
same export tried again on the installation it made finds every row there already: a re-import
is idempotent.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, transaction
from pytest_django import DjangoDbBlocker

from liaison.demo.loader import DemoSummary, load_demo
from liaison.operations.backup import MADE_BY_MIGRATE, SEEDED, TRANSIENT, held_records
from liaison.operations.imports import books
from liaison.operations.imports.registry import kinds
from liaison.operations.imports.runs import Report, run_import
from liaison.organizations.models import Organization
from liaison.reports.selectors import figures_as_of

pytestmark = pytest.mark.django_db

ANNOUNCED = datetime.date(2023, 5, 8)

Figures = dict[str, int | Decimal]
Roundtrip = tuple[dict[datetime.date, Figures], Report, dict[datetime.date, Figures], Report]


def figures(as_of: datetime.date) -> Figures:
    return {figure.definition.key: figure.value for figure in figures_as_of(as_of=as_of)}


def empty_installation() -> None:
    """Take every record out, leaving what a new installation's migrations wrote."""
    kept = MADE_BY_MIGRATE | TRANSIENT | SEEDED
    tables = [
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in kept
    ]
    # Foreign keys are checked when the transaction commits (which this one never does).
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


@pytest.fixture(scope="module")
def roundtrip(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Roundtrip]:
    """The demo's figures, the import of its export into an empty installation, the figures
    after it, and a dry run of the same export again; all rolled back after the module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            summary: DemoSummary = load_demo(scale=1, progress=False)
            days = (ANNOUNCED, summary.today)
            before = {day: figures(day) for day in days}
            exported = io.BytesIO()
            books.write_workbook(
                exported, language="en", selected=kinds(), user=None, with_rows=True
            )
            empty_installation()
            assert held_records() == {}
            exported.seek(0)
            report = run_import(exported, name="export.xlsx", user=None)
            after = {day: figures(day) for day in days}
            exported.seek(0)
            again = run_import(exported, name="export.xlsx", user=None, dry_run=True)
            yield before, report, after, again
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_the_demos_export_imports_into_an_empty_installation_without_a_refusal(
    roundtrip: Roundtrip,
) -> None:
    _before, report, _after, _again = roundtrip

    assert report.errors == []
    assert [(e["sheet"], e["row"], e["column"], e["message"]) for e in report.row_errors()][
        :10
    ] == []
    assert report.written
    assert Organization.objects.filter(is_institute=True).count() == 1


def test_every_kind_of_the_export_is_created_anew(
    roundtrip: Roundtrip,
) -> None:
    _before, report, _after, _again = roundtrip

    assert {k.key for k in report.kinds} == {k.key for k in kinds()}
    assert all(k.created > 0 for k in report.kinds)


def test_the_imported_installation_gives_the_same_figures(
    roundtrip: Roundtrip,
) -> None:
    before, _report, after, _again = roundtrip

    assert after == before
    # Not nothing equal to nothing: the demo's figures of the announcement.
    assert before[ANNOUNCED]["technical_problems_solved"] == 213


def test_the_export_imported_again_leaves_every_row_alone(roundtrip: Roundtrip) -> None:
    _before, report, _after, again = roundtrip

    assert again.ok, [
        (e["sheet"], e["row"], e["column"], e["message"]) for e in again.row_errors()
    ][:10]
    changed = {k.key: (k.created, k.updated) for k in again.kinds if k.created or k.updated}
    assert changed == {}
    # Every row of the file, read both times.
    assert sum(k.unchanged for k in again.kinds) == sum(len(k.rows) for k in report.kinds) > 5000
