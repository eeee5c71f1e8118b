"""`liaison docket`: lapse the patents whose annual fee went unpaid past its late window,
expire those past their term, and list the fees and deadlines coming due."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liaison.core.database import require_migrated_database
from liaison.core.lifecycle import today
from liaison.patents import selectors
from liaison.patents.services import lapse_and_expire_due


class Command(BaseCommand):
    help = _(
        "Lapse the patents whose annual fee was not paid by the end of its late window, "
        "expire those past their term, and list what falls due in the coming days. Safe to "
        "run from cron: a patent is lapsed once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=30,
            help=_("List the fees and deadlines due within this many days (30 unless told)."),
        )
        parser.add_argument(
            "--list-only",
            action="store_true",
            help=_("Only list what is due; lapse and expire nothing."),
        )

    def handle(self, *args: Any, days: int, list_only: bool, **options: Any) -> None:
        require_migrated_database()
        on = today()
        if not list_only:
            lapsed, expired = lapse_and_expire_due(on=on)
            for patent in lapsed:
                self.stdout.write(
                    _("Lapsed: %(patent)s (as of %(date)s)")
                    % {"patent": patent, "date": patent.lapsed_on}
                )
            for patent in expired:
                self.stdout.write(_("Expired: %(patent)s") % {"patent": patent})
        until = on + datetime.timedelta(days=days)
        count = 0
        for patent in selectors.docket_patents():
            for item in selectors.open_items_of(patent, today=on, until=until):
                count += 1
                flag = ""
                if item.lapses(on):
                    flag = " " + _("[unpaid past the late window]")
                elif item.overdue(on):
                    flag = " " + _("[overdue]")
                amount = f" {item.amount} CNY" if item.amount is not None else ""
                self.stdout.write(
                    f"{item.due_on.isoformat()} {patent.application_number} {item.label}"
                    f"{amount}{flag}"
                )
        self.stdout.write(
            ngettext(
                "%(count)s fee or deadline due by %(until)s.",
                "%(count)s fees and deadlines due by %(until)s.",
                count,
            )
            % {"count": count, "until": until.isoformat()}
        )
