"""`liaison assets`: fetch the pages' front-end packages from the npm registry, once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from liaison.core.assets import AssetError, assets_dir, install_assets


class Command(BaseCommand):
    help = _(
        "Download the front-end packages the pages use (Tabler, htmx, ECharts) from the npm "
        "registry (NPM_CONFIG_REGISTRY if set), check their integrity and unpack them; "
        "packages already in place are left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--optional",
            action="store_true",
            help=_("Warn instead of failing when the registry cannot be reached."),
        )

    def handle(self, *args: Any, optional: bool = False, **options: Any) -> None:
        try:
            installed = install_assets(report=lambda line: self.stdout.write(line))
        except AssetError as error:
            message = _("The front-end packages could not be installed: %(error)s") % {
                "error": error
            }
            if not optional:
                raise CommandError(message) from error
            # The pages still work without them, unstyled.
            self.stderr.write(message)
            return
        if installed:
            self.stdout.write(
                _("Installed %(n)s front-end packages in %(path)s.")
                % {"n": len(installed), "path": assets_dir()}
            )
