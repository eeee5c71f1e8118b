from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.moves import Moves


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


# The stages in the order an achievement goes through them, from research to market.
STAGE_ORDER = tuple(Stage.values)

# Which stage may follow which: any other one. Forward in the ordinary course (a route may
# skip a stage: software has no clinical trial), back when it really went back (a trial
# stopped), which the person recording it confirms (`stages_before`). Recording the stage an
# achievement is already at is no move.
STAGE_MOVES = Moves(
    {wanted: [s for s in STAGE_ORDER if s != wanted] for wanted in STAGE_ORDER}, field="stage"
)


def stages_before(stage: str) -> frozenset[str]:
    """The stages that come before `stage` on the way to market: a move to them goes back."""
    return (
        frozenset(STAGE_ORDER[: STAGE_ORDER.index(stage)]) if stage in STAGE_ORDER else frozenset()
    )


# "Entered the market or clinical-trial stage": clinical trial and every stage after it.
MARKET_OR_CLINICAL_STAGES = frozenset({Stage.CLINICAL_TRIAL, Stage.REGISTRATION, Stage.MARKET})


class TransferMode(models.TextChoices):
    LICENSE = "license", _("Licence")
    ASSIGNMENT = "assignment", _("Assignment")
    SPIN_OFF = "spin_off", _("Spin-off company")
    JOINT_DEVELOPMENT = "joint_development", _("Joint development")
    EQUITY = "equity", _("Equity investment")
