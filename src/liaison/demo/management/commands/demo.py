"""`liaison demo`: load the demo institute into an empty database."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from liaison.core.database import require_migrated_database
from liaison.demo.loader import DEFAULT_SEED, load_demo


class Command(BaseCommand):
    help = _(
        "Load the demo institute (the announcement of 2023-05-08 and synthetic records around "
        "it) into an empty database. The same seed on the same day gives the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help=_(
                "Multiply the synthetic volume (default 1); the announcement's figures stay exact."
            ),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            # argparse puts in the default.
            help=_("Random seed (default %(default)s)."),
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help=_("Record this existing user as the author of every history row."),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=_("Do not show the progress bar.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        require_migrated_database()
        by = None
        if options["user"]:
            by = get_user_model()._default_manager.filter(username=options["user"]).first()
            if by is None:
                raise CommandError(_("No user is called %(name)r.") % {"name": options["user"]})
        try:
            load_demo(
                scale=options["scale"],
                seed=options["seed"],
                by=by,
                stdout=self.stdout,  # type: ignore[arg-type]
                progress=False if options["no_progress"] else None,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
