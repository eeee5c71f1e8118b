"""An appointment's lifecycle step, declared once for its page and for the admin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.core.steps import Transition

from . import services
from .choices import APPOINTMENT_MOVES, TermState
from .forms import EndTermForm

END_TERM = Transition(
    name="end-term",
    label=_("End the term"),
    service=services.appointment_end,
    target="appointment",
    form=EndTermForm,
    offered_when=lambda appointment: APPOINTMENT_MOVES.offers(appointment, TermState.ENDED),
)

APPOINTMENT_STEPS = (END_TERM,)
