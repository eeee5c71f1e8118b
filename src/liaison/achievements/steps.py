"""An achievement's lifecycle step, declared once for its page and for the admin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.core.steps import Transition

from . import services
from .choices import STAGE_MOVES
from .forms import RecordStageForm

RECORD_STAGE = Transition(
    name="record-stage",
    label=_("Record a stage reached"),
    service=services.achievement_record_stage,
    target="achievement",
    form=RecordStageForm,
    # Offered while the table lets the achievement move on from its stage (always, today:
    # even a marketed one may go back).
    offered_when=lambda achievement: bool(STAGE_MOVES.out_of(achievement.stage)),
)

ACHIEVEMENT_STEPS = (RECORD_STAGE,)
