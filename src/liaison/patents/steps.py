"""A patent's lifecycle steps and an office action's answer, declared once for their pages and
the admin. Which moves are legal is the table of moves' (`PATENT_MOVES`) and the services'."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.core.lifecycle import today
from liaison.core.steps import Transition

from . import services
from .choices import LIVE_STATUSES, PATENT_MOVES, Jurisdiction, PatentKind, PatentStatus
from .forms import (
    EndForm,
    ExaminationRequestForm,
    GrantForm,
    PublicationForm,
    RecordOfficeActionForm,
    RespondForm,
)
from .models import OfficeAction, Patent


def _examination_open(patent: Patent) -> bool:
    return (
        patent.jurisdiction == Jurisdiction.CN
        and patent.kind == PatentKind.INVENTION
        and patent.examination_requested_on is None
    )


def _term_ended(patent: Patent) -> bool:
    return patent.expires_on is not None and today() > patent.expires_on


RECORD_PUBLICATION = Transition(
    name="record-publication",
    label=_("Record the publication"),
    service=services.patent_record_publication,
    target="patent",
    form=PublicationForm,
    offered_from={PatentStatus.PENDING},
    offered_when=lambda patent: patent.published_on is None,
)
REQUEST_EXAMINATION = Transition(
    name="request-examination",
    label=_("Record the examination request"),
    service=services.patent_request_examination,
    target="patent",
    form=ExaminationRequestForm,
    offered_from={PatentStatus.PENDING},
    offered_when=_examination_open,
)
GRANT = Transition(
    name="grant",
    label=_("Record the grant"),
    service=services.patent_grant,
    target="patent",
    form=GrantForm,
    offered_from=PATENT_MOVES.into(PatentStatus.GRANTED),
)
RECORD_OFFICE_ACTION = Transition(
    name="record-office-action",
    label=_("Record an office action"),
    service=services.patent_record_office_action,
    target="patent",
    form=RecordOfficeActionForm,
    offered_from=LIVE_STATUSES,
)
WITHDRAW = Transition(
    name="withdraw",
    label=_("Withdraw"),
    service=services.patent_withdraw,
    target="patent",
    form=EndForm,
    offered_from=PATENT_MOVES.into(PatentStatus.WITHDRAWN),
)
ABANDON = Transition(
    name="abandon",
    label=_("Abandon"),
    service=services.patent_abandon,
    target="patent",
    form=EndForm,
    offered_from=PATENT_MOVES.into(PatentStatus.ABANDONED),
)
# Offered on every granted patent: the service says whether a fee was left unpaid past its
# window (the docket's rule), as `liaison docket` does each hour for all of them.
LAPSE = Transition(
    name="lapse",
    label=_("Record the lapse"),
    service=services.patent_lapse,
    target="patent",
    offered_from=PATENT_MOVES.into(PatentStatus.LAPSED),
)
EXPIRE = Transition(
    name="expire",
    label=_("Record the end of its term"),
    service=services.patent_expire,
    target="patent",
    offered_from=PATENT_MOVES.into(PatentStatus.EXPIRED),
    offered_when=_term_ended,
)

PATENT_STEPS = (
    RECORD_PUBLICATION,
    REQUEST_EXAMINATION,
    GRANT,
    RECORD_OFFICE_ACTION,
    WITHDRAW,
    ABANDON,
    LAPSE,
    EXPIRE,
)


def _unanswered(action: OfficeAction) -> bool:
    return action.responded_on is None


RESPOND = Transition(
    name="respond",
    label=_("Record the answer"),
    service=services.office_action_respond,
    target="office_action",
    form=RespondForm,
    offered_when=_unanswered,
)

OFFICE_ACTION_STEPS = (RESPOND,)
