from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    ENTERPRISE = "enterprise", _("Enterprise")
    HOSPITAL = "hospital", _("Hospital")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    INVESTOR = "investor", _("Investor")
    GOVERNMENT = "government", _("Government body")
    ASSOCIATION = "association", _("Association")


class OrganizationSize(models.TextChoices):
    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")
