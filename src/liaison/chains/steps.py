"""A suggested placement's steps, declared once for its page, the segment page and the admin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.core.steps import Transition

from . import services
from .choices import PLACEMENT_MOVES, PlacementStatus
from .forms import DecisionForm

ACCEPT = Transition(
    name="accept",
    label=_("Accept the suggestion"),
    service=services.placement_accept,
    target="placement",
    form=DecisionForm,
    offered_from=PLACEMENT_MOVES.into(PlacementStatus.ACCEPTED),
)
REJECT = Transition(
    name="reject",
    label=_("Reject the suggestion"),
    service=services.placement_reject,
    target="placement",
    form=DecisionForm,
    offered_from=PLACEMENT_MOVES.into(PlacementStatus.REJECTED),
)

PLACEMENT_STEPS = (ACCEPT, REJECT)
