from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.centers.models import Center
from liaison.core.models import TrackedModel, in_language
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import STAGE_ORDER, AchievementKind, Stage, TransferMode


class Achievement(TrackedModel):
    """A research result on its way to clinic and market: patent, drug, device, material…"""

    title_zh = models.CharField(_("Chinese title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=400, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=AchievementKind.choices)
    description = models.TextField(_("description"), blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    center = models.ForeignKey(
        Center,
        verbose_name=_("center"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="achievements",
    )
    owners = models.ManyToManyField(
        Organization, verbose_name=_("owners"), related_name="owned_achievements", blank=True
    )
    inventors = models.ManyToManyField(
        Person, verbose_name=_("inventors"), related_name="achievements", blank=True
    )
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        default=1,
        help_text=_("1 (basic principles observed) to 9 (proven in operation)"),
    )
    # The current stage and since when: kept by the stage services from the dated history.
    stage = models.CharField(
        _("stage"),
        max_length=16,
        choices=Stage.choices,
        default=Stage.RESEARCH,
        editable=False,
        db_index=True,
    )
    stage_since = models.DateField(_("stage since"), null=True, blank=True, editable=False)
    transfer_mode = models.CharField(
        _("transfer mode"), max_length=32, choices=TransferMode.choices, blank=True
    )
    patent_number = models.CharField(_("patent or registration number"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trl__gte=1, trl__lte=9),
                name="achievement_trl_1_to_9",
                violation_error_message=_("The technology readiness level runs from 1 to 9."),
            )
        ]

    def __str__(self) -> str:
        return in_language(self.title_zh, self.title_en)

    @property
    def next_stage(self) -> str:
        """The stage after the current one (the last stays the last): what is usually recorded."""
        return STAGE_ORDER[min(STAGE_ORDER.index(self.stage) + 1, len(STAGE_ORDER) - 1)]


class StageEntry(TrackedModel):
    """One dated step of an achievement's commercialization, with its evidence."""

    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("achievement"),
        on_delete=models.CASCADE,
        related_name="stage_history",
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    reached_on = models.DateField(_("reached on"))
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("stage entry")
        verbose_name_plural = _("stage history")
        ordering = ["achievement", "reached_on", "id"]

    def __str__(self) -> str:
        return f"{self.reached_on:%Y-%m-%d} {self.get_stage_display()}"
