"""`liaison suggest_placements`: the matching engine suggests records for industry-chain segments."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liaison.chains.models import IndustryChain
from liaison.core.database import require_migrated_database
from liaison.matching.chain_suggestions import TOP, suggest_for_chain


class Command(BaseCommand):
    help = _(
        "Suggest enterprises, open needs, achievements, centers and experts for the segments "
        "of the industry chains, from each segment's text; a person accepts or rejects each "
        "on the segment's page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chain",
            action="append",
            default=[],
            metavar="CODE",
            help=_("Only this chain (by code); may be given more than once."),
        )
        parser.add_argument(
            "--top",
            type=int,
            default=TOP,
            help=_("How many records of each kind to suggest per segment."),
        )

    def handle(self, *args: Any, chain: list[str], top: int, **options: Any) -> None:
        require_migrated_database()
        chains = IndustryChain.objects.filter(active=True)
        if chain:
            chains = IndustryChain.objects.filter(code__in=chain)
            unknown = sorted(set(chain) - set(chains.values_list("code", flat=True)))
            if unknown:
                raise CommandError(
                    _("No industry chain has the code %(codes)s.") % {"codes": ", ".join(unknown)}
                )
        for found in chains:
            run = suggest_for_chain(chain=found, by=None, top=top)
            self.stdout.write(
                ngettext(
                    "%(chain)s: %(count)s new suggestion.",
                    "%(chain)s: %(count)s new suggestions.",
                    len(run.suggested),
                )
                % {"chain": found, "count": len(run.suggested)}
            )
