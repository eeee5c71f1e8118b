"""`liaison restore FILE`: the installation an archive holds, into an empty one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from liaison.operations.backup import BackupError, describe, inspect_backup, restore_backup


class Command(BaseCommand):
    verbosity = 1
    help = _(
        "Restore an archive of `liaison backup`: checked first, then written all or nothing. "
        "An installation that holds records is refused unless --replace."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help=_("The archive to restore."))
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("Replace the records this installation holds with the archive's."),
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("Only check the archive and say what it holds; restore nothing."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        archive: Path = options["archive"]
        try:
            if options["check"]:
                self.stdout.write(describe(inspect_backup(archive)))
                return
            # A new installation: its tables first, at this version's migrations.
            call_command("migrate", interactive=False, verbosity=0)
            manifest = restore_backup(archive, replace=options["replace"], progress=self._progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Restored %(path)s.") % {"path": archive})
        self.stdout.write(describe(manifest))

    def _progress(self, label: str, count: int) -> None:
        if self.verbosity > 1:
            self.stdout.write(f"  {label}: {count}")
