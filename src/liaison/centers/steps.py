"""A center's steps (partners, committees, appointments) and an appointment's lifecycle step,
declared once for their pages and for the admin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.core.steps import Transition

from . import services
from .choices import APPOINTMENT_MOVES, TermState
from .forms import AddPartnerForm, AppointForm, CommitteeCreateForm, EndTermForm

END_TERM = Transition(
    name="end-term",
    label=_("End the term"),
    service=services.appointment_end,
    target="appointment",
    form=EndTermForm,
    offered_when=lambda appointment: APPOINTMENT_MOVES.offers(appointment, TermState.ENDED),
)

APPOINTMENT_STEPS = (END_TERM,)

CENTER_STEPS = (
    Transition(
        name="add-partner",
        label=_("Add a partner"),
        service=services.center_add_partner,
        target="center",
        form=AddPartnerForm,
    ),
    Transition(
        name="set-up-committee",
        label=_("Set up a committee"),
        service=services.committee_create,
        target="center",
        form=CommitteeCreateForm,
    ),
    Transition(
        name="appoint",
        label=_("Appoint a person"),
        service=services.appointment_make,
        target="center",
        form=AppointForm,
    ),
)
