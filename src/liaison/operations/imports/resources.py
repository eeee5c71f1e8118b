"""What every kind of record shares when it is imported: a django-import-export `ModelResource`
that finds records by their natural keys and writes them through the services.

A kind's resource (`KindResource`) declares its model, its columns (`Meta.fields`, plus any
declared `Field`), its natural key (`Meta.import_id_fields`) and, for a record with a status,
its `Lifecycle`. For each row django-import-export finds the record (our `KeyLoader`: every
row's key looked up in a few queries per sheet), reads the cells through our widgets, and
calls `save_instance`, which here does not save: a new row calls `core.writes.create` and a
changed one `core.writes.update`, with the importing person as `by`, so every rule, every
permission and every history row is the one a page would give. An unchanged row is left
alone. The status column is reached by calling the lifecycle's step services in order with
the row's dates. A refusal (a service's `ValidationError`, a `PermissionDenied`, a key
another transaction took meanwhile) becomes errors on the row's columns, and the run
(`runs.py`) writes nothing when any row is refused. Each row is written in one savepoint of
its own (`row_savepoint`), which undoes a refused row at once.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import IntegrityError, models, transaction
from django.db.models.fields import NOT_PROVIDED
from django.db.transaction import TransactionManagementError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields as ie_fields
from import_export import resources
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult

from liaison.core import permissions, writes
from liaison.core.lifecycle import status_label

from . import widgets as cells

# The natural-key widget of each model other kinds refer to (an organization by its credit
# code or name, an agreement by its number): a foreign key to it becomes such a column.
_KEYS: dict[type[models.Model], Callable[[], cells.NaturalKey]] = {}


def natural_key(model: type[models.Model], make: Callable[[], cells.NaturalKey]) -> None:
    """Declare how a column names a record of `model` (its kind's module does)."""
    _KEYS[model] = make


def key_widget(model: type[models.Model]) -> cells.NaturalKey:
    try:
        return _KEYS[model]()
    except KeyError:
        raise LookupError(
            f"No import kind says how to name a {model._meta.label}: declare its natural_key"
        ) from None


# What happened to each row --------------------------------------------------------------------

CREATED, UPDATED, UNCHANGED, REFUSED = "created", "updated", "unchanged", "refused"


@dataclasses.dataclass
class RowOutcome:
    """One row of a sheet: what the import did with it, the record, and why it was refused."""

    row: int
    action: str
    record: str = ""
    errors: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (field, message)


@dataclasses.dataclass
class Run:
    """What one import shares across its sheets: who imports, the versions a dry run saw
    (to refuse a record changed since), the lifecycle walks waiting for a later sheet, and
    the progress callback."""

    user: Any = None
    expected: Mapping[str, Mapping[str, Any]] | None = None
    progress: Callable[[int], object] | None = None
    seen: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    created: dict[type[models.Model], set[Any]] = dataclasses.field(default_factory=dict)
    # Steps waiting for a later sheet: (resource, row, record, steps, values).
    pending: list[tuple[KindResource, int, models.Model, list[Step], dict[str, Any]]] = (
        dataclasses.field(default_factory=list)
    )

    def advance(self, rows: int = 1) -> None:
        if self.progress is not None:
            self.progress(rows)

    def wrote(self, record: models.Model) -> None:
        self.created.setdefault(type(record), set()).add(record.pk)

    def written_here(self, record: models.Model) -> bool:
        return record.pk in self.created.get(type(record), ())


# Lifecycles ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Step:
    """One lifecycle step: the status it reaches and the service call that reaches it.

    `call(record, values, by)` calls the step's service with the row's values (already read
    into Python: dates, records) and returns the record. `needs` are the row's fields the
    step reads: each must be filled to take the step, and is refused on a record that never
    took it. `after` overrides the lifecycle's `after` for this step (an agreement ends
    once the milestones' sheet has added the milestones it was signed with). An `optional`
    step is passed on the way only when one of its `needs` is filled (an agreement is put in
    force on the way to completed only if the row has the date it took effect); a `final`
    step is one of several endings, taken only when it is the status asked for.
    """

    status: str
    call: Callable[[Any, Mapping[str, Any], Any], Any]
    needs: tuple[str, ...] = ()
    optional: bool = False
    final: bool = False
    after: str | None = None


@dataclasses.dataclass(frozen=True)
class Lifecycle:
    """The steps of a stateful record, in the order its life takes them, from `initial`.

    `field` is the status column; `after` the key of a later kind whose rows must be written
    before the steps can be taken (an agreement is signed once the parties' sheet has added
    its parties), or None to take them as the row is written. `errors_on` maps a step
    service's argument to the row's field its errors belong to (`reason` → `end_reason`).
    """

    initial: str
    steps: tuple[Step, ...]
    field: str = "status"
    after: str | None = None
    errors_on: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @property
    def fields(self) -> set[str]:
        return {self.field} | {need for step in self.steps for need in step.needs}

    def _index(self, status: str) -> int:
        if status == self.initial:
            return -1
        for index, step in enumerate(self.steps):
            if step.status == status:
                return index
        raise KeyError(status)

    def path(self, start: str, target: str, values: Mapping[str, Any]) -> list[Step] | None:
        """The steps from `start` to `target` the row's `values` take; None if none lead there."""
        if start == target:
            return []
        taken: list[Step] = []
        for step in self.steps[self._index(start) + 1 :]:
            if step.status == target:
                return [*taken, step]
            if step.final:
                continue
            if step.optional and not any(not cells.is_empty(values.get(n)) for n in step.needs):
                continue
            taken.append(step)
        return None

    def has_work(self, record: models.Model, values: Mapping[str, Any]) -> bool:
        """Whether the row asks for a status the record is not in, or gives a date of its
        life other than the one recorded (which `walk` then refuses)."""
        target = values.get(self.field) or getattr(record, self.field)
        if target != getattr(record, self.field):
            return True
        return any(
            not cells.is_empty(values.get(need)) and _differs(values[need], getattr(record, need))
            for step in self.steps
            for need in step.needs
        )

    def walk(self, record: Any, values: Mapping[str, Any], by: Any) -> Any:
        """Take `record` to the row's status by calling the step services in order, each with
        the row's values; refused with field errors if the row's status and dates do not
        make a life the services accept."""
        return self.take(record, self.plan(record, values), values, by)

    def due(self, step: Step) -> str | None:
        """The kind whose rows must be written before `step` is taken (None: none)."""
        return step.after if step.after is not None else self.after

    def plan(self, record: Any, values: Mapping[str, Any]) -> list[Step]:
        """The steps that take `record` to the row's status; refused with field errors if the
        row's status and dates do not make a life (the services check the rest)."""
        current = str(getattr(record, self.field))
        target = str(values.get(self.field) or current)
        errors: dict[str, list[str]] = {}

        def refuse(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)

        stored = {need: getattr(record, need) for step in self.steps for need in step.needs}
        passed = self.path(self.initial, current, stored) or []
        ahead = self.path(current, target, values)
        if ahead is None:
            refuse(
                self.field,
                _(
                    "This record is already “%(current)s”; an import does not take it to “%(target)s”."
                )
                % {
                    "current": status_label(record, current, self.field),
                    "target": status_label(record, target, self.field),
                },
            )
            ahead = []
        for step in passed:
            for need in step.needs:
                value = values.get(need)
                if not cells.is_empty(value) and _differs(value, stored[need]):
                    refuse(
                        need,
                        _(
                            "Already recorded as “%(stored)s”; an import does not change what a "
                            "lifecycle step recorded."
                        )
                        % {"stored": stored[need]},
                    )
        for step in ahead:
            for need in step.needs:
                if cells.is_empty(values.get(need)):
                    refuse(
                        need,
                        _("Needed to reach “%(status)s”.")
                        % {"status": status_label(record, step.status, self.field)},
                    )
        used = {need for step in [*passed, *ahead] for need in step.needs}
        for step in self.steps:
            for need in step.needs:
                if need not in used and not cells.is_empty(values.get(need)):
                    refuse(
                        need,
                        _(
                            "Only a record that reached “%(status)s” has this; this row's is “%(target)s”."
                        )
                        % {
                            "status": status_label(record, step.status, self.field),
                            "target": status_label(record, target, self.field),
                        },
                    )
                    used.add(need)
        if errors:
            raise ValidationError(
                {name: [ValidationError(m) for m in messages] for name, messages in errors.items()}
            )
        return ahead

    def take(self, record: Any, steps: list[Step], values: Mapping[str, Any], by: Any) -> Any:
        """Call the services of `steps` in order, as `by`, who must be allowed to change the record."""
        if steps:
            permissions.refuse_unless(by, "change", record)
        for step in steps:
            try:
                record = step.call(record, values, by)
            except ValidationError as error:
                raise self._on_columns(error) from error
        return record

    def _on_columns(self, error: ValidationError) -> ValidationError:
        """A step service's errors on the row's fields; those on the whole record go to the
        status column, which asked for the step."""
        if not hasattr(error, "error_dict"):
            return ValidationError({self.field: error.messages})
        moved: dict[str, list[str]] = {}
        for name, errors in error.message_dict.items():
            target = self.field if name == NON_FIELD_ERRORS else self.errors_on.get(name, name)
            moved.setdefault(target, []).extend(errors)
        return ValidationError(moved)


def _differs(new: Any, old: Any) -> bool:
    if isinstance(new, models.Model) or isinstance(old, models.Model):
        return getattr(new, "pk", new) != getattr(old, "pk", old)
    if isinstance(new, str) and isinstance(old, str):
        return new.strip() != old.strip()
    if isinstance(new, bool) or isinstance(old, bool):
        return bool(new != old)
    if isinstance(new, Decimal | int | float) and isinstance(old, Decimal | int | float):
        return Decimal(str(new)) != Decimal(str(old))
    return bool(new != old)


# Finding the records of a sheet by their natural keys ----------------------------------------


class KeyLoader(BaseInstanceLoader):
    """Finds every row's record before the rows are read: a few queries per sheet, not one
    per row. A record the sheet creates is remembered, so a row repeated further down finds it."""

    def __init__(self, resource: KindResource, dataset: Any = None) -> None:
        super().__init__(resource, dataset)
        self.resource: KindResource = resource
        resource.loader = self
        rows = list(dataset.dict) if dataset is not None else []
        self.found: dict[Any, Any] = resource.find(rows)

    def get_instance(self, row: Mapping[str, Any]) -> Any:
        key = self.resource.key_of(row)
        if key is None:
            return None
        found = self.found.get(key)
        if found is cells.AMBIGUOUS:
            raise ValidationError(self.resource.ambiguous_message(row))
        return found

    def learn(self, row: Mapping[str, Any], record: models.Model) -> None:
        key = self.resource.key_of(row)
        if key is not None:
            self.found[key] = record


# The resource of a kind ----------------------------------------------------------------------


class KindResource(resources.ModelResource):
    """The import and export of one kind of record. See the module's docstring.

    Class attributes a kind may set: `headers` ({field: (English, Chinese)} where the model
    field's verbose name is not the header wanted), `key_columns` (columns that name the
    record but set none of its fields, as a person's organization), `lifecycle`, and
    `errors_on` ({a service's field: the column its errors belong to}).
    """

    headers: ClassVar[dict[str, tuple[str, str]]] = {}
    key_columns: ClassVar[tuple[str, ...]] = ()
    lifecycle: ClassVar[Lifecycle | None] = None
    errors_on: ClassVar[dict[str, str]] = {}
    kind_key: ClassVar[str] = ""

    class Meta:
        skip_unchanged = True
        report_skipped = True
        # One transaction over every sheet is the run's (runs.py); none per row here.
        use_transactions = False
        clean_model_instances = False
        skip_diff = True
        instance_loader_class = KeyLoader
        chunk_size = 2000

    def __init__(self, *, run: Run | None = None, row_numbers: list[int] | None = None) -> None:
        super().__init__()
        self.run = run or Run()
        self.row_numbers = row_numbers or []
        self.loader: KeyLoader | None = None
        self.outcomes: list[RowOutcome] = []
        self._values: dict[str, Any] = {}
        self._changes: dict[str, Any] = {}
        self._record: models.Model | None = None

    # Columns: widgets for the model's fields, headers in both languages -------------------

    @classmethod
    def field_from_django_field(
        cls, field_name: str, django_field: Any, readonly: bool
    ) -> ie_fields.Field:
        widget: Any
        if isinstance(django_field, models.ForeignKey):
            widget = key_widget(django_field.related_model)  # type: ignore[arg-type]
        elif django_field.choices:
            widget = cells.Choice(django_field.flatchoices)
        elif isinstance(django_field, models.BooleanField):
            widget = cells.Boolean()
        elif isinstance(django_field, models.DateField):
            widget = cells.Date()
        elif isinstance(django_field, models.DecimalField):
            widget = cells.Amount()
        elif isinstance(django_field, models.IntegerField):
            widget = cells.Integer()
        elif isinstance(django_field, models.FloatField):
            widget = cells.Number()
        elif isinstance(django_field, models.JSONField):
            widget = cells.Words()
        else:
            widget = cells.Text()
        return ie_fields.Field(
            attribute=field_name, column_name=field_name, widget=widget, readonly=readonly
        )

    def column_keys(self) -> list[str]:
        """The resource's columns, in order (each column's name is its field's)."""
        return [field.column_name for field in self.get_import_fields()]

    def header(self, name: str, language: str) -> str:
        """The header of column `name` in `language` ("en" or "zh-hans")."""
        if name in self.headers:
            en, zh = self.headers[name]
            return zh if language.startswith("zh") else en
        field = _model_field(self._meta.model, name)
        if field is None:
            return name
        verbose = field.verbose_name
        with translation.override(language):
            text = str(verbose)
        return text[:1].upper() + text[1:] if not language.startswith("zh") else text

    def aliases(self) -> dict[str, str]:
        """Every header a file may name a column by (lower-cased) → the column."""
        found: dict[str, str] = {}
        for name in self.column_keys():
            found[name.lower()] = name
            for language in ("en", "zh-hans"):
                found[self.header(name, language).strip().lower()] = name
        return found

    def required_columns(self) -> list[str]:
        """The columns a sheet of this kind must have (those of its natural key)."""
        return list(self.get_import_id_fields())

    def _check_import_id_fields(self, headers: Any) -> None:
        # The sheet was checked for `required_columns` as it was read (books.py).
        pass

    # Finding records ---------------------------------------------------------------------

    def prime(self, rows: list[Mapping[str, Any]]) -> None:
        """Look up the records every natural-key column names, a chunk at a time."""
        for field in self.get_import_fields():
            widget = field.widget
            if isinstance(widget, cells.NaturalKey) and rows and field.column_name in rows[0]:
                widget.prime(row[field.column_name] for row in rows)

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        self.prime(list(dataset.dict))

    def key_of(self, row: Mapping[str, Any]) -> Any:
        """The row's natural key as a tuple (records as their pks), None if a cell of it is
        empty or unreadable (the row is then new, and its cells say what is wrong)."""
        key: list[Any] = []
        for name in self.get_import_id_fields():
            field = self.fields[name]
            if field.column_name not in row:
                return None
            try:
                value = field.clean(row)
            except (ValueError, ValidationError):
                return None
            if cells.is_empty(value):
                return None
            key.append(getattr(value, "pk", value))
        return tuple(key)

    def record_key(self, record: models.Model) -> tuple[Any, ...]:
        """A stored record's natural key, as `key_of` gives a row's."""
        key: list[Any] = []
        for name in self.get_import_id_fields():
            attribute = self.fields[name].attribute
            field: Any = record._meta.get_field(attribute)
            key.append(getattr(record, field.attname))
        return tuple(key)

    def find(self, rows: list[Mapping[str, Any]]) -> dict[Any, Any]:
        """The stored records the rows name, by key (`AMBIGUOUS` where several share one)."""
        keys = {key for key in (self.key_of(row) for row in rows) if key is not None}
        if not keys:
            return {}
        first = self.fields[self.get_import_id_fields()[0]].attribute
        firsts = sorted({key[0] for key in keys}, key=str)
        found: dict[Any, Any] = {}
        for start in range(0, len(firsts), 500):
            chunk = firsts[start : start + 500]
            for record in self.lookup_queryset().filter(**{f"{first}__in": chunk}):
                key = self.record_key(record)
                if key in keys:
                    found[key] = cells.AMBIGUOUS if key in found else record
        return found

    def lookup_queryset(self) -> models.QuerySet[Any]:
        return self._meta.model._base_manager.all()

    def ambiguous_message(self, row: Mapping[str, Any]) -> str:
        return _("Several records match this row's %(columns)s; tell them apart first.") % {
            "columns": ", ".join(self.get_import_id_fields())
        }

    # One row -----------------------------------------------------------------------------

    def sheet_row(self, index: int) -> int:
        return self.row_numbers[index - 1] if self.row_numbers else index + 1

    def after_init_instance(self, instance: Any, new: bool, row: Any, **kwargs: Any) -> None:
        """Remember the version the run found each record at; refuse one changed since a dry
        run the person confirmed (`Run.expected`)."""
        row_key = str(self.sheet_row(kwargs["row_number"]))
        seen = None if new or self.run.written_here(instance) else [instance.pk, instance.version]
        self.run.seen.setdefault(self.kind_key, {})[row_key] = seen
        if self.run.expected is None:
            return
        expected = self.run.expected.get(self.kind_key, {}).get(row_key, "absent")
        if expected != "absent" and (list(expected) if expected else None) != seen:
            raise ValidationError(conflict_message())

    def import_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        """Read the row's cells into values; the record is changed only by its services."""
        values: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        for field in self.get_import_fields():
            if field.readonly or field.column_name not in row:
                continue
            try:
                values[field.column_name] = field.clean(row)
            except ValueError as error:
                errors[field.column_name] = ValidationError(str(error), code="invalid")
        self._values = values
        if errors:
            raise ValidationError(errors)

    def writable(self) -> set[str]:
        """The columns that are fields of the record, set through its services."""
        life = self.lifecycle.fields if self.lifecycle else set()
        return {
            field.column_name
            for field in self.get_import_fields()
            if field.attribute
            and field.column_name not in life
            and field.column_name not in self.key_columns
        }

    def field_values(self, instance: Any, new: bool) -> dict[str, Any]:
        """The values the row sets: an empty cell of a field with a default leaves it."""
        model = self._meta.model
        result: dict[str, Any] = {}
        withheld = (
            permissions.withheld(self.run.user, instance)
            if not new and self.run.user is not None
            else set()
        )
        for name in self.writable():
            if name not in self._values:
                continue
            value = self._values[name]
            attribute = self.fields[name].attribute
            django_field = _model_field(model, attribute)
            empty = cells.is_empty(value) or value == []
            if empty and attribute in withheld:
                continue  # a value the person may not see comes back empty: left as it is
            defaulted = django_field is not None and _has_default(django_field)
            if empty and defaulted and (new or not django_field.blank):
                continue
            if value is None and django_field is not None and not django_field.null:
                value = (
                    "" if isinstance(django_field, models.CharField | models.TextField) else value
                )
            result[attribute] = value
        return result

    def skip_row(
        self, instance: Any, original: Any, row: Any, import_validation_errors: Any = None
    ) -> bool:
        if import_validation_errors:
            return False
        new = instance.pk is None
        values = self.field_values(instance, new)
        if new:
            self._changes = values
            return False
        self._changes = {
            name: value
            for name, value in values.items()
            if _differs(value, _stored(instance, name))
        }
        if self._changes:
            return False
        return not (self.lifecycle and self.lifecycle.has_work(instance, self._values))

    def validate_instance(
        self, instance: Any, import_validation_errors: Any = None, validate_unique: bool = True
    ) -> None:
        # The services validate; only the cells' own errors are raised here.
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def save_instance(self, instance: Any, is_create: bool, row: Any, **kwargs: Any) -> None:
        try:
            with row_savepoint():
                record = self._write_row(instance, is_create, kwargs)
        except ValidationError as error:
            raise self.on_columns(error) from error
        except PermissionDenied as error:
            raise ValidationError(
                str(error) or _("Your roles do not let you write this record.")
            ) from error
        except IntegrityError as error:
            raise ValidationError(conflict_message()) from error
        if is_create:
            # Known to the rows below only once the row is written: a refused row is undone.
            self.run.wrote(record)
            if self.loader is not None:
                self.loader.learn(row, record)
            self._learn(record)
            instance.pk = record.pk
        self._record = record

    def _write_row(self, instance: Any, is_create: bool, kwargs: dict[str, Any]) -> Any:
        if is_create:
            record = self.create(self._changes)
        else:
            record = self.update(instance, self._changes) if self._changes else instance
        self.after_write(record, self._values, created=is_create)
        life = self.lifecycle
        if life is not None and life.has_work(record, self._values):
            steps = life.plan(record, self._values)
            now = 0
            while now < len(steps) and life.due(steps[now]) is None:
                now += 1
            record = life.take(record, steps[:now], self._values, self.run.user)
            if steps[now:]:
                row_number = self.sheet_row(kwargs["row_number"])
                self.run.pending.append((self, row_number, record, steps[now:], dict(self._values)))
        return record

    def save_m2m(self, instance: Any, row: Any, **kwargs: Any) -> None:
        pass

    def _learn(self, record: models.Model) -> None:
        for field in self.get_import_fields():
            widget = field.widget
            if isinstance(widget, cells.NaturalKey) and widget.model is type(record):
                widget.learn(record)

    # Hooks a kind may override -------------------------------------------------------------

    def create(self, values: dict[str, Any]) -> models.Model:
        """A new record from the row's values, by its create service."""
        return writes.create(self._meta.model, by=self.run.user, **values)

    def update(self, record: Any, changes: dict[str, Any]) -> models.Model:
        """The row's changed values written by the record's update service, at the version
        the import found it at."""
        return writes.update(record, by=self.run.user, version=record.version, **changes)

    def after_write(self, record: models.Model, values: dict[str, Any], *, created: bool) -> None:
        """What the row sets beyond the record's own fields (a person's first affiliation)."""

    def finish(self, record: Any, steps: list[Step], values: dict[str, Any]) -> None:
        """Take the steps of a record that waited for a later sheet (`record` read again
        since: the run reloads them a chunk at a time)."""
        assert self.lifecycle is not None
        try:
            with row_savepoint():
                self.lifecycle.take(record, steps, values, self.run.user)
        except ValidationError as error:
            raise self.on_columns(error) from error
        except PermissionDenied as error:
            raise ValidationError(
                str(error) or _("Your roles do not let you write this record.")
            ) from error

    # Errors on the file's columns ---------------------------------------------------------------

    def on_columns(self, error: ValidationError) -> ValidationError:
        """A service's errors moved to the columns they concern (a field without a column of
        its own: on the whole row, named)."""
        if not hasattr(error, "error_dict"):
            return error
        columns = set(self.column_keys())
        moved: dict[str, list[str]] = {}
        for name, messages in error.message_dict.items():
            target = self.errors_on.get(name, name)
            if target in columns or target == NON_FIELD_ERRORS:
                moved.setdefault(target, []).extend(messages)
            else:
                label = _field_label(self._meta.model, name)
                moved.setdefault(NON_FIELD_ERRORS, []).extend(f"{label}: {m}" for m in messages)
        return ValidationError(moved)

    def import_row(self, row: Any, instance_loader: Any, **kwargs: Any) -> RowResult:
        self._record = None
        self._changes = {}
        result: RowResult = super().import_row(row, instance_loader, **kwargs)
        number = self.sheet_row(kwargs["row_number"])
        if result.import_type == RowResult.IMPORT_TYPE_ERROR:
            # Not a refusal but a fault: the run stops and nothing is written.
            raise result.errors[0].error
        if result.import_type == RowResult.IMPORT_TYPE_INVALID:
            outcome = RowOutcome(number, REFUSED, errors=_messages(result.validation_error))
        elif result.import_type == RowResult.IMPORT_TYPE_SKIP:
            outcome = RowOutcome(number, UNCHANGED, str(result.object_repr or ""))
        else:
            action = CREATED if result.import_type == RowResult.IMPORT_TYPE_NEW else UPDATED
            outcome = RowOutcome(number, action, str(self._record or ""))
        self.outcomes.append(outcome)
        self.run.advance()
        return result

    # Export ---------------------------------------------------------------------------------

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        """The records `user` may see (None: the system, all of them), with what the columns read."""
        model = self._meta.model
        queryset = model.objects.all()
        if user is not None:
            queryset = queryset.restrict(user, "view")
        related = [
            field.attribute
            for field in self.get_export_fields()
            if field.attribute
            and isinstance(_model_field(model, field.attribute), models.ForeignKey)
        ]
        return queryset.select_related(*related).order_by("pk")

    def export_rows(self, user: Any) -> Iterable[list[Any]]:
        """The rows of every record `user` may see, as the import reads them."""
        for record in self.iter_queryset(self.export_queryset(user)):
            yield self.export_resource(record)


@contextlib.contextmanager
def row_savepoint() -> Iterator[None]:
    """One savepoint around the writes of a row, and none inside it.

    Each service opens a savepoint of its own (`transaction.atomic`), and so do the audit of
    each history row and Django's check of each constraint as a record is validated: some
    ten round trips a row, more than the row's inserts. Inside the import's one transaction
    the row's own savepoint is all a refusal needs: it undoes every write of the row (a
    refused row leaves nothing the rows below could find), and the rows before it stay. The
    atomic blocks inside take none, as `atomic(savepoint=False)` would: a failure inside one
    makes the row's transaction unusable until the row's savepoint is rolled back, which a
    failure that reaches the row does. A failure caught inside instead (the audit's guarded
    write, a constraint check the database could not run) can no longer be undone alone:
    the row fails rather than be written without it.
    """
    connection = transaction.get_connection()
    with transaction.atomic():
        own = "savepoint" in vars(connection)
        saved = connection.savepoint
        connection.savepoint = _no_savepoint
        try:
            yield
        finally:
            if own:
                connection.savepoint = saved
            else:
                del connection.savepoint
        if connection.needs_rollback:
            raise TransactionManagementError(
                "A write inside an import's row failed and was caught: the row cannot be "
                "written without it."
            )


def _no_savepoint() -> None:
    # `Atomic` takes None for "no savepoint here" (as when savepoints are not allowed).
    return None


def conflict_message() -> str:
    return _(
        "Someone else changed this record, or added one with the same key, while this import "
        "was being prepared. Nothing was written: check the file again and import it anew."
    )


def _model_field(model: type[models.Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _field_label(model: type[models.Model], name: str) -> str:
    field = _model_field(model, name)
    return str(field.verbose_name) if field is not None else name


def _has_default(field: Any) -> bool:
    return getattr(field, "default", NOT_PROVIDED) is not NOT_PROVIDED


def _stored(instance: models.Model, name: str) -> Any:
    return getattr(instance, name)


def _messages(error: ValidationError | None) -> list[tuple[str, str]]:
    if error is None:
        return []
    if not hasattr(error, "error_dict"):
        return [("", message) for message in error.messages]
    found: list[tuple[str, str]] = []
    for name, messages in error.message_dict.items():
        column = "" if name == NON_FIELD_ERRORS else name
        found.extend((column, message) for message in messages)
    return found
