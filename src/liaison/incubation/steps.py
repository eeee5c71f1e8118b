"""An incubated company's lifecycle steps, declared once for its page and for the admin.

Each names its service and the statuses it is offered from, read from `INCUBATION_MOVES`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.core.steps import Transition

from . import services
from .choices import IN_INCUBATOR_STATUSES, INCUBATION_MOVES, IncubationStatus
from .forms import AddResourceForm, CloseForm, ExitForm, RecordMilestoneForm, StartForm

START = Transition(
    name="start",
    label=_("Start incubating"),
    service=services.incubation_start,
    target="incubation",
    form=StartForm,
    offered_from=INCUBATION_MOVES.into(IncubationStatus.INCUBATING),
)
RECORD_MILESTONE = Transition(
    name="record-milestone",
    label=_("Record a milestone"),
    service=services.incubation_record_milestone,
    target="incubation",
    form=RecordMilestoneForm,
    offered_from=IN_INCUBATOR_STATUSES,
)
ADD_RESOURCE = Transition(
    name="add-resource",
    label=_("Add a resource"),
    service=services.incubation_add_resource,
    target="incubation",
    form=AddResourceForm,
    offered_from=IN_INCUBATOR_STATUSES,
)
GRADUATE = Transition(
    name="graduate",
    label=_("Graduate"),
    service=services.incubation_graduate,
    target="incubation",
    form=ExitForm,
    offered_from=INCUBATION_MOVES.into(IncubationStatus.GRADUATED),
)
MOVE_OUT = Transition(
    name="move-out",
    label=_("Move out"),
    service=services.incubation_move_out,
    target="incubation",
    form=ExitForm,
    offered_from=INCUBATION_MOVES.into(IncubationStatus.MOVED_OUT),
)
CLOSE = Transition(
    name="close",
    label=_("Close"),
    service=services.incubation_close,
    target="incubation",
    form=CloseForm,
    offered_from=INCUBATION_MOVES.into(IncubationStatus.CLOSED),
)

INCUBATION_STEPS = (START, RECORD_MILESTONE, ADD_RESOURCE, GRADUATE, MOVE_OUT, CLOSE)
