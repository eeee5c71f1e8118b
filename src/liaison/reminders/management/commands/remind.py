"""`liaison remind`: send each person their digest of reminders not sent yet."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liaison.core.database import require_migrated_database
from liaison.reminders.selectors import recipients
from liaison.reminders.services import send_reminders


class Command(BaseCommand):
    help = _(
        "Send each person a digest of what they answer for that is due (agreements expiring, "
        "milestones, needs waiting, appointments ending). Nothing is sent twice: safe to run "
        "from cron every hour."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Print the digests that would be sent; send and record nothing."),
        )
        parser.add_argument(
            "--user",
            action="append",
            default=[],
            metavar="NAME",
            help=_("Only this user (by username); may be given more than once."),
        )

    def handle(self, *args: Any, dry_run: bool, user: list[str], **options: Any) -> None:
        require_migrated_database()
        if user:
            known = set(recipients(usernames=user).values_list("username", flat=True))
            unknown = [name for name in user if name not in known]
            if unknown:
                raise CommandError(
                    _("No active user with an email address and a role is called %(names)s.")
                    % {"names": ", ".join(unknown)}
                )
        outcome = send_reminders(usernames=user, dry_run=dry_run)
        if dry_run:
            for digest in outcome.sent:
                self.stdout.write(f"== {digest.user.username} <{digest.user.email}>")
                self.stdout.write(_("Subject: %(subject)s") % {"subject": digest.subject})
                self.stdout.write(digest.text)
        people = ngettext("%(count)s person", "%(count)s people", outcome.people) % {
            "count": outcome.people
        }
        reminders = ngettext("%(count)s reminder", "%(count)s reminders", outcome.reminders) % {
            "count": outcome.reminders
        }
        summary = (
            _("Would send %(people)s %(reminders)s (dry run: nothing sent or recorded).")
            if dry_run
            else _("Sent %(people)s %(reminders)s.")
        )
        self.stdout.write(summary % {"people": people, "reminders": reminders})
        for person in outcome.skipped:
            self.stdout.write(
                _("%(user)s: already being sent by another run.") % {"user": person.username}
            )
        if outcome.failed:
            for person, error in outcome.failed:
                self.stderr.write(
                    _("%(user)s: not sent (%(error)s); tried again at the next run.")
                    % {"user": person.username, "error": error}
                )
            raise CommandError(
                ngettext(
                    "%(count)s digest could not be sent.",
                    "%(count)s digests could not be sent.",
                    len(outcome.failed),
                )
                % {"count": len(outcome.failed)}
            )
