"""An agreement's lifecycle steps, declared once for its page and for the admin.

Each step names the agreement service that takes it, the form asking for its arguments and
the statuses it is offered from; the labels are the page's, so both places read alike.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.core.steps import Transition

from . import services
from .choices import UNSIGNED_STATUSES, AgreementStatus
from .forms import EndForm, PutInForceForm, SignForm, TerminateForm

SIGNED_OR_IN_FORCE = (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE)

SUBMIT_FOR_REVIEW = Transition(
    name="submit-for-review",
    label=_("Submit for review"),
    service=services.agreement_submit_for_review,
    target="agreement",
    offered_from=(AgreementStatus.DRAFT,),
)
SIGN = Transition(
    name="sign",
    label=_("Sign"),
    service=services.agreement_sign,
    target="agreement",
    form=SignForm,
    offered_from=UNSIGNED_STATUSES,
)
PUT_IN_FORCE = Transition(
    name="put-in-force",
    label=_("Put in force"),
    service=services.agreement_put_in_force,
    target="agreement",
    form=PutInForceForm,
    offered_from=(AgreementStatus.SIGNED,),
)
COMPLETE = Transition(
    name="complete",
    label=_("Complete"),
    service=services.agreement_complete,
    target="agreement",
    form=EndForm,
    offered_from=(AgreementStatus.IN_FORCE,),
)
EXPIRE = Transition(
    name="expire",
    label=_("Expire"),
    service=services.agreement_expire,
    target="agreement",
    form=EndForm,
    offered_from=SIGNED_OR_IN_FORCE,
)
TERMINATE = Transition(
    name="terminate",
    label=_("Terminate"),
    service=services.agreement_terminate,
    target="agreement",
    form=TerminateForm,
    offered_from=SIGNED_OR_IN_FORCE,
)

AGREEMENT_STEPS = (SUBMIT_FOR_REVIEW, SIGN, PUT_IN_FORCE, COMPLETE, EXPIRE, TERMINATE)
