"""A disclosure's lifecycle steps, declared once for its page and for the admin.

Each names the service that takes it, the form asking for its arguments and the statuses it
is offered from, read from the table of moves (`DISCLOSURE_MOVES`). The office's steps are
the office's: the services refuse them to a researcher, and the page does not offer them
(`OFFICE_STEPS`); a researcher withdraws their own disclosure.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.core.steps import Transition

from . import services
from .choices import DISCLOSURE_MOVES, KEPT_DECISIONS, DisclosureStatus
from .forms import (
    AcceptForm,
    AcknowledgeForm,
    AssignForm,
    DecideForm,
    StartEvaluationForm,
    WithdrawForm,
)

ACKNOWLEDGE = Transition(
    name="acknowledge",
    label=_("Acknowledge"),
    service=services.disclosure_acknowledge,
    target="disclosure",
    form=AcknowledgeForm,
    offered_from=DISCLOSURE_MOVES.into(DisclosureStatus.ACKNOWLEDGED),
)
ASSIGN = Transition(
    name="assign",
    label=_("Assign"),
    service=services.disclosure_assign,
    target="disclosure",
    form=AssignForm,
    offered_from=frozenset(
        {
            DisclosureStatus.ACKNOWLEDGED,
            DisclosureStatus.UNDER_EVALUATION,
            DisclosureStatus.DECIDED,
        }
    ),
)
START_EVALUATION = Transition(
    name="start-evaluation",
    label=_("Start the evaluation"),
    service=services.disclosure_start_evaluation,
    target="disclosure",
    form=StartEvaluationForm,
    offered_from=DISCLOSURE_MOVES.into(DisclosureStatus.UNDER_EVALUATION),
)
DECIDE = Transition(
    name="decide",
    label=_("Decide"),
    service=services.disclosure_decide,
    target="disclosure",
    form=DecideForm,
    offered_from=DISCLOSURE_MOVES.into(DisclosureStatus.DECIDED),
)
ACCEPT = Transition(
    name="accept",
    label=_("Accept as an achievement"),
    service=services.disclosure_accept,
    target="disclosure",
    form=AcceptForm,
    offered_from=DISCLOSURE_MOVES.into(DisclosureStatus.ACCEPTED),
    # Only what the institute keeps becomes its achievement.
    offered_when=lambda disclosure: disclosure.decision in KEPT_DECISIONS,
)
WITHDRAW = Transition(
    name="withdraw",
    label=_("Withdraw"),
    service=services.disclosure_withdraw,
    target="disclosure",
    form=WithdrawForm,
    offered_from=DISCLOSURE_MOVES.into(DisclosureStatus.WITHDRAWN),
)

OFFICE_STEPS = (ACKNOWLEDGE, ASSIGN, START_EVALUATION, DECIDE, ACCEPT)
DISCLOSURE_STEPS = (*OFFICE_STEPS, WITHDRAW)
