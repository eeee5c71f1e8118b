"""`liaison figures`: the institute's headline figures as of a date, as text or JSON."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.database import require_migrated_database
from liaison.reports.rendering import figures_document, figures_paragraph
from liaison.reports.selectors import figures_as_of, institute_organization

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_as_of(value: str) -> datetime.date:
    """A YYYY-MM-DD date up to today, or a CommandError that says what was wrong."""
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        as_of = datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("--as-of must be a date written YYYY-MM-DD, such as 2023-05-08; got %(value)r.")
            % {"value": value}
        ) from None
    today = timezone.localdate()
    if as_of > today:
        # Figures as of a future date would only repeat today's as if they were a forecast.
        raise CommandError(
            _("--as-of %(date)s is in the future: give today (%(today)s) or an earlier date.")
            % {"date": as_of.isoformat(), "today": today.isoformat()}
        )
    return as_of


class Command(BaseCommand):
    help = _("Print the institute's headline figures as of a date, as a paragraph or as JSON.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            dest="as_of",
            metavar="YYYY-MM-DD",
            help=_("The date the figures are counted up to, inclusive (default: today)."),
        )
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help=_("A press paragraph, or JSON with each figure's definition (default: text)."),
        )
        parser.add_argument(
            "--lang",
            choices=["en", "zh-hans"],
            default="en",
            help=_("The language of the paragraph and definitions (default: en)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = (
            parse_as_of(options["as_of"]) if options["as_of"] is not None else timezone.localdate()
        )
        lang: str = options["lang"]
        require_migrated_database()
        figures = figures_as_of(as_of=as_of)
        if options["format"] == "json":
            document = figures_document(figures=figures, as_of=as_of, lang=lang)
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            figures_paragraph(
                figures=figures, institute=institute_organization(), as_of=as_of, lang=lang
            )
        )
