"""A financing round's lifecycle steps, declared once for its page and for the admin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.core.steps import Transition

from . import services
from .choices import ROUND_MOVES, RoundStatus
from .forms import CancelRoundForm, CloseRoundForm

CLOSE = Transition(
    name="close",
    label=_("Record the closing"),
    service=services.round_close,
    target="round",
    form=CloseRoundForm,
    offered_from=ROUND_MOVES.into(RoundStatus.CLOSED),
)
CANCEL = Transition(
    name="cancel",
    label=_("Cancel the round"),
    service=services.round_cancel,
    target="round",
    form=CancelRoundForm,
    offered_from=ROUND_MOVES.into(RoundStatus.CANCELLED),
)

ROUND_STEPS = (CLOSE, CANCEL)
