"""`liaison chains place FILE`: place records on industry-chain segments from a CSV or XLSX file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liaison.chains.imports import ImportFileError, read_rows
from liaison.chains.services import placements_import
from liaison.core.database import require_migrated_database


class Command(BaseCommand):
    help = _("Industry chains: place records on their segments from a file.")

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        place = commands.add_parser(
            "place",
            help=_(
                "Place the records a CSV or XLSX file names on segments (columns: chain, "
                "segment, record_type, key). All or nothing: one broken row and nothing is "
                "placed."
            ),
        )
        place.add_argument("file", type=Path)
        place.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Check every row and say what would be placed; place nothing."),
        )

    def handle(self, *args: Any, action: str, file: Path, dry_run: bool, **options: Any) -> None:
        require_migrated_database()
        if not file.is_file():
            raise CommandError(_("No file %(file)s.") % {"file": file})
        try:
            rows = read_rows(file)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        outcome = placements_import(rows=rows, by=None, dry_run=dry_run)
        for row_error in outcome.errors:
            self.stderr.write(str(row_error))
        if outcome.errors:
            raise CommandError(
                ngettext(
                    "%(count)s row cannot be placed: nothing was placed.",
                    "%(count)s rows cannot be placed: nothing was placed.",
                    len(outcome.errors),
                )
                % {"count": len(outcome.errors)}
            )
        message = (
            ngettext(
                "Would place %(count)s record (dry run: nothing placed).",
                "Would place %(count)s records (dry run: nothing placed).",
                outcome.placed,
            )
            if dry_run
            else ngettext("Placed %(count)s record.", "Placed %(count)s records.", outcome.placed)
        )
        self.stdout.write(message % {"count": outcome.placed})
