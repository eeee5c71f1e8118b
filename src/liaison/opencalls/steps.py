"""The lifecycle steps of calls and applications, declared once for their pages and the admin.

Each names its service and the statuses it is offered from, read from the tables of moves.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.core.steps import Transition

from . import services
from .choices import (
    APPLICATION_MOVES,
    CALL_MOVES,
    PENDING_APPLICATION_STATUSES,
    ApplicationStatus,
    CallStatus,
)
from .forms import (
    CancelForm,
    CloseForm,
    DecideForm,
    PublishForm,
    RecordConsentForm,
    ReviewStepForm,
    WithdrawForm,
)

RECORD_CONSENT = Transition(
    name="record-consent",
    label=_("Record the enterprise's consent"),
    service=services.call_record_consent,
    target="opencall",
    form=RecordConsentForm,
    offered_from=CALL_MOVES.into(CallStatus.PUBLISHED),
    offered_when=lambda call: call.consented_on is None,
)
PUBLISH = Transition(
    name="publish",
    label=_("Publish"),
    service=services.call_publish,
    target="opencall",
    form=PublishForm,
    offered_from=CALL_MOVES.into(CallStatus.PUBLISHED),
    offered_when=lambda call: call.consented_on is not None,
)
CLOSE = Transition(
    name="close",
    label=_("Close to applications"),
    service=services.call_close,
    target="opencall",
    form=CloseForm,
    offered_from=CALL_MOVES.into(CallStatus.CLOSED),
)
CANCEL = Transition(
    name="cancel",
    label=_("Cancel the call"),
    service=services.call_cancel,
    target="opencall",
    form=CancelForm,
    offered_from=CALL_MOVES.into(CallStatus.CANCELLED),
)
CALL_STEPS = (RECORD_CONSENT, PUBLISH, CLOSE, CANCEL)

REVIEW = Transition(
    name="review",
    label=_("Review"),
    service=services.review_create,
    target="application",
    form=ReviewStepForm,
    offered_from=PENDING_APPLICATION_STATUSES,
)
SHORTLIST = Transition(
    name="shortlist",
    label=_("Shortlist"),
    service=services.application_shortlist,
    target="callapplication",
    form=DecideForm,
    offered_from=APPLICATION_MOVES.into(ApplicationStatus.SHORTLISTED),
)
SELECT = Transition(
    name="select",
    label=_("Select this team"),
    service=services.application_select,
    target="callapplication",
    form=DecideForm,
    offered_from=APPLICATION_MOVES.into(ApplicationStatus.SELECTED),
)
DECLINE = Transition(
    name="decline",
    label=_("Do not select"),
    service=services.application_decline,
    target="callapplication",
    form=DecideForm,
    offered_from=APPLICATION_MOVES.into(ApplicationStatus.NOT_SELECTED),
)
WITHDRAW = Transition(
    name="withdraw",
    label=_("Withdraw"),
    service=services.application_withdraw,
    target="callapplication",
    form=WithdrawForm,
    offered_from=APPLICATION_MOVES.into(ApplicationStatus.WITHDRAWN),
)
# The office's: the applicant is offered only the withdrawal (and the enterprise its review).
OFFICE_STEPS = (SHORTLIST, SELECT, DECLINE)
APPLICATION_STEPS = (REVIEW, SHORTLIST, SELECT, DECLINE, WITHDRAW)
