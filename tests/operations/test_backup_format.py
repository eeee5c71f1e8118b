"""The archive's rows (format 2): every kind of column comes back exactly, nothing in them is
particular to the database they came from, the records Django makes per installation go by
name, the schema is the same after a restore, and archives of format 1 are still read."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import re
import tarfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

import liaison
from liaison.accounts.models import AuditEvent
from liaison.agreements.models import Agreement, AgreementAttachment
from liaison.operations import backup
from liaison.operations.backup import (
    BackupError,
    Manifest,
    archived_models,
    create_backup,
    inspect_backup,
    restore_backup,
)
from liaison.organizations.models import Organization
from liaison.people.models import Person
from tests.accounts.factories import UserFactory
from tests.agreements.factories import signed_technical_agreement
from tests.operations.test_backup import everything
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=connection.vendor == "sqlite")

ALIASES: list[Any] = [
    "宁波乳业",
    'say "cheese"\n\ttab \\ backslash',
    {"nested": {"list": [1, 2.5, -0.1, None, True, False], "中文": "值"}},
    12345678901234567,
    0.805,
    "",
]
# Eight hours east of UTC, to the microsecond.
AT = datetime.datetime(
    2025, 3, 10, 9, 15, 30, 123456, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
)


@pytest.fixture
def records() -> dict[str, Any]:
    """A row of every kind of column: JSON of every shape, decimals, datetimes to the
    microsecond with an offset, an IP address, a file, many-to-many links Django makes,
    and references to content types and permissions."""
    organization = OrganizationFactory.create(aliases=ALIASES)
    person = PersonFactory.create(honours=[{"year": 2024, "title": "省科技进步奖一等奖"}])
    agreement = signed_technical_agreement()
    Agreement.objects.filter(pk=agreement.pk).update(value=Decimal("1234567.89"))
    attachment = AgreementAttachment(agreement=agreement, title="合同扫描件")
    attachment.file.save("contract.pdf", ContentFile(b"%PDF-1.4 signed"), save=False)
    attachment.save()
    group = Group.objects.create(name="reviewers")
    group.permissions.set(Permission.objects.filter(codename__in=["view_group", "add_group"]))
    user = UserFactory.create()
    user.groups.add(group)
    event = AuditEvent.objects.create(
        at=AT, kind="login", user=user, username=user.username, ip_address="2001:db8::1"
    )
    entry = LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Group),
        object_id=str(group.pk),
        object_repr=group.name,
        action_flag=ADDITION,
    )
    return {
        "organization": organization,
        "person": person,
        "entry": entry,
        "group": group,
        "event": event,
    }


def archived_rows(archive: Path, label: str) -> list[dict[str, Any]]:
    """The rows of one record type as the archive holds them, by column name."""
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        member = tar.extractfile(f"data/{label}.jsonl")
        assert member is not None
        lines = member.read().decode().splitlines()
    return [dict(zip(manifest["columns"][label], json.loads(line), strict=True)) for line in lines]


def test_every_kind_of_column_comes_back_exactly(records: dict[str, Any], tmp_path: Path) -> None:
    archive = tmp_path / "liaison.tar.gz"
    create_backup(archive)
    before = everything()
    Organization.objects.filter(pk=records["organization"].pk).update(aliases=[])
    Person.objects.filter(pk=records["person"].pk).update(honours=[])
    records["group"].permissions.clear()
    AuditEvent.objects.update(at=AT + datetime.timedelta(seconds=1), ip_address="10.0.0.1")
    attachment = AgreementAttachment.objects.get()
    (Path(settings.MEDIA_ROOT) / attachment.file.name).unlink()

    restore_backup(archive, replace=True)

    assert everything() == before
    assert Organization.objects.get(pk=records["organization"].pk).aliases == ALIASES
    event = AuditEvent.objects.get(pk=records["event"].pk)
    assert (event.at, event.ip_address) == (AT, "2001:db8::1")
    assert Agreement.objects.get().value == Decimal("1234567.89")
    assert set(
        Group.objects.get(pk=records["group"].pk).permissions.values_list("codename", flat=True)
    ) == {
        "view_group",
        "add_group",
    }
    assert attachment.file.read() == b"%PDF-1.4 signed"


def test_the_archive_holds_no_value_particular_to_its_database(
    records: dict[str, Any], tmp_path: Path
) -> None:
    """What makes an archive of SQLite restore into PostgreSQL and back: every value in
    the same plain form from either database."""
    archive = tmp_path / "liaison.tar.gz"
    manifest = create_backup(archive)

    assert manifest.format == 2
    (event,) = [
        row
        for row in archived_rows(archive, "accounts.auditevent")
        if row["id"] == records["event"].pk
    ]
    assert event["at"] == "2025-03-10T01:15:30.123456+00:00"
    assert event["ip_address"] == "2001:db8::1"
    (agreement,) = archived_rows(archive, "agreements.agreement")
    assert agreement["value"] == "1234567.89"
    assert agreement["signed_on"] == "2025-03-10"
    (organization,) = [
        row
        for row in archived_rows(archive, "organizations.organization")
        if row["id"] == records["organization"].pk
    ]
    assert organization["aliases"] == ALIASES
    (attachment,) = archived_rows(archive, "agreements.agreementattachment")
    assert attachment["file"] == AgreementAttachment.objects.get().file.name
    assert manifest.links["auth.group_permissions"] == 2
    assert manifest.columns["accounts.user_groups"] == ["id", "user_id", "group_id"]


@pytest.fixture
def content_types_forgotten() -> Iterator[None]:
    """The content types cached by a test that numbers them anew are that test's alone."""
    yield
    ContentType.objects.clear_cache()


@pytest.mark.usefixtures("content_types_forgotten")
def test_content_types_and_permissions_go_by_name_not_by_id(
    records: dict[str, Any], tmp_path: Path
) -> None:
    archive = tmp_path / "liaison.tar.gz"
    create_backup(archive)
    (archived,) = archived_rows(archive, "admin.logentry")
    assert archived["content_type_id"] == ["auth", "group"]
    links = archived_rows(archive, "auth.group_permissions")
    assert sorted(link["permission_id"] for link in links) == [
        ["add_group", "auth", "group"],
        ["view_group", "auth", "group"],
    ]
    # Another installation numbers its content types and permissions otherwise.
    named = (ContentType, Permission)
    with transaction.atomic():
        for model in apps.get_models(include_auto_created=True):
            for field in model._meta.local_concrete_fields:
                if (field.primary_key and model in named) or (
                    field.is_relation and field.related_model in named
                ):
                    shifted = {field.attname: models.F(field.attname) + 100_000}
                    model._base_manager.update(**shifted)
    ContentType.objects.clear_cache()

    restore_backup(archive, replace=True)

    entry = LogEntry.objects.get(pk=records["entry"].pk)
    assert entry.content_type == ContentType.objects.get_by_natural_key("auth", "group")
    assert entry.content_type_id > 100_000  # type: ignore[operator]
    assert set(
        Group.objects.get(pk=records["group"].pk).permissions.values_list("codename", flat=True)
    ) == {
        "view_group",
        "add_group",
    }


def test_a_row_that_breaks_a_key_fails_the_restore_and_leaves_everything_as_it_was(
    records: dict[str, Any], tmp_path: Path
) -> None:
    archive = tmp_path / "liaison.tar.gz"
    create_backup(archive)
    damaged = tmp_path / "damaged.tar.gz"
    broken = "data/agreements.agreementattachment.jsonl"
    rewrite(archive, damaged, broken, lambda row, columns: _with(row, columns, agreement_id=987654))
    OrganizationFactory.create()
    before = everything()

    with pytest.raises(BackupError, match="do not hold together"):
        restore_backup(damaged, replace=True)

    assert everything() == before


def _with(row: list[Any], columns: list[str], **values: Any) -> list[Any]:
    return [values.get(column, value) for column, value in zip(columns, row, strict=True)]


def rewrite(archive: Path, out: Path, name: str, change: Any) -> None:
    """A copy of `archive` with the rows of member `name` changed and its checksum made to
    match: an archive that passes every check but holds what it was not made with."""
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]
    manifest = json.loads(members["manifest.json"])
    columns = manifest["columns"][name.removeprefix("data/").removesuffix(".jsonl")]
    rows = [change(json.loads(line), columns) for line in members[name].decode().splitlines()]
    members[name] = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()
    manifest["files"][name] = hashlib.sha256(members[name]).hexdigest()
    members["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(out, "w:gz") as tar:
        for member, data in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's keys and indexes")
def test_a_restore_leaves_every_key_and_index_as_it_found_them(
    records: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "liaison.tar.gz"
    create_backup(archive)
    # Every table's indexes built after its rows, however few.
    monkeypatch.setattr(backup, "REBUILT_INDEXES_FROM", 0)

    def schema() -> tuple[list[Any], list[Any]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename, indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = 'public' ORDER BY 1, 2"
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2"
            )
            return indexes, cursor.fetchall()

    before = schema()

    restore_backup(archive, replace=True)

    assert schema() == before


def with_times_parsed(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows with their dates and times read: 10:00:00.12 is 10:00:00.120000."""
    return [
        [
            datetime.datetime.fromisoformat(value)
            if isinstance(value, str)
            and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+[+-]\d\d:\d\d", value)
            else value
            for value in row
        ]
        for row in rows
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the rows PostgreSQL writes itself")
def test_the_rows_postgresql_writes_itself_are_those_python_writes(
    records: dict[str, Any],
) -> None:
    names = backup._natural_keys("default")
    ordered = archived_models()
    written = set()
    for model in [*ordered, *backup._auto_created_links(ordered)]:
        statement = backup._server_lines(model, connection)
        if statement is None:
            continue
        by_server = [
            json.loads(line)
            for lines in backup._lines_from_server(statement, "default")
            for line in lines
        ]
        by_python = [
            json.loads(line)
            for lines in backup._lines_from_values(model, "default", set(), names)
            for line in lines
        ]
        assert with_times_parsed(by_server) == with_times_parsed(by_python), model
        if by_server:
            written.add(model._meta.label_lower)

    # Decimals, dates, times with their offset, JSON, IP addresses among them.
    assert {
        "agreements.agreement",
        "organizations.organization",
        "people.person",
        "accounts.auditevent",
        "accounts.user_groups",
    } <= written


class _Format1Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Format1Serializer(jsonl.Serializer):
    """How format 1 wrote its rows: Django's serialization, names for content types and
    permissions."""

    def handle_fk_field(self, obj: models.Model, field: Any) -> None:
        self.use_natural_foreign_keys = issubclass(field.remote_field.model, backup.BY_NAME)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj: models.Model, field: Any) -> None:
        self.use_natural_foreign_keys = issubclass(field.remote_field.model, backup.BY_NAME)
        super().handle_m2m_field(obj, field)


def format_1_archive(out: Path) -> None:
    """This installation's records in an archive as Liaison wrote them before format 2."""
    members: dict[str, bytes] = {}
    counts = {}
    for model in archived_models():
        label = model._meta.label_lower
        stream = io.StringIO()
        rows = list(model._base_manager.order_by("pk"))
        _Format1Serializer().serialize(rows, stream=stream, cls=_Format1Encoder)
        members[f"data/{label}.jsonl"] = stream.getvalue().encode()
        counts[label] = len(rows)
    manifest = Manifest(
        format=1,
        created_at="2026-12-01T02:30:00+00:00",
        liaison_version=liaison.__version__,
        vendor=connection.vendor,
        migrations=backup._applied("default"),
        counts=counts,
        files={name: hashlib.sha256(data).hexdigest() for name, data in members.items()},
    )
    data = dict(manifest.__dict__)
    del data["links"], data["columns"]
    members["manifest.json"] = json.dumps(data).encode()
    with tarfile.open(out, "w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


def without_link_ids(rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Format 1 numbered the many-to-many links anew."""
    links = {link._meta.label_lower for link in backup._auto_created_links(archived_models())}
    return {
        label: sorted(
            (tuple(sorted((k, v) for k, v in row.items() if k != "id")) for row in table),
            key=repr,
        )
        if label in links
        else table
        for label, table in rows.items()
    }


def test_an_archive_of_format_1_is_still_restored(records: dict[str, Any], tmp_path: Path) -> None:
    archive = tmp_path / "format-1.tar.gz"
    format_1_archive(archive)
    before = everything()
    assert inspect_backup(archive).format == 1
    OrganizationFactory.create()
    records["group"].permissions.clear()

    restore_backup(archive, replace=True)

    assert without_link_ids(everything()) == without_link_ids(before)


def test_an_archive_of_an_unknown_format_is_refused(
    records: dict[str, Any], tmp_path: Path
) -> None:
    archive = tmp_path / "liaison.tar.gz"
    create_backup(archive)
    future = tmp_path / "future.tar.gz"
    with tarfile.open(archive, "r:gz") as tar, tarfile.open(future, "w:gz") as out:
        for member in tar.getmembers():
            content = tar.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "manifest.json":
                content = json.dumps({**json.loads(content), "format": 3}).encode()
                member.size = len(content)
            out.addfile(member, io.BytesIO(content))

    with pytest.raises(BackupError, match="format is 3; this version reads formats 1, 2"):
        inspect_backup(future)
