from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.moves import Moves


class CertificateLevel(models.TextChoices):
    """The titles of the technology broker (技术经纪人/技术经理人), an official occupation since 2022."""

    NONE = "none", _("No certificate")
    JUNIOR = "junior", _("Junior technology broker")
    INTERMEDIATE = "intermediate", _("Intermediate technology broker")
    SENIOR = "senior", _("Senior technology broker")


class BrokerStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")


# active ⇄ inactive: a broker who stops working with the office keeps their record.
BROKER_MOVES = Moves(
    {
        BrokerStatus.INACTIVE: {BrokerStatus.ACTIVE},
        BrokerStatus.ACTIVE: {BrokerStatus.INACTIVE},
    }
)


class BrokerKind(models.TextChoices):
    """Who the broker is: a person, or an organization acting as intermediary (居间)."""

    PERSON = "person", _("Person")
    ORGANIZATION = "organization", _("Organization")


class CommissionBasis(models.TextChoices):
    RATE = "rate", _("A rate of the agreement's value")
    FIXED = "fixed", _("A fixed amount")


class RankingOrder(models.TextChoices):
    """What the office's ranking of brokers is sorted by, the most first."""

    AGREEMENTS = "agreements", _("Agreements signed")
    VALUE = "value", _("Registered contract value")
    COMMISSION = "commission", _("Commission agreed")
    MATCHES = "matches", _("Matches made")
