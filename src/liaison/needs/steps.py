"""A technical need's lifecycle steps, declared once for its page and for the admin.

Each step names the need service that takes it, the form asking for its arguments and the
statuses it is offered from (read from the table of moves, `NEED_MOVES`); the labels are the page's, so both places read alike.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.core.steps import Transition

from . import services
from .choices import NEED_MOVES, NeedStatus
from .forms import EndForm, SolveForm, TriageForm

TRIAGE = Transition(
    name="triage",
    label=_("Triage"),
    service=services.need_triage,
    target="need",
    form=TriageForm,
    offered_from=NEED_MOVES.into(NeedStatus.TRIAGED),
)
START = Transition(
    name="start",
    label=_("Start work"),
    service=services.need_start,
    target="need",
    offered_from=NEED_MOVES.into(NeedStatus.IN_PROGRESS),
)
SOLVE = Transition(
    name="solve",
    label=_("Solve"),
    service=services.need_solve,
    target="need",
    form=SolveForm,
    offered_from=NEED_MOVES.into(NeedStatus.SOLVED),
)
CLOSE = Transition(
    name="close",
    label=_("Close"),
    service=services.need_close,
    target="need",
    form=EndForm,
    offered_from=NEED_MOVES.into(NeedStatus.CLOSED),
)
WITHDRAW = Transition(
    name="withdraw",
    label=_("Withdraw"),
    service=services.need_withdraw,
    target="need",
    form=EndForm,
    offered_from=NEED_MOVES.into(NeedStatus.WITHDRAWN),
)
REJECT = Transition(
    name="reject",
    label=_("Reject"),
    service=services.need_reject,
    target="need",
    form=EndForm,
    offered_from=NEED_MOVES.into(NeedStatus.REJECTED),
)

NEED_STEPS = (TRIAGE, START, SOLVE, CLOSE, WITHDRAW, REJECT)
