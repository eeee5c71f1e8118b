from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonKind(models.TextChoices):
    RESEARCHER = "researcher", _("Researcher")
    EXPERT = "expert", _("External expert")
    ENTERPRISE_CONTACT = "enterprise_contact", _("Enterprise contact")
    INVESTOR_CONTACT = "investor_contact", _("Investor contact")
    STAFF = "staff", _("Institute staff")


class Honour(models.TextChoices):
    ACADEMICIAN_CAS = "academician_cas", _("Academician of the Chinese Academy of Sciences")
    ACADEMICIAN_CAE = "academician_cae", _("Academician of the Chinese Academy of Engineering")
    FOREIGN_ACADEMICIAN = "foreign_academician", _("Foreign academician")
    NATIONAL_TALENT = "national_talent", _("National high-level talent")
    PROVINCIAL_TALENT = "provincial_talent", _("Provincial high-level talent")
