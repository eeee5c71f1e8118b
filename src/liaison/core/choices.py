"""Choices shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    CNY = "CNY", _("Chinese yuan")
    USD = "USD", _("US dollar")
    EUR = "EUR", _("Euro")
    HKD = "HKD", _("Hong Kong dollar")
    JPY = "JPY", _("Japanese yen")
    GBP = "GBP", _("Pound sterling")


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    CONFIDENTIAL = "confidential", _("Confidential")
    SECRET = "secret", _("Secret")
