from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.achievements.models import Achievement
from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.core.models import TrackedModel
from liaison.core.money import amount_field, currency_field
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import IncubationStatus, MilestoneKind, Origin, ResourceKind

PERCENT = (MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100)))


class Incubation(TrackedModel):
    """A company's stay at one of the institute's incubation centers, from admission to exit."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="incubations",
    )
    center = models.ForeignKey(
        Center,
        verbose_name=_("incubation center"),
        on_delete=models.PROTECT,
        related_name="incubations",
    )
    origin = models.CharField(_("origin"), max_length=32, choices=Origin.choices)
    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("founding achievement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incubations",
        help_text=_("The achievement a spin-off was founded on."),
    )
    founders = models.ManyToManyField(
        Person,
        verbose_name=_("founders"),
        related_name="founded_incubations",
        blank=True,
        help_text=_("The institute's researchers who founded the company."),
    )
    achievements = models.ManyToManyField(
        Achievement,
        verbose_name=_("achievements licensed or contributed"),
        related_name="incubated_companies",
        blank=True,
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("incubation agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incubations",
    )
    admitted_on = models.DateField(_("admitted on"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=IncubationStatus.choices,
        default=IncubationStatus.ADMITTED,
        editable=False,
        db_index=True,
    )
    # Kept by the lifecycle services, each step dated.
    incubating_since = models.DateField(
        _("incubating since"), null=True, blank=True, editable=False
    )
    exited_on = models.DateField(_("exited on"), null=True, blank=True, editable=False)
    exit_note = models.TextField(_("exit note"), blank=True, editable=False)
    institute_shareholding = models.DecimalField(
        _("institute's shareholding (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    space = models.CharField(
        _("space"), max_length=200, blank=True, help_text=_("Building and rooms it occupies.")
    )
    area_m2 = models.DecimalField(
        _("area (m²)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("incubated company")
        verbose_name_plural = _("incubated companies")
        ordering = ["-admitted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(institute_shareholding__isnull=True)
                | models.Q(institute_shareholding__gte=0, institute_shareholding__lte=100),
                name="incubation_shareholding_percent",
                violation_error_message=_("A shareholding runs from 0 to 100 percent."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.center}"


class IncubationMilestone(TrackedModel):
    """A dated step an incubated company reached: a product, a first customer, revenue…"""

    incubation = models.ForeignKey(
        Incubation,
        verbose_name=_("incubated company"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=MilestoneKind.choices)
    reached_on = models.DateField(_("reached on"))
    evidence = models.TextField(_("evidence"), blank=True)
    amount = amount_field(null=True, blank=True)
    currency = currency_field()

    class Meta:
        verbose_name = _("incubation milestone")
        verbose_name_plural = _("incubation milestones")
        ordering = ["incubation", "reached_on", "id"]

    def __str__(self) -> str:
        return f"{self.reached_on:%Y-%m-%d} {self.get_kind_display()}"


class IncubationResource(TrackedModel):
    """Space or a service an incubated company uses at the incubator, from when to when."""

    incubation = models.ForeignKey(
        Incubation,
        verbose_name=_("incubated company"),
        on_delete=models.CASCADE,
        related_name="resources",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=ResourceKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    area_m2 = models.DecimalField(
        _("area (m²)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    fee = amount_field(_("fee"), null=True, blank=True)
    currency = currency_field()
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("incubation resource")
        verbose_name_plural = _("incubation resources")
        ordering = ["incubation", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="incubation_resource_ends_after_start",
                violation_error_message=_("A resource cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.starts_on:%Y-%m-%d})"
