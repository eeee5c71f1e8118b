"""A trainee's steps, declared once for their page and for the admin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison.core.steps import Transition

from . import services
from .choices import TRAINEE_MOVES, TraineeStatus
from .forms import AddSupervisorForm, EndTrainingForm

ADD_SUPERVISOR = Transition(
    name="add-supervisor",
    label=_("Add a supervisor"),
    service=services.trainee_add_supervisor,
    target="trainee",
    form=AddSupervisorForm,
    offered_from=frozenset({TraineeStatus.IN_TRAINING}),
)
GRADUATE = Transition(
    name="graduate",
    label=_("Graduate"),
    service=services.trainee_graduate,
    target="trainee",
    form=EndTrainingForm,
    offered_from=TRAINEE_MOVES.into(TraineeStatus.GRADUATED),
)
WITHDRAW = Transition(
    name="withdraw",
    # Not the withdrawal of a document (撤回): a student leaving their training.
    label=pgettext_lazy("a trainee's step", "Withdraw"),
    service=services.trainee_withdraw,
    target="trainee",
    form=EndTrainingForm,
    offered_from=TRAINEE_MOVES.into(TraineeStatus.WITHDREW),
)

TRAINEE_STEPS = (ADD_SUPERVISOR, GRADUATE, WITHDRAW)
