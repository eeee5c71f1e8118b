"""Load the demo institute: the announcement of 2023-05-08 and synthetic volume around it."""

from __future__ import annotations

import datetime
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from liaison.organizations.models import Organization

from .accounts import DEMO_PASSWORD, add_demo_accounts, create_demo_users
from .generate import DemoGenerator
from .writer import WRITE_ORDER, BulkWriter

if TYPE_CHECKING:
    from liaison.accounts.models import User

DEFAULT_SEED = 20230508
# Rows of one unit of scale and of the fixed core, roughly: sizes the progress bar.
ROWS_PER_SCALE = 2450
CORE_ROWS = 4000


@dataclass(frozen=True)
class DemoSummary:
    """What a demo load wrote, and how long it took."""

    scale: int
    seed: int
    today: datetime.date
    seconds: float
    counts: dict[str, int]

    def lines(self) -> list[str]:
        heading = _(
            "Loaded the demo institute (scale %(scale)s, seed %(seed)s, dated up to %(today)s) "
            "in %(seconds).1f s:"
        ) % {
            "scale": self.scale,
            "seed": self.seed,
            "today": self.today.isoformat(),
            "seconds": self.seconds,
        }
        width = max(len(name) for name in self.counts)
        rows = [f"  {name.ljust(width)}  {count:>8,}" for name, count in self.counts.items()]
        total = _("%(rows)s rows, each with its creation in the history.") % {
            "rows": f"{sum(self.counts.values()):,}"
        }
        return [heading, *rows, total]


@transaction.atomic
def load_demo(
    *,
    scale: int = 1,
    seed: int = DEFAULT_SEED,
    by: User | None = None,
    stdout: TextIO | None = None,
    progress: bool | None = None,
    today: datetime.date | None = None,
) -> DemoSummary:
    """Fill an empty database with the demo institute; the same seed and day give the same data."""
    # `scale` multiplies the synthetic volume, while the figures of the announcement of
    # 2023-05-08 stay exact at every scale; `by` is the author of every history row;
    # `progress` shows a bar on standard error (by default when it is a terminal).
    if scale < 1:
        raise ValidationError(
            _("The demo's scale is a whole number of at least 1; got %(scale)s."),
            code="demo_scale",
            params={"scale": scale},
        )
    if Organization.objects.exists():
        raise ValidationError(
            _(
                "The database already holds organizations, and the demo institute loads only "
                "into an empty one. Start from a new data folder: delete it, or point "
                "LIAISON_DATA_DIR (or DATABASE_URL) at an empty one."
            ),
            code="demo_database_not_empty",
        )
    started = time.perf_counter()
    today = today or timezone.localdate()
    bar = tqdm(
        total=CORE_ROWS + ROWS_PER_SCALE * scale,
        desc=_("Demo institute"),
        unit=" " + _("rows"),
        file=sys.stderr,
        disable=None if progress is None else not progress,
        dynamic_ncols=True,
    )
    accounts = create_demo_users(DEMO_PASSWORD)
    try:
        writer = BulkWriter(by=by, progress=bar)
        DemoGenerator(
            scale=scale, seed=seed, today=today, writer=writer, office=accounts.get("office")
        ).run()
        bar.total = bar.n  # the estimate was close; the bar ends full
        bar.refresh()
    finally:
        bar.close()
    add_demo_accounts(DEMO_PASSWORD, by=by, accounts=accounts)
    counts = {
        str(model._meta.verbose_name_plural): model._default_manager.count()
        for model in WRITE_ORDER
        if not model._meta.auto_created
    }
    summary = DemoSummary(
        scale=scale,
        seed=seed,
        today=today,
        seconds=time.perf_counter() - started,
        counts=counts,
    )
    if stdout is not None:
        for line in summary.lines():
            stdout.write(f"{line}\n")
    return summary
