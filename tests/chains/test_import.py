"""Placing by import: `liaison chains place FILE`, one error per broken row, all or nothing."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from liaison.chains.choices import PlacementSource, PlacementStatus
from liaison.chains.models import SegmentPlacement
from liaison.chains.services import placements_import
from tests.agreements.factories import AgreementFactory
from tests.chains.factories import ChainSegmentFactory
from tests.needs.factories import TechnicalNeedFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records() -> dict[str, Any]:
    segment = ChainSegmentFactory.create(code="RAW", chain__code="BIOMAT")
    return {
        "segment": segment,
        "organization": OrganizationFactory.create(),
        "agreement": AgreementFactory.create(number="WIUCAS-2023-001"),
        "need": TechnicalNeedFactory.create(title="医用敷料抗菌涂层"),
        "person": PersonFactory.create(email="li@example.org"),
    }


def good_rows(records: dict[str, Any]) -> list[dict[str, str]]:
    organization = records["organization"]
    return [
        {
            "chain": "BIOMAT",
            "segment": "RAW",
            "record_type": "organization",
            "key": organization.credit_code,
        },
        {"chain": "", "segment": "RAW", "record_type": "agreement", "key": "WIUCAS-2023-001"},
        {"chain": "", "segment": "RAW", "record_type": "需求", "key": "医用敷料抗菌涂层"},
        {"chain": "", "segment": "RAW", "record_type": "expert", "key": "li@example.org"},
    ]


def test_an_import_places_each_row_accepted(records: dict[str, Any]) -> None:
    outcome = placements_import(rows=good_rows(records), by=None)
    assert (outcome.placed, outcome.errors, outcome.written) == (4, [], True)
    placements = SegmentPlacement.objects.all()
    assert {p.source for p in placements} == {PlacementSource.IMPORT}
    assert {p.status for p in placements} == {PlacementStatus.ACCEPTED}


def test_a_dry_run_places_nothing(records: dict[str, Any]) -> None:
    outcome = placements_import(rows=good_rows(records), by=None, dry_run=True)
    assert outcome.placed == 4
    assert not outcome.written
    assert not SegmentPlacement.objects.exists()


def test_each_broken_row_is_named_with_its_column_and_nothing_is_placed(
    records: dict[str, Any],
) -> None:
    rows = [
        *good_rows(records),
        {"chain": "", "segment": "NOPE", "record_type": "organization", "key": "x"},
        {"chain": "", "segment": "RAW", "record_type": "patent", "key": "x"},
        {"chain": "", "segment": "RAW", "record_type": "agreement", "key": "NO-SUCH-NUMBER"},
        # The same agreement twice: the second is already on the segment.
        {"chain": "", "segment": "RAW", "record_type": "agreement", "key": "WIUCAS-2023-001"},
    ]
    outcome = placements_import(rows=rows, by=None)
    assert [(e.row, e.column) for e in outcome.errors] == [
        (6, "segment"),
        (7, "record_type"),
        (8, "key"),
        (9, "key"),
    ]
    assert "NO-SUCH-NUMBER" in outcome.errors[2].message
    assert not SegmentPlacement.objects.exists()


def test_a_name_shared_by_two_records_is_refused_as_ambiguous(records: dict[str, Any]) -> None:
    PersonFactory.create(name_zh="王伟")
    PersonFactory.create(name_zh="王伟")
    rows = [{"segment": "RAW", "record_type": "person", "key": "王伟"}]
    outcome = placements_import(rows=rows, by=None)
    assert outcome.errors[0].column == "key"
    assert "more than one" in outcome.errors[0].message


def test_the_command_reads_csv_and_xlsx(records: dict[str, Any], tmp_path: Path) -> None:
    rows = good_rows(records)
    csv_file = tmp_path / "placements.csv"
    lines = ["chain,segment,record_type,key"] + [
        ",".join([r["chain"], r["segment"], r["record_type"], r["key"]]) for r in rows[:2]
    ]
    csv_file.write_text("\n".join(lines), encoding="utf-8-sig")
    out = io.StringIO()
    call_command("chains", "place", str(csv_file), "--dry-run", stdout=out)
    assert "Would place 2 records" in out.getvalue()
    assert not SegmentPlacement.objects.exists()

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["环节", "类型", "标识"])
    for row in rows[2:]:
        sheet.append([row["segment"], row["record_type"], row["key"]])
    xlsx_file = tmp_path / "placements.xlsx"
    book.save(xlsx_file)
    call_command("chains", "place", str(xlsx_file), stdout=io.StringIO())
    assert SegmentPlacement.objects.count() == 2


def test_the_command_fails_naming_the_rows_and_places_nothing(
    records: dict[str, Any], tmp_path: Path
) -> None:
    csv_file = tmp_path / "placements.csv"
    csv_file.write_text(
        "segment,record_type,key\nRAW,agreement,WIUCAS-2023-001\nRAW,agreement,NONE\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 row cannot be placed"):
        call_command("chains", "place", str(csv_file), stderr=err)
    assert "row 3, column key" in err.getvalue()
    assert not SegmentPlacement.objects.exists()


def test_a_file_without_the_columns_is_refused(records: dict[str, Any], tmp_path: Path) -> None:
    csv_file = tmp_path / "placements.csv"
    csv_file.write_text("name,value\nRAW,x\n")
    with pytest.raises(CommandError, match="record_type"):
        call_command("chains", "place", str(csv_file))
