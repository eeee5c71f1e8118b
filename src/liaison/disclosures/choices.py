from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.moves import Moves


class DisclosureStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
    DECIDED = "decided", _("Decided")
    ACCEPTED = "accepted", _("Accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DisclosureDecision(models.TextChoices):
    FILE_PATENT = "file_patent", _("File a patent")
    KNOW_HOW = "know_how", _("Keep as know-how")
    RELEASE = "release", _("Release to the inventors")
    NO_ACTION = "no_action", _("No action")


# The decisions by which the institute keeps the invention as its own achievement: a patent
# is filed for it or it is kept as know-how. One released to the inventors, or left alone,
# is not accepted: the institute takes nothing on.
KEPT_DECISIONS = frozenset({DisclosureDecision.FILE_PATENT, DisclosureDecision.KNOW_HOW})


# The allowed moves of a disclosure's status: for each status, those it is reached from.
# submitted → acknowledged → under evaluation → decided → accepted (it became an achievement);
# the researcher may withdraw it until the office has decided.
DISCLOSURE_MOVES = Moves(
    {
        DisclosureStatus.ACKNOWLEDGED: {DisclosureStatus.SUBMITTED},
        DisclosureStatus.UNDER_EVALUATION: {DisclosureStatus.ACKNOWLEDGED},
        DisclosureStatus.DECIDED: {DisclosureStatus.UNDER_EVALUATION},
        DisclosureStatus.ACCEPTED: {DisclosureStatus.DECIDED},
        DisclosureStatus.WITHDRAWN: {
            DisclosureStatus.SUBMITTED,
            DisclosureStatus.ACKNOWLEDGED,
            DisclosureStatus.UNDER_EVALUATION,
        },
    }
)
# Read from the table: open is where withdrawing is still possible (nothing decided yet);
# the office takes the disclosure on once it is acknowledged; ended is where no move leads on.
UNDECIDED_STATUSES = DISCLOSURE_MOVES.into(DisclosureStatus.WITHDRAWN)
ENDED_STATUSES = DISCLOSURE_MOVES.final(DisclosureStatus)


class DisclosureEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ASSIGNED = "assigned", _("Assigned")
    EVALUATION_STARTED = "evaluation_started", _("Evaluation started")
    DECIDED = "decided", _("Decided")
    ACCEPTED = "accepted", _("Accepted as an achievement")
    WITHDRAWN = "withdrawn", _("Withdrawn")
