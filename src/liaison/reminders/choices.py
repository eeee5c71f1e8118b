from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    """What a person is reminded of; each kind is a heading of the digest, in this order."""

    AGREEMENT_EXPIRING = "agreement_expiring", _("Agreements expiring soon")
    MILESTONE_OVERDUE = "milestone_overdue", _("Payment milestones overdue")
    MILESTONE_DUE = "milestone_due", _("Payment milestones due soon")
    NEED_UNTRIAGED = "need_untriaged", _("Needs waiting for triage")
    NEED_STALLED = "need_stalled", _("Needs in progress with no change")
    NEED_QUESTION = "need_question", _("Questions of the office waiting for your answer")
    APPOINTMENT_ENDING = "appointment_ending", _("Appointments whose term ends soon")
    PATENT_DEADLINE = "patent_deadline", _("Patent fees and deadlines coming due")
