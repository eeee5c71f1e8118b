from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.moves import Moves


class Jurisdiction(models.TextChoices):
    CN = "CN", _("China (CNIPA)")
    PCT = "PCT", _("International application (PCT)")
    US = "US", _("United States")
    EP = "EP", _("European Patent Office")
    JP = "JP", _("Japan")
    KR = "KR", _("Korea")
    GB = "GB", _("United Kingdom")
    DE = "DE", _("Germany")
    HK = "HK", _("Hong Kong")
    OTHER = "other", _("Other")


class PatentKind(models.TextChoices):
    INVENTION = "invention", _("Invention")
    UTILITY_MODEL = "utility_model", _("Utility model")
    DESIGN = "design", _("Design")


class PatentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LAPSED = "lapsed", _("Lapsed")
    ABANDONED = "abandoned", _("Abandoned")
    EXPIRED = "expired", _("Expired")


# The allowed moves of a patent's status: for each status, those it is reached from.
# pending → granted → lapsed | abandoned | expired; pending → withdrawn.
# A lapsed patent may be restored on request within two months of CNIPA's notice; restoration
# is not recorded here (yet), so lapsed is where a patent's life ends in Liaison.
PATENT_MOVES = Moves(
    {
        PatentStatus.GRANTED: {PatentStatus.PENDING},
        PatentStatus.WITHDRAWN: {PatentStatus.PENDING},
        PatentStatus.LAPSED: {PatentStatus.GRANTED},
        PatentStatus.ABANDONED: {PatentStatus.GRANTED},
        PatentStatus.EXPIRED: {PatentStatus.GRANTED},
    }
)
ENDED_STATUSES = PATENT_MOVES.final(PatentStatus)
# In force or on its way: its fees and deadlines still matter.
LIVE_STATUSES = tuple(s for s in PatentStatus if s not in ENDED_STATUSES)


class FeeKind(models.TextChoices):
    APPLICATION = "application", _("Application fee")
    EXAMINATION = "examination", _("Substantive examination fee")
    ANNUAL = "annual", _("Annual fee")
    OTHER = "other", _("Other fee")


class OfficeActionKind(models.TextChoices):
    CORRECTION = "correction", _("Notice to make corrections (补正通知书)")
    FIRST_OPINION = "first_opinion", _("First examination opinion (第一次审查意见通知书)")
    FURTHER_OPINION = "further_opinion", _("Further examination opinion (再次审查意见通知书)")
    REJECTION = "rejection", _("Decision of rejection (驳回决定)")
    OTHER = "other", _("Other notice")
