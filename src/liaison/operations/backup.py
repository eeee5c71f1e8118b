"""One archive of an installation: its records, their histories, the attachments and the
matching index; and restoring one into an installation.

The archive is a gzipped tar:

- `manifest.json`: the archive's format, when and by which version of Liaison it was made,
  the database it came from, the migrations applied, the count of rows of every record type
  and of every many-to-many table Django makes, the columns of each, and the SHA-256 of every
  other member;
- `data/<app>.<model>.jsonl`: the rows of every record type (histories included) and of the
  many-to-many tables, one JSON array a line holding the row's columns in the manifest's
  order: numbers, strings, booleans and JSON as JSON, decimals as strings, dates and times in
  ISO 8601 with their offset; foreign keys as ids, except to the record types Django makes
  itself per installation (content types, permissions), which go by name. Nothing in it is
  particular to one database: an archive made on SQLite restores into PostgreSQL and back;
- `media/<path>`: every attachment a row names;
- `index/<path>`: the live generation of the matching index, and the institute's matching
  dictionary when it has one.

It is consistent while the server keeps serving and writing: on PostgreSQL every row is
read in one read-only repeatable-read transaction (one snapshot of the whole database); on
SQLite the database is first copied with SQLite's online backup API, and read from the copy.
Attachments are written once and never changed, so those a row of the snapshot names are
there to copy; the index is copied while its write lock is held.

Restoring checks the archive first (its manifest, every member's checksum, the migrations it
was made at against this installation's), refuses an installation that holds records unless
told to replace them, then writes every row in one transaction: nothing is half-restored.
PostgreSQL takes the rows by COPY, its foreign keys (and the primary keys, unique constraints
and plain indexes of the tables of 10,000 rows or more) dropped meanwhile and made again
before the transaction ends, each checked or built in one pass, as pg_restore does; SQLite
takes them by executemany. On PostgreSQL the backup's lines are written by the server itself
(json_build_array), as Python writes them. Archives of format 1 (Django's serialization, one
object a line) are still read.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime
import decimal
import hashlib
import itertools
import json
import shutil
import sqlite3
import tarfile
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from django.utils import timezone
from django.utils.duration import duration_iso_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import liaison
from liaison.core import freshness
from liaison.matching import storage as index_storage

FORMAT = 2
# Format 1 held Django's serialization, one object a line: still read.
READABLE_FORMATS = (1, 2)
MANIFEST = "manifest.json"
DATA = "data"
MEDIA = "media"
INDEX = "index"
DICTIONARY = "matching-dictionary.txt"
# Made by the migrations of every installation, with ids of its own: not in an archive.
MADE_BY_MIGRATE = frozenset({"contenttypes.contenttype", "auth.permission"})
# Transient: a restored installation signs everyone in again.
TRANSIENT = frozenset({"sessions.session"})
# Written by the migrations too (the default roles and their rules): an installation that
# holds only these is empty.
SEEDED = frozenset({"accounts.role", "accounts.rule"})
# Foreign keys to these go by name, the others by id.
BY_NAME = (ContentType, Permission)
CHUNK = 5000
# gzip's level 9 took 2.9 times level 6's time (9.2 s against 3.1 s) for an archive 2.8 %
# smaller, level 1 a third of it for one 28 % larger (the 77 MB of the demo at scale 20).
COMPRESSLEVEL = 6
SNAPSHOT_ALIAS = "liaison-backup-snapshot"
# A table restored with at least this many rows has its indexes built once after its rows on
# PostgreSQL; the smaller keep theirs. At scale 20 building all of an installation's 950
# indexes one by one after the rows cost more (14 s) than keeping them up saved (10 s): most of
# its tables hold a few thousand rows, and each index built has its fixed cost.
REBUILT_INDEXES_FROM = 10_000
# Whole numbers, booleans and text: what either database gives back as JSON writes them.
_PLAIN = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
        "BooleanField",
        "CharField",
        "TextField",
        "SlugField",
    }
)
# Columns PostgreSQL's json_build_array writes as `_encode` does: numbers, strings, booleans,
# JSON, and dates and times in ISO 8601 with their offset (the connection's time zone is UTC,
# as Django sets it).
SERVER_JSON_AS_IS = _PLAIN | {
    "FloatField",
    "DateField",
    "DateTimeField",
    "TimeField",
    "JSONField",
    "GenericIPAddressField",
    "UUIDField",
}
# A function takes at most 100 arguments in PostgreSQL.
SERVER_JSON_ARGUMENTS = 100
# Columns whose JSON value SQLite takes as it is; the others go through their field (a float
# among them: PostgreSQL writes NaN and the infinities as strings).
SQLITE_AS_IS = _PLAIN | {"FileField", "ImageField", "FilePathField"}

Progress = Callable[[str, int], object]
Row = list[Any]
Loader = Callable[[Any], Any]


class BackupError(Exception):
    """An archive that cannot be made or restored, with the reason in words."""


@dataclasses.dataclass
class Manifest:
    format: int
    created_at: str
    liaison_version: str
    vendor: str
    migrations: dict[str, list[str]]
    counts: dict[str, int]
    files: dict[str, str]
    index_generation: str | None = None
    missing_media: list[str] = dataclasses.field(default_factory=list)
    # From format 2: the rows of each many-to-many table Django makes (not records), and the
    # columns of every data member, in the order of its rows' arrays.
    links: dict[str, int] = dataclasses.field(default_factory=dict)
    columns: dict[str, list[str]] = dataclasses.field(default_factory=dict)

    def as_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            data = json.loads(text)
            return cls(**data)
        except (ValueError, TypeError) as error:
            raise BackupError(_("The archive's manifest is unreadable: %s") % error) from error

    @property
    def records(self) -> int:
        return sum(self.counts.values())


def archived_models() -> list[type[models.Model]]:
    """Every record type an archive holds, parents before the rows that point at them."""
    app_list: dict[Any, None] = dict.fromkeys(apps.get_app_configs())
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    return [
        model
        for model in ordered
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in MADE_BY_MIGRATE | TRANSIENT
    ]


def _auto_created_links(ordered: list[type[models.Model]]) -> list[type[models.Model]]:
    """The tables Django makes for many-to-many fields without a model of their own."""
    links = []
    for model in ordered:
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through is not None and through._meta.auto_created:
                links.append(through)
    return links


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.local_concrete_fields)


def _by_name_model(field: models.Field[Any, Any]) -> type[models.Model] | None:
    """The model a column names a row of by name (content type, permission), if any."""
    related = field.related_model
    if isinstance(related, type) and issubclass(related, BY_NAME):
        return related
    return None


def _plain(value: Any) -> Any:
    """A value the JSON encoder does not know, as the archive writes it."""
    if isinstance(value, datetime.date | datetime.time):
        # Dates, and times to the microsecond with their offset (aware: USE_TZ).
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"{type(value).__name__} is not written to an archive")


_encode = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), check_circular=False, default=_plain
).encode


def _natural_keys(alias: str) -> dict[type[models.Model], dict[Any, list[str]]]:
    """The names of the content types and permissions, by their ids in the database."""
    content_types = {
        pk: [app_label, model]
        for pk, app_label, model in ContentType._base_manager.using(alias).values_list(
            "pk", "app_label", "model"
        )
    }
    permissions = {
        pk: [codename, *content_types[content_type]]
        for pk, codename, content_type in Permission._base_manager.using(alias).values_list(
            "pk", "codename", "content_type_id"
        )
    }
    return {ContentType: content_types, Permission: permissions}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def _snapshot() -> Iterator[str]:
    """A database alias whose reads all see one moment of the installation's database."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "sqlite":
        if connection.in_atomic_block:
            # The online backup waits for this connection's own write lock: forever.
            raise BackupError(_("A SQLite database is backed up outside any transaction."))
        with tempfile.TemporaryDirectory(prefix="liaison-snapshot-") as folder:
            copy = Path(folder) / "snapshot.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(str(copy))
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            # A connection of its own to the copy, made here rather than declared in the
            # settings: nothing else ever uses it.
            snapshot = {**connection.settings_dict, "NAME": str(copy), "OPTIONS": {"timeout": 20}}
            wrapper = load_backend(snapshot["ENGINE"]).DatabaseWrapper(snapshot, SNAPSHOT_ALIAS)
            connections[SNAPSHOT_ALIAS] = wrapper
            try:
                yield SNAPSHOT_ALIAS
            finally:
                wrapper.close()
                del connections[SNAPSHOT_ALIAS]
        return
    if connection.vendor != "postgresql":
        raise BackupError(_("Backups support SQLite and PostgreSQL databases."))
    if connection.in_atomic_block:
        # Called within a transaction already (a test's): its reads are one snapshot too.
        yield DEFAULT_DB_ALIAS
        return
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield DEFAULT_DB_ALIAS


def _applied(alias: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    recorder = MigrationRecorder(connections[alias])
    for app, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _write_rows(
    model: type[models.Model],
    alias: str,
    handle: IO[bytes],
    media: set[str],
    names: dict[type[models.Model], dict[Any, list[str]]],
) -> tuple[int, str]:
    """Write the rows of `model`'s table to `handle`, one JSON array a line, in the order
    of their keys; their count and the SHA-256 of what was written."""
    statement = _server_lines(model, connections[alias])
    chunks = (
        _lines_from_server(statement, alias)
        if statement is not None
        else _lines_from_values(model, alias, media, names)
    )
    digest = hashlib.sha256()
    count = 0
    for lines in chunks:
        count += len(lines)
        text = "\n".join(lines).encode("utf-8") + b"\n"
        handle.write(text)
        digest.update(text)
    return count, digest.hexdigest()


def _lines_from_values(
    model: type[models.Model],
    alias: str,
    media: set[str],
    names: dict[type[models.Model], dict[Any, list[str]]],
) -> Iterator[list[str]]:
    """The archive's lines of `model`'s rows, a chunk at a time, encoded here."""
    fields = _fields(model)
    rows = (
        model._base_manager.using(alias)
        .order_by("pk")
        .values_list(*[field.attname for field in fields])
        .iterator(chunk_size=CHUNK)
    )
    by_name = [
        (position, names[named])
        for position, field in enumerate(fields)
        if (named := _by_name_model(field)) is not None
    ]
    files = [
        position for position, field in enumerate(fields) if isinstance(field, models.FileField)
    ]
    while chunk := list(itertools.islice(rows, CHUNK)):
        if by_name:
            chunk = [_named(row, by_name) for row in chunk]
        for position in files:
            media.update(str(row[position]) for row in chunk if row[position])
        yield list(map(_encode, chunk))


def _server_lines(model: type[models.Model], connection: BaseDatabaseWrapper) -> str | None:
    """PostgreSQL: the query whose rows are the archive's lines of `model`'s rows, written by
    the server as `_lines_from_values` writes them (the Python encoding of every value took
    most of a backup's time); None for a table it cannot write so (a column named by name or
    naming a file, a kind of column it would write otherwise, too many columns for one call)."""
    fields = _fields(model)
    if connection.vendor != "postgresql" or len(fields) > SERVER_JSON_ARGUMENTS:
        return None
    quote = connection.ops.quote_name
    values = []
    for field in fields:
        target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
        kind = target.get_internal_type()
        if _by_name_model(field) is not None or isinstance(field, models.FileField):
            return None
        if kind == "DecimalField":
            # As a string, as Python writes a Decimal (json_build_array writes a number).
            values.append(f"{quote(field.column)}::text")
        elif kind in SERVER_JSON_AS_IS:
            values.append(quote(field.column))
        else:
            return None
    return (
        f"SELECT json_build_array({', '.join(values)})::text "
        f"FROM {quote(model._meta.db_table)} ORDER BY {quote(model._meta.pk.column)}"
    )


def _lines_from_server(statement: str, alias: str) -> Iterator[list[str]]:
    with connections[alias].chunked_cursor() as cursor:
        cursor.execute(statement)
        while rows := cursor.fetchmany(CHUNK):
            yield [line for (line,) in rows]


def _named(row: tuple[Any, ...], by_name: list[tuple[int, dict[Any, list[str]]]]) -> Row:
    named = list(row)
    for position, keys in by_name:
        if named[position] is not None:
            named[position] = keys[named[position]]
    return named


def _copy_index(into: Path) -> str | None:
    """Copy the live generation of the matching index (under its write lock)."""
    with index_storage.write_lock():
        live = index_storage.live_path()
        if live is None:
            return None
        shutil.copytree(live, into / live.name)
        return live.name


def create_backup(out: Path, *, progress: Progress | None = None) -> Manifest:
    """Write the installation's archive to `out` (replaced only once it is complete)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda _label, _n: None)
    with tempfile.TemporaryDirectory(prefix="liaison-backup-", dir=out.parent) as folder:
        work = Path(folder)
        (work / DATA).mkdir()
        counts: dict[str, int] = {}
        links: dict[str, int] = {}
        columns: dict[str, list[str]] = {}
        files: dict[str, str] = {}
        media: set[str] = set()
        with _snapshot() as alias:
            migrations = _applied(alias)
            vendor = connections[alias].vendor
            names = _natural_keys(alias)
            ordered = archived_models()
            for model in [*ordered, *_auto_created_links(ordered)]:
                label = model._meta.label_lower
                member = f"{DATA}/{label}.jsonl"
                with open(work / member, "wb") as handle:
                    count, files[member] = _write_rows(model, alias, handle, media, names)
                (links if model._meta.auto_created else counts)[label] = count
                columns[label] = [field.attname for field in _fields(model)]
                say(label, count)
        media_root = Path(settings.MEDIA_ROOT)
        missing = []
        for name in sorted(media):
            source = media_root / name
            if not source.is_file():
                missing.append(name)
                continue
            target = work / MEDIA / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        say(MEDIA, len(media) - len(missing))
        (work / INDEX).mkdir()
        generation = _copy_index(work / INDEX)
        dictionary = Path(settings.DATA_DIR) / DICTIONARY
        if dictionary.is_file():
            shutil.copy2(dictionary, work / INDEX / DICTIONARY)
        members = sorted(p for p in work.rglob("*") if p.is_file())
        for path in members:
            member = path.relative_to(work).as_posix()
            if member not in files:
                files[member] = _sha256(path)
        manifest = Manifest(
            format=FORMAT,
            created_at=timezone.now().isoformat(),
            liaison_version=liaison.__version__,
            vendor=vendor,
            migrations=migrations,
            counts=counts,
            files=dict(sorted(files.items())),
            index_generation=generation,
            missing_media=missing,
            links=links,
            columns=columns,
        )
        (work / MANIFEST).write_text(manifest.as_json(), encoding="utf-8")
        partial = out.with_name(f".{out.name}.partial")
        with tarfile.open(partial, "w:gz", compresslevel=COMPRESSLEVEL) as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            for path in members:
                archive.add(path, arcname=path.relative_to(work).as_posix())
        partial.replace(out)
    return manifest


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[tuple[Path, Manifest]]:
    """The archive at `path` unpacked into a temporary folder, checked, with its manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("No archive at %s.") % path)
    with tempfile.TemporaryDirectory(prefix="liaison-restore-") as folder:
        work = Path(folder)
        try:
            with tarfile.open(path, "r:gz") as archive:
                archive.extractall(work, filter="data")
        except (tarfile.TarError, OSError, EOFError) as error:
            raise BackupError(
                _("%(path)s is not a Liaison archive: %(error)s")
                % {
                    "path": path,
                    "error": error,
                }
            ) from error
        if not (work / MANIFEST).is_file():
            raise BackupError(_("%s has no manifest: it is not a Liaison archive.") % path)
        manifest = Manifest.from_json((work / MANIFEST).read_text(encoding="utf-8"))
        if manifest.format not in READABLE_FORMATS:
            raise BackupError(
                _("The archive's format is %(found)s; this version reads formats %(known)s.")
                % {"found": manifest.format, "known": ", ".join(map(str, READABLE_FORMATS))}
            )
        present = {p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file()} - {
            MANIFEST
        }
        if present != set(manifest.files):
            unlisted = sorted(present - set(manifest.files))
            absent = sorted(set(manifest.files) - present)
            raise BackupError(
                _(
                    "The archive's members differ from its manifest (missing: %(absent)s; "
                    "not listed: %(unlisted)s)."
                )
                % {"absent": ", ".join(absent) or "-", "unlisted": ", ".join(unlisted) or "-"}
            )
        for name, digest in manifest.files.items():
            if _sha256(work / name) != digest:
                raise BackupError(_("%s is damaged: its checksum differs.") % name)
        yield work, manifest


def inspect_backup(path: Path) -> Manifest:
    """The manifest of the archive at `path`, once every member is checked against it."""
    with _opened(path) as (_work, manifest):
        return manifest


def _check_migrations(manifest: Manifest) -> None:
    here = _applied(DEFAULT_DB_ALIAS)
    if here == manifest.migrations:
        return
    newer = sorted(
        f"{app}.{name}"
        for app, names in manifest.migrations.items()
        for name in set(names) - set(here.get(app, []))
    )
    if newer:
        raise BackupError(
            _(
                "The archive was made by a newer version of Liaison (migrations %(names)s are "
                "unknown here): upgrade this installation first."
            )
            % {"names": ", ".join(newer[:5]) + (" …" if len(newer) > 5 else "")}
        )
    raise BackupError(
        _(
            "The archive was made by an older version of Liaison (%(version)s): restore it "
            "with that version, then upgrade (`liaison migrate`)."
        )
        % {"version": manifest.liaison_version}
    )


def held_records() -> dict[str, int]:
    """The record types this installation holds rows of, beyond what its migrations wrote."""
    held = {}
    for model in archived_models():
        label = model._meta.label_lower
        if label in SEEDED:
            continue
        if model._base_manager.exists():
            held[label] = model._base_manager.count()
    return held


def _local_ids() -> dict[type[models.Model], dict[tuple[str, ...], Any]]:
    """This installation's ids of the content types and permissions, by their names."""
    return {
        model: {tuple(name): pk for pk, name in keys.items()}
        for model, keys in _natural_keys(DEFAULT_DB_ALIAS).items()
    }


def _by_name(model: type[models.Model], ids: dict[tuple[str, ...], Any]) -> Loader:
    def local_id(name: list[str]) -> Any:
        try:
            return ids[tuple(name)]
        except KeyError:
            raise BackupError(
                _("The archive names %(kind)s %(name)s, which this installation does not have.")
                % {"kind": model._meta.verbose_name, "name": ".".join(name)}
            ) from None

    return local_id


def _loaders(
    fields: list[models.Field[Any, Any]],
    connection: BaseDatabaseWrapper,
    ids: dict[type[models.Model], dict[tuple[str, ...], Any]],
) -> list[tuple[int, Loader]]:
    """What turns each column's archived value (when not null) into the value written: on
    PostgreSQL the text of dates, times and decimals is parsed by COPY itself, as it is."""
    loaders: list[tuple[int, Loader]] = []
    for position, field in enumerate(fields):
        target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
        kind = target.get_internal_type()
        loader: Loader | None = None
        if (named := _by_name_model(field)) is not None:
            loader = _by_name(named, ids[named])
        elif connection.vendor == "postgresql":
            if kind == "JSONField":
                loader = _encode_json
            elif kind == "BinaryField":
                loader = base64.b64decode
        elif kind not in SQLITE_AS_IS:
            loader = _prepared(target, connection)
        if loader is not None:
            loaders.append((position, loader))
    return loaders


def _encode_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _prepared(field: models.Field[Any, Any], connection: BaseDatabaseWrapper) -> Loader:
    def prepared(value: Any) -> Any:
        return field.get_db_prep_save(field.to_python(value), connection)

    return prepared


def _archived_rows(path: Path, loaders: list[tuple[int, Loader]]) -> Iterator[Row]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row: Row = json.loads(line)
            for position, loader in loaders:
                value = row[position]
                if value is not None:
                    row[position] = loader(value)
            yield row


def _load_rows(
    model: type[models.Model],
    path: Path,
    columns: list[str],
    ids: dict[type[models.Model], dict[tuple[str, ...], Any]],
) -> int:
    """Write the rows archived at `path` into `model`'s table: their count."""
    fields = _fields(model)
    if columns != [field.attname for field in fields]:
        raise BackupError(
            _("The archive's columns of %(label)s differ from this installation's.")
            % {"label": model._meta.label_lower}
        )
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(field.column) for field in fields)
    rows = _archived_rows(path, _loaders(fields, connection, ids))
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        statement = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"
        while batch := list(itertools.islice(rows, CHUNK)):
            cursor.executemany(statement, batch)
            count += len(batch)
    return count


def _insert_serialized(model: type[models.Model], rows: list[models.Model]) -> None:
    """Insert `rows` as they are, several a statement: raw, as loaddata saves, so that no
    field puts in a value of its own (a modification time) and no signal runs."""
    if not rows:
        return
    fields = list(model._meta.local_concrete_fields)
    connection = connections[DEFAULT_DB_ALIAS]
    size = max(1, min(CHUNK, connection.ops.bulk_batch_size(fields, rows)))
    for start in range(0, len(rows), size):
        model._base_manager._insert(  # type: ignore[attr-defined]
            rows[start : start + size], fields=fields, using=DEFAULT_DB_ALIAS, raw=True
        )


def _load_serialized(model: type[models.Model], path: Path) -> int:
    """Write the rows of a format 1 archive's member into `model`'s table: their count."""
    count = 0
    batch: list[models.Model] = []
    m2m: dict[str, list[tuple[Any, Sequence[Any]]]] = {}
    with open(path, encoding="utf-8") as handle:
        for row in serializers.deserialize("jsonl", handle, ignorenonexistent=False):
            batch.append(row.object)
            for name, values in (row.m2m_data or {}).items():
                m2m.setdefault(name, []).append((row.object.pk, values))
            count += 1
            if len(batch) >= CHUNK:
                _insert_serialized(model, batch)
                batch.clear()
    _insert_serialized(model, batch)
    for name, pairs in m2m.items():
        field = model._meta.get_field(name)
        through = field.remote_field.through  # type: ignore[union-attr]
        source = field.m2m_field_name()  # type: ignore[union-attr]
        target = field.m2m_reverse_field_name()  # type: ignore[union-attr]
        links = [
            through(**{f"{source}_id": pk, f"{target}_id": value})
            for pk, values in pairs
            for value in values
        ]
        through._base_manager.bulk_create(links, batch_size=CHUNK)
    return count


def _flush(tables: list[str]) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql":
        # TRUNCATE makes each table and index anew, empty or not (5 s for the 1,100 of an
        # installation just migrated): only those that hold rows. The sequences of the others
        # are set once the rows are in.
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT {position} WHERE EXISTS (SELECT 1 FROM {quote(table)})"
                    for position, table in enumerate(tables)
                )
            )
            tables = [tables[position] for (position,) in cursor.fetchall()]
        if not tables:
            return
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=True, allow_cascade=True
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Checks still deferred in this transaction would forbid emptying their tables.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in statements:
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@contextlib.contextmanager
def _checks_set_aside(tables: list[str], large: list[str]) -> Iterator[None]:
    """The rows of `tables` written without their keys and indexes checked row by row.

    PostgreSQL: as pg_restore does, the foreign keys that concern these tables, their primary
    keys, unique constraints and indexes are dropped while the rows go in, then made again from
    their own definitions: an index built once over all its rows, a key checked in one pass.
    Kept, they were kept up row by row and the deferred foreign keys checked each row one at a
    time at the end. It all happens in the restore's transaction: a failure leaves the schema
    as it was, and a row that breaks a key fails the restore as it did before. SQLite: its
    foreign keys are checked once the rows are in.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        with connection.constraint_checks_disabled():
            yield
        connection.check_constraints(table_names=tables)
        return
    quote = connection.ops.quote_name
    named = [quote(table) for table in tables]
    rebuilt = [quote(table) for table in large]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' "
            "AND (conrelid = ANY(%s::regclass[]) OR confrelid = ANY(%s::regclass[])) "
            "ORDER BY 1, 2",
            [named, named],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype IN ('p', 'u', 'x') "
            "AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [rebuilt],
        )
        keys = cursor.fetchall()
        cursor.execute(
            # Not a partial index or one on expressions: PostgreSQL writes the definition it
            # gives back of those in other words than it was made with (casts spelt out).
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[]) AND indpred IS NULL AND indexprs IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint "
            "WHERE conindid = indexrelid AND contype IN ('p', 'u', 'x')) ORDER BY 1",
            [rebuilt],
        )
        indexes = cursor.fetchall()
        for table, name, _definition in [*foreign_keys, *keys]:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for index, _definition in indexes:
            cursor.execute(f"DROP INDEX {index}")
    yield
    with connection.cursor() as cursor:
        for _index, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in [*keys, *foreign_keys]:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")


def _reset_sequences(restored: list[type[models.Model]]) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    statements = connection.ops.sequence_reset_sql(no_style(), restored)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _install_index(work: Path, manifest: Manifest) -> None:
    dictionary = work / INDEX / DICTIONARY
    if dictionary.is_file():
        shutil.copy2(dictionary, Path(settings.DATA_DIR) / DICTIONARY)
    if manifest.index_generation is None:
        return
    with index_storage.write_lock():
        target = index_storage.new_generation_path()
        shutil.copytree(work / INDEX / manifest.index_generation, target)
        index_storage.swap_in(target)


def _write_archived(
    work: Path, manifest: Manifest, tables: list[type[models.Model]], *, progress: Progress
) -> None:
    """Replace the rows of `tables` with the archive's, in one transaction."""
    expected = manifest.counts | manifest.links
    restored = [m for m in tables if m._meta.label_lower in expected]
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        names = [model._meta.db_table for model in tables]
        _flush(names)
        ids = _local_ids()
        large = [
            model._meta.db_table
            for model in restored
            if expected[model._meta.label_lower] >= REBUILT_INDEXES_FROM
        ]
        with _checks_set_aside(names, large):
            for model in restored:
                label = model._meta.label_lower
                member = work / DATA / f"{label}.jsonl"
                if manifest.format == 1:
                    loaded = _load_serialized(model, member)
                else:
                    loaded = _load_rows(model, member, manifest.columns[label], ids)
                if loaded != expected[label]:
                    raise BackupError(
                        _("%(label)s: %(loaded)s rows read, the manifest says %(count)s.")
                        % {"label": label, "loaded": loaded, "count": expected[label]}
                    )
                progress(label, loaded)
        _reset_sequences(tables)


def restore_backup(
    path: Path, *, replace: bool = False, progress: Progress | None = None
) -> Manifest:
    """Restore the archive at `path` into this installation, all or nothing.

    Refuses an installation that holds records unless `replace`; then its records (and the
    default roles its migrations wrote) give way to the archive's.
    """
    say = progress or (lambda _label, _n: None)
    if index_storage.is_replica():
        # The records would be written and the index refused at the end: refuse at once.
        raise BackupError(
            _(
                "This machine reads a replica of the matching index: restore on the machine "
                "that writes the index (the job consumer's), which the replicas then follow."
            )
        )
    with _opened(path) as (work, manifest):
        _check_migrations(manifest)
        held = held_records()
        if held and not replace:
            shown = ", ".join(f"{label} ({n})" for label, n in sorted(held.items())[:5])
            raise BackupError(
                _(
                    "This installation already holds records (%(shown)s): restore into an empty "
                    "one, or replace them with --replace."
                )
                % {"shown": shown}
            )
        ordered = archived_models()
        links = _auto_created_links(ordered)
        known = {model._meta.label_lower for model in ordered}
        unknown = sorted(set(manifest.counts) - known)
        unknown += sorted(set(manifest.links) - {link._meta.label_lower for link in links})
        if unknown:
            raise BackupError(
                _("The archive holds record types unknown here: %s.") % ", ".join(unknown)
            )
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            _write_archived(work, manifest, [*ordered, *links], progress=say)
        except IntegrityError as error:
            raise BackupError(
                _("The archive's rows do not hold together (%s): nothing was restored.") % error
            ) from error
        # The planner's statistics of the rows just written: without them PostgreSQL plans a
        # search over a million restored rows as over empty tables (an English search's needs
        # query took 2.3 s before ANALYZE, 22 ms after, at scale 100).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        media_root = Path(settings.MEDIA_ROOT)
        for name in manifest.files:
            if name.startswith(f"{MEDIA}/"):
                target = media_root / name[len(MEDIA) + 1 :]
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(work / name, target)
        say(MEDIA, sum(1 for name in manifest.files if name.startswith(f"{MEDIA}/")))
        _install_index(work, manifest)
        index_storage.forget_readers()
    # Written without the models' signals: readings cached from the records replaced are stale.
    freshness.moved()
    return manifest


ARCHIVE_PATTERN = "liaison-*.tar.gz"


def scheduled_backup(*, now: datetime.datetime | None = None) -> Path | None:
    """The nightly archive in `settings.LIAISON_BACKUP_DIR`, keeping the newest
    `settings.LIAISON_BACKUP_KEEP` of them; None when it is turned off (keep 0)."""
    keep = settings.LIAISON_BACKUP_KEEP
    if keep <= 0:
        return None
    folder = Path(settings.LIAISON_BACKUP_DIR)
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    out = folder / f"liaison-{stamp}.tar.gz"
    create_backup(out)
    # The stamp sorts as time does: the oldest first.
    for old in sorted(folder.glob(ARCHIVE_PATTERN))[:-keep]:
        old.unlink(missing_ok=True)
    return out


def describe(manifest: Manifest) -> str:
    """A few lines on what an archive holds, for the commands' output."""
    made = datetime.datetime.fromisoformat(manifest.created_at)
    files = sum(1 for name in manifest.files if name.startswith(f"{MEDIA}/"))
    lines = [
        _("Made %(when)s by Liaison %(version)s from %(vendor)s.")
        % {
            "when": made.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "version": manifest.liaison_version,
            "vendor": manifest.vendor,
        },
        ngettext("%(count)s record.", "%(count)s records.", manifest.records)
        % {"count": manifest.records},
        ngettext("%(count)s attachment.", "%(count)s attachments.", files) % {"count": files},
        _("Matching index: %(index)s.") % {"index": manifest.index_generation or _("none")},
    ]
    if manifest.missing_media:
        lines.append(
            _("Attachments named by records but missing from the media folder: %s")
            % ", ".join(manifest.missing_media)
        )
    return "\n".join(lines)
