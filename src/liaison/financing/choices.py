from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison.core.moves import Moves


class RoundKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    ANGEL = "angel", _("Angel")
    SEED = "seed", _("Seed")
    PRE_A = "pre_a", _("Pre-A")
    SERIES_A = "series_a", _("Series A")
    SERIES_B = "series_b", _("Series B")
    SERIES_C = "series_c", _("Series C and later")
    GOVERNMENT_FUND = "government_fund", _("Government fund")
    LOAN = "loan", _("Loan")


class RoundStatus(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    CLOSED = "closed", pgettext_lazy("financing round", "Closed")
    CANCELLED = "cancelled", _("Cancelled")


# An announced round closes (its money committed) or is cancelled; both end its life.
ROUND_MOVES = Moves(
    {
        RoundStatus.CLOSED: {RoundStatus.ANNOUNCED},
        RoundStatus.CANCELLED: {RoundStatus.ANNOUNCED},
    }
)
ROUND_ENDED = ROUND_MOVES.final(RoundStatus.values)
# Still to be settled: the round's investors may be added and changed.
ROUND_OPEN = frozenset(RoundStatus.values) - ROUND_ENDED
