"""`liaison import FILE [--dry-run]`: records from an XLSX workbook or a CSV file, written
through the services, all or nothing; `liaison import --template KEY|all --out FILE`: an
empty workbook to fill in."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from liaison.core.database import require_migrated_database
from liaison.operations.imports import books, registry
from liaison.operations.imports.books import LANGUAGES
from liaison.operations.imports.runs import run_import


def find_user(username: str | None) -> Any:
    """The user called `username`, or None (the system) without one."""
    if not username:
        return None
    user = get_user_model()._default_manager.filter(username=username).first()
    if user is None:
        raise CommandError(_("No user is called %(name)r.") % {"name": username})
    return user


class Command(BaseCommand):
    help = _(
        "Import organizations, people, agreements and the other kinds of record from an XLSX "
        "workbook (a sheet per kind) or a CSV file, through the same rules as the pages; all "
        "or nothing. Or write an empty template to fill in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help=_("The XLSX or CSV file to import."))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Say what would be created, updated, left alone and refused; write nothing."),
        )
        parser.add_argument(
            "--kind", help=_("The kind of record a CSV file holds (its key, as “organizations”).")
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help=_("Import as this user, under their roles (without it: as the system)."),
        )
        parser.add_argument(
            "--lang",
            choices=LANGUAGES,
            default="en",
            help=_("The language of the report or template."),
        )
        parser.add_argument(
            "--template",
            metavar="KEY",
            help=_("Write an empty workbook for this kind (or “all”) instead of importing."),
        )
        parser.add_argument("--out", type=Path, help=_("Where to write the template."))
        parser.add_argument(
            "--no-progress", action="store_true", help=_("Do not show the progress bar.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"]):
            if options["template"]:
                self._template(options)
            else:
                self._import(options)

    def _template(self, options: dict[str, Any]) -> None:
        if options["out"] is None:
            raise CommandError(_("Say where to write the template with --out FILE."))
        key = options["template"]
        try:
            selected = registry.kinds() if key == "all" else [registry.kind(key)]
        except KeyError:
            raise CommandError(
                _("No kind of record is called “%(key)s”; the kinds are: %(keys)s.")
                % {"key": key, "keys": ", ".join(k.key for k in registry.kinds())}
            ) from None
        with options["out"].open("wb") as handle:
            books.write_workbook(handle, language=options["lang"], selected=selected)
        self.stdout.write(_("Wrote %(path)s.") % {"path": options["out"]})

    def _import(self, options: dict[str, Any]) -> None:
        path: Path | None = options["file"]
        if path is None:
            raise CommandError(_("Name the file to import, or ask for a --template."))
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        require_migrated_database()
        user = find_user(options["user"])
        if options["kind"]:
            try:
                registry.kind(options["kind"])
            except KeyError:
                raise CommandError(
                    _("No kind of record is called “%(key)s”.") % {"key": options["kind"]}
                ) from None
        bar = tqdm(
            desc=_("Import"),
            unit=" " + _("rows"),
            file=sys.stderr,
            disable=options["no_progress"],
            dynamic_ncols=True,
        )

        def on_total(total: int) -> None:
            bar.reset(total=total)

        try:
            with path.open("rb") as handle:
                report = run_import(
                    handle,
                    name=path.name,
                    user=user,
                    dry_run=options["dry_run"],
                    kind=options["kind"],
                    progress=bar.update,
                    on_total=on_total,
                )
        finally:
            bar.close()
        for line in report.lines():
            self.stdout.write(line)
        refused = sum(kind.refused for kind in report.kinds)
        if report.errors or refused:
            raise CommandError(
                ngettext(
                    "Nothing was written: %(count)s row was refused.",
                    "Nothing was written: %(count)s rows were refused.",
                    refused,
                )
                % {"count": refused}
                if refused
                else _("Nothing was written: the file was refused.")
            )
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))
        else:
            self.stdout.write(_("Imported."))
