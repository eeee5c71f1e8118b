"""`liaison export --out FILE [--user U]`: every record a user may see, in the import's format."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from liaison.core.database import require_migrated_database
from liaison.operations.imports import books, registry
from liaison.operations.imports.books import LANGUAGES


class Command(BaseCommand):
    help = _(
        "Write every record a user may see (without --user: every record) into one XLSX "
        "workbook in the import's format, which `liaison import` reads back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help=_("The workbook to write."))
        parser.add_argument("--user", metavar="USERNAME", help=_("Export what this user may see."))
        parser.add_argument(
            "--lang", choices=LANGUAGES, default="en", help=_("The headers' language.")
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=_("Do not show the progress bar.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        require_migrated_database()
        user = None
        if options["user"]:
            user = get_user_model()._default_manager.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("No user is called %(name)r.") % {"name": options["user"]})
        selected = registry.kinds()
        total = sum(kind.make().export_queryset(user).count() for kind in selected)
        out: Path = options["out"]
        with (
            tqdm(
                total=total,
                desc=_("Export"),
                unit=" " + _("rows"),
                file=sys.stderr,
                disable=options["no_progress"],
                dynamic_ncols=True,
            ) as bar,
            translation.override(options["lang"]),
        ):
            try:
                with out.open("wb") as handle:
                    books.write_workbook(
                        handle,
                        language=options["lang"],
                        selected=selected,
                        user=user,
                        with_rows=True,
                        progress=bar.update,
                    )
            except OSError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(_("Wrote %(path)s.") % {"path": out})
