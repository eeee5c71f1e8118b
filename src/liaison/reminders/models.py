"""What each person has been told, so that nothing is told twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import ReminderKind


class ReminderSent(models.Model):
    """One reminder sent to one person, about one record, for one reason.

    `trigger` is what made the record due (its expiry date, a milestone's due date, a need's
    version...): when that changes, the record is due again and the person is told again.
    The unique key also keeps two runs at once (cron and the job worker) from telling a
    person twice: the second run's insert waits for the first's transaction and fails.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reminders_sent",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=ReminderKind.choices)
    model = models.CharField(_("record type"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("record"))
    trigger = models.CharField(_("reason"), max_length=64)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "model", "object_id", "trigger"],
                name="reminder_sent_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.model} {self.object_id}"
