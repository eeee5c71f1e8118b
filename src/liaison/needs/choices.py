from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    TRIAGED = "triaged", _("Triaged")
    MATCHED = "matched", _("Matched")
    IN_PROGRESS = "in_progress", _("In progress")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Rejected")


OPEN_NEED_STATUSES = frozenset(
    {NeedStatus.SUBMITTED, NeedStatus.TRIAGED, NeedStatus.MATCHED, NeedStatus.IN_PROGRESS}
)


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
