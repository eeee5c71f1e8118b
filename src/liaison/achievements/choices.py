from django.db import models
from django.utils.translation import gettext_lazy as _


class AchievementKind(models.TextChoices):
    PATENT = "patent", _("Patent")
    SOFTWARE = "software", _("Software")
    DRUG = "drug", _("Drug")
    MEDICAL_DEVICE = "medical_device", _("Medical device")
    MATERIAL = "material", _("Material")
    PROCESS = "process", _("Process")
    STANDARD = "standard", _("Standard")


class Stage(models.TextChoices):
    RESEARCH = "research", _("Research")
    PROTOTYPE = "prototype", _("Prototype")
    PILOT = "pilot", _("Pilot")
    CLINICAL_TRIAL = "clinical_trial", _("Clinical trial")
    REGISTRATION = "registration", _("Registration")
    MARKET = "market", _("Market")


# "Entered the market or clinical-trial stage": clinical trial and every stage after it.
MARKET_OR_CLINICAL_STAGES = frozenset({Stage.CLINICAL_TRIAL, Stage.REGISTRATION, Stage.MARKET})


class TransferMode(models.TextChoices):
    LICENSE = "license", _("Licence")
    ASSIGNMENT = "assignment", _("Assignment")
    SPIN_OFF = "spin_off", _("Spin-off company")
    JOINT_DEVELOPMENT = "joint_development", _("Joint development")
    EQUITY = "equity", _("Equity investment")
