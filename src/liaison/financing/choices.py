from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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
