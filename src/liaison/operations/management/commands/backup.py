"""`liaison backup --out FILE`: one archive of the installation, while it keeps serving."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from liaison.core.database import require_migrated_database
from liaison.operations.backup import BackupError, create_backup, describe


class Command(BaseCommand):
    verbosity = 1
    help = _(
        "Write one archive of the installation: its records with their histories, the "
        "attachments and the matching index, consistent while the server keeps serving."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help=_("The archive to write."))

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        require_migrated_database()
        out: Path = options["out"]
        try:
            manifest = create_backup(out, progress=self._progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Wrote %(path)s.") % {"path": out})
        self.stdout.write(describe(manifest))

    def _progress(self, label: str, count: int) -> None:
        if self.verbosity > 1:
            self.stdout.write(f"  {label}: {count}")
