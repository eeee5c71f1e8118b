"""Joint talent training: students and postdocs trained under an agreement, and who supervises them."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from liaison.achievements.models import Achievement
from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.core.models import TrackedModel
from liaison.needs.models import ServiceRecord
from liaison.people.models import Person

from .choices import SupervisionSide, TraineeLevel, TraineeStatus


class Trainee(TrackedModel):
    """A student or postdoc trained jointly under an agreement with a university or enterprise."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="trainings"
    )
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="trainees"
    )
    level = models.CharField(_("level"), max_length=16, choices=TraineeLevel.choices)
    center = models.ForeignKey(
        Center,
        verbose_name=_("center"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainees",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The day of graduation or withdrawal, recorded by that step."),
    )
    title = models.CharField(_("thesis or project title"), max_length=400, blank=True)
    # Kept by the graduate and withdraw services, dated by `ends_on`.
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TraineeStatus.choices,
        default=TraineeStatus.IN_TRAINING,
        editable=False,
        db_index=True,
    )
    achievements = models.ManyToManyField(
        Achievement,
        verbose_name=_("achievements contributed to"),
        related_name="trainees",
        blank=True,
    )
    services = models.ManyToManyField(
        ServiceRecord,
        verbose_name=_("services contributed to"),
        related_name="trainees",
        blank=True,
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="trainee_ends_after_start",
                violation_error_message=_("A training cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_level_display()}"


class Supervision(TrackedModel):
    """A supervisor of a trainee, at the institute's side or at the partner's."""

    trainee = models.ForeignKey(
        Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="supervisions"
    )
    supervisor = models.ForeignKey(
        Person,
        verbose_name=_("supervisor"),
        on_delete=models.PROTECT,
        related_name="supervisions",
    )
    side = models.CharField(_("side"), max_length=16, choices=SupervisionSide.choices)

    class Meta:
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")
        ordering = ["trainee", "side", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "supervisor"],
                name="supervision_once_per_trainee",
                violation_error_message=_("This person already supervises this trainee."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} ({self.get_side_display()})"
