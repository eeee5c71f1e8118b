"""An agreement's lifecycle steps, declared once for its page and for the admin.

Each step names the agreement service that takes it, the form asking for its arguments and
the statuses it is offered from, read from the table of moves (`AGREEMENT_MOVES`); the labels
are the page's, so both places read alike.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.core.steps import Transition

from . import registration_services, services
from .choices import AGREEMENT_MOVES, REGISTRATION_MOVES, AgreementStatus, RegistrationStatus
from .forms import (
    ApplyForRegistrationForm,
    EndForm,
    PutInForceForm,
    RegistrationDecisionForm,
    SignForm,
    TerminateForm,
)

SUBMIT_FOR_REVIEW = Transition(
    name="submit-for-review",
    label=_("Submit for review"),
    service=services.agreement_submit_for_review,
    target="agreement",
    offered_from=AGREEMENT_MOVES.into(AgreementStatus.UNDER_REVIEW),
)
SIGN = Transition(
    name="sign",
    label=_("Sign"),
    service=services.agreement_sign,
    target="agreement",
    form=SignForm,
    offered_from=AGREEMENT_MOVES.into(AgreementStatus.SIGNED),
)
PUT_IN_FORCE = Transition(
    name="put-in-force",
    label=_("Put in force"),
    service=services.agreement_put_in_force,
    target="agreement",
    form=PutInForceForm,
    offered_from=AGREEMENT_MOVES.into(AgreementStatus.IN_FORCE),
)
COMPLETE = Transition(
    name="complete",
    label=_("Complete"),
    service=services.agreement_complete,
    target="agreement",
    form=EndForm,
    offered_from=AGREEMENT_MOVES.into(AgreementStatus.COMPLETED),
)
EXPIRE = Transition(
    name="expire",
    label=_("Expire"),
    service=services.agreement_expire,
    target="agreement",
    form=EndForm,
    offered_from=AGREEMENT_MOVES.into(AgreementStatus.EXPIRED),
)
TERMINATE = Transition(
    name="terminate",
    label=_("Terminate"),
    service=services.agreement_terminate,
    target="agreement",
    form=TerminateForm,
    offered_from=AGREEMENT_MOVES.into(AgreementStatus.TERMINATED),
)

AGREEMENT_STEPS = (SUBMIT_FOR_REVIEW, SIGN, PUT_IN_FORCE, COMPLETE, EXPIRE, TERMINATE)

APPLY_FOR_REGISTRATION = Transition(
    name="apply",
    label=_("Apply for registration"),
    service=registration_services.registration_apply,
    target="registration",
    form=ApplyForRegistrationForm,
    offered_from=REGISTRATION_MOVES.into(RegistrationStatus.APPLIED),
)
RECORD_DECISION = Transition(
    name="record-decision",
    label=_("Record the registry's decision"),
    service=registration_services.registration_decide,
    target="registration",
    form=RegistrationDecisionForm,
    offered_from=REGISTRATION_MOVES.into(RegistrationStatus.REGISTERED)
    | REGISTRATION_MOVES.into(RegistrationStatus.NOT_REGISTERED),
)

REGISTRATION_STEPS = (APPLY_FOR_REGISTRATION, RECORD_DECISION)
