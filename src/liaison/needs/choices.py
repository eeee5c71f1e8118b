from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.moves import Moves


class NeedStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    TRIAGED = "triaged", _("Triaged")
    MATCHED = "matched", _("Matched")
    IN_PROGRESS = "in_progress", _("In progress")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Rejected")


# Not yet ended: a need here may still be closed, withdrawn or rejected.
_OPEN = (NeedStatus.SUBMITTED, NeedStatus.TRIAGED, NeedStatus.MATCHED, NeedStatus.IN_PROGRESS)

# submitted → triaged → matched → in progress → solved | closed | withdrawn | rejected.
# Matched may be reached again: proposing candidates anew keeps a matched need matched.
NEED_MOVES = Moves(
    {
        NeedStatus.TRIAGED: {NeedStatus.SUBMITTED},
        NeedStatus.MATCHED: {NeedStatus.TRIAGED, NeedStatus.MATCHED},
        NeedStatus.IN_PROGRESS: {NeedStatus.TRIAGED, NeedStatus.MATCHED},
        NeedStatus.SOLVED: {NeedStatus.TRIAGED, NeedStatus.MATCHED, NeedStatus.IN_PROGRESS},
        NeedStatus.CLOSED: _OPEN,
        NeedStatus.WITHDRAWN: _OPEN,
        NeedStatus.REJECTED: _OPEN,
    }
)
# The status sets pages, tables, the admin and the matching pages need, read from the table.
OPEN_NEED_STATUSES = NEED_MOVES.into(NeedStatus.CLOSED)
# A need takes candidates (found, proposed or added one at a time) while it may become
# matched; adding one to a triaged need matches it.
CANDIDATE_STATUSES = NEED_MOVES.into(NeedStatus.MATCHED)


class Domain(models.TextChoices):
    BIOMATERIALS = "biomaterials", _("Biomaterials")
    MEDICAL_ENGINEERING = "medical_engineering", _("Medical engineering")
    LIFE_HEALTH = "life_health", _("Life and health")
    FOOD = "food", _("Food")
    MATERIALS = "materials", _("Materials")
    OTHER = "other", _("Other")


class CandidateKind(models.TextChoices):
    EXPERT = "expert", _("Expert")
    CENTER = "center", _("Center")
    ACHIEVEMENT = "achievement", _("Achievement")


class Decision(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ServiceKind(models.TextChoices):
    TESTING = "testing", _("Testing and analysis")
    CONSULTING = "consulting", _("Consulting")
    JOINT_RD = "joint_rd", _("Joint R&D")
    TRAINING = "training", _("Training")
    EQUIPMENT = "equipment", _("Equipment sharing")
