"""`liaison backup` and `liaison restore`: one archive that gives back the same records,
histories, versions, attachments and matches; checked before anything is written."""

from __future__ import annotations

import datetime
import io
import tarfile
import threading
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, models, transaction
from django.db.models import Count

from liaison.agreements.models import Agreement, AgreementAttachment, AgreementParty
from liaison.core import freshness
from liaison.matching.indexing import rebuild
from liaison.matching.selectors import match
from liaison.operations.backup import (
    BackupError,
    archived_models,
    create_backup,
    inspect_backup,
    restore_backup,
    scheduled_backup,
)
from liaison.organizations.services import organization_update
from tests.agreements.factories import signed_technical_agreement
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

# SQLite's online backup reads committed pages: there the records are committed (a test in a
# transaction would hold the lock the backup waits for); PostgreSQL reads in the test's own.
pytestmark = pytest.mark.django_db(transaction=connection.vendor == "sqlite")

QUERY = "乳制品益生菌发酵工艺"


def everything() -> dict[str, list[dict[str, Any]]]:
    """Every row of every record type the archive holds, and of the links between them."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for model in archived_models():
        rows[model._meta.label_lower] = list(model._base_manager.order_by("pk").values())
        for field in model._meta.local_many_to_many:
            through: type[models.Model] = field.remote_field.through  # type: ignore[assignment]
            rows[through._meta.label_lower] = list(through._base_manager.order_by("pk").values())
    return rows


def matches() -> list[tuple[str, float]]:
    return [(result.entity_id, round(result.score, 6)) for result in match(QUERY, top=5)]


@pytest.fixture
def installation() -> AgreementAttachment:
    """Records with histories and versions past 1, an attachment, and a built index."""
    PersonFactory.create(expertise=["益生菌", "乳制品"], profile="乳制品益生菌发酵工艺研究。")
    PersonFactory.create(expertise=["敷料"], profile="医用敷料与伤口护理。")
    organization = OrganizationFactory.create()
    organization_update(
        organization=organization, by=None, version=organization.version, city="宁波"
    )
    agreement = signed_technical_agreement()
    attachment = AgreementAttachment(agreement=agreement, title="合同扫描件")
    attachment.file.save("contract.pdf", ContentFile(b"%PDF-1.4 signed contract"), save=False)
    attachment.save()
    rebuild()
    return attachment


def test_restore_gives_back_the_same_records_histories_attachments_and_matches(
    installation: AgreementAttachment, tmp_path: Path
) -> None:
    archive = tmp_path / "liaison.tar.gz"
    manifest = create_backup(archive)
    before, found = everything(), matches()
    assert found
    assert manifest.index_generation
    assert manifest.counts["organizations.historicalorganization"] >= 2
    # What happens after the backup: a new record, a change, a lost attachment.
    OrganizationFactory.create()
    organization_update(
        organization=installation.agreement.organizations.first(),  # type: ignore[arg-type]
        by=None,
        version=installation.agreement.organizations.first().version,  # type: ignore[union-attr]
        city="杭州",
    )
    attachment_path = Path(settings.MEDIA_ROOT) / installation.file.name
    attachment_path.unlink()

    restore_backup(archive, replace=True)

    assert everything() == before
    assert attachment_path.read_bytes() == b"%PDF-1.4 signed contract"
    assert matches() == found


def test_restore_into_an_empty_installation_needs_no_replace(
    installation: AgreementAttachment, tmp_path: Path
) -> None:
    archive = tmp_path / "liaison.tar.gz"
    create_backup(archive)
    before = everything()
    if connection.vendor == "postgresql":
        # The test's transaction still holds deferred checks, which forbid emptying tables.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    generation = freshness.generation()

    restore_backup(archive)

    assert everything() == before
    # Written without the models' signals: the dashboard's cached reading is read afresh.
    assert freshness.generation() > generation


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the planner's statistics of PostgreSQL"
)
def test_a_restored_database_has_the_planners_statistics_of_its_rows(
    installation: AgreementAttachment, tmp_path: Path
) -> None:
    archive = tmp_path / "liaison.tar.gz"
    create_backup(archive)
    people = PersonFactory._meta.model.objects.count()

    restore_backup(archive, replace=True)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s",
            [PersonFactory._meta.model._meta.db_table],
        )
        (estimated,) = cursor.fetchone()
    # Never analysed is -1; the rows restored in this (uncommitted) transaction are counted
    # only by the restore's own ANALYZE.
    assert estimated == people


def test_an_installation_with_records_is_refused_unless_replaced(
    installation: AgreementAttachment, tmp_path: Path
) -> None:
    archive = tmp_path / "liaison.tar.gz"
    create_backup(archive)
    OrganizationFactory.create()
    before = everything()

    with pytest.raises(BackupError, match="already holds records"):
        restore_backup(archive)

    assert everything() == before


def test_a_replica_of_the_index_refuses_a_restore_before_writing_anything(
    installation: AgreementAttachment, tmp_path: Path, settings: Any
) -> None:
    archive = tmp_path / "liaison.tar.gz"
    create_backup(archive)
    before = everything()
    settings.MATCHING_INDEX_SOURCE = str(tmp_path / "writer-index")

    with pytest.raises(BackupError, match="replica of the matching index"):
        restore_backup(archive, replace=True)

    assert everything() == before


def test_a_damaged_archive_is_refused_before_anything_is_written(
    installation: AgreementAttachment, tmp_path: Path
) -> None:
    archive = tmp_path / "liaison.tar.gz"
    create_backup(archive)
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(unpacked, filter="data")
    rows = unpacked / "data" / "organizations.organization.jsonl"
    rows.write_text(rows.read_text().replace("宁波", "温州"))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        for path in sorted(unpacked.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(unpacked).as_posix())
    OrganizationFactory.create()
    before = everything()

    with pytest.raises(BackupError, match=r"organizations\.organization\.jsonl is damaged"):
        restore_backup(damaged, replace=True)
    with pytest.raises(BackupError, match="not a Liaison archive"):
        inspect_backup(rows)

    assert everything() == before


def test_the_nightly_backup_keeps_the_newest_archives(
    installation: AgreementAttachment, tmp_path: Path, settings: Any
) -> None:
    settings.LIAISON_BACKUP_DIR = tmp_path / "backups"
    settings.LIAISON_BACKUP_KEEP = 2
    nights = [datetime.datetime(2026, 12, day, 2, 30, tzinfo=datetime.UTC) for day in (1, 2, 3)]

    made = [scheduled_backup(now=night) for night in nights]

    kept = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert kept == [made[1].name, made[2].name]  # type: ignore[union-attr]
    assert inspect_backup(made[2]).counts["agreements.agreementattachment"] == 1  # type: ignore[arg-type]
    settings.LIAISON_BACKUP_KEEP = 0
    assert scheduled_backup() is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Django's SQLite test database lives in memory, where writers lock whole tables "
    "rather than share a write-ahead log with the online backup, as the file of an "
    "installation does",
)
def test_a_backup_taken_while_writes_go_on_restores_to_a_consistent_state(
    installation: AgreementAttachment, tmp_path: Path
) -> None:
    """Agreements are written with their two parties in one transaction each, all along the
    backup: the archive holds each agreement with both its parties or not at all."""
    started, stop = threading.Event(), threading.Event()
    written: list[int] = []

    def write() -> None:
        try:
            while not stop.is_set() or len(written) < 3:
                with transaction.atomic():
                    written.append(signed_technical_agreement().pk)
                if len(written) == 2:
                    started.set()
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert started.wait(timeout=60)
        archive = tmp_path / "liaison.tar.gz"
        manifest = create_backup(archive)
    finally:
        stop.set()
        writer.join()

    restore_backup(archive, replace=True)

    agreements = Agreement.objects.annotate(n=Count("parties"))
    assert agreements.count() == manifest.counts["agreements.agreement"] >= 3
    assert set(agreements.values_list("n", flat=True)) == {2}
    assert AgreementParty.objects.count() == manifest.counts["agreements.agreementparty"]


def test_the_commands_write_check_and_refuse_with_the_reason(
    installation: AgreementAttachment, tmp_path: Path
) -> None:
    archive = tmp_path / "nightly.tar.gz"
    out = io.StringIO()
    call_command("backup", "--out", str(archive), stdout=out)
    assert "Wrote" in out.getvalue()
    assert "1 attachment." in out.getvalue()

    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert "Matching index: gen-" in out.getvalue()

    with pytest.raises(CommandError, match="already holds records"):
        call_command("restore", str(archive), stdout=io.StringIO())
