"""Industry chains of the region, their segments from upstream to downstream, and the records
placed on each segment (the map's cells)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.achievements.models import Achievement
from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.core.models import TrackedModel, in_language
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import PLACED_FIELDS, PlacedKind, PlacementSource, PlacementStatus, Position


class IndustryChain(TrackedModel):
    """A regional industry chain (生命健康, 新材料…), maintained by the office."""

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("A short code the import files name it by, e.g. BIOMAT."),
    )
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("industry chain")
        verbose_name_plural = _("industry chains")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return in_language(self.name_zh, self.name_en)


class ChainSegment(TrackedModel):
    """One link of a chain (raw materials, processing, products, use), with the text the
    matching engine suggests placements from."""

    chain = models.ForeignKey(
        IndustryChain,
        verbose_name=_("industry chain"),
        on_delete=models.PROTECT,
        related_name="segments",
    )
    code = models.CharField(
        _("code"),
        max_length=32,
        help_text=_("Unique within its chain; import files name the segment by it."),
    )
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=16, choices=Position.choices)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Its place within the chain, upstream first.")
    )
    description = models.TextField(_("description"), blank=True)
    keywords = models.JSONField(
        _("keywords"),
        default=list,
        blank=True,
        help_text=_("Words the matching engine suggests records for this segment from."),
    )

    class Meta:
        verbose_name = _("chain segment")
        verbose_name_plural = _("chain segments")
        ordering = ["chain", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "code"],
                name="chain_segment_code_unique",
                violation_error_message=_("Another segment of this chain has this code."),
            )
        ]

    def __str__(self) -> str:
        return in_language(self.name_zh, self.name_en)


def _one_record() -> Q:
    """Exactly one of the placement's record fields is filled."""
    alternatives = []
    for name in PLACED_FIELDS:
        filled = Q(**{f"{name}__isnull": False})
        for other in PLACED_FIELDS:
            if other != name:
                filled &= Q(**{f"{other}__isnull": True})
        alternatives.append(filled & Q(kind=name))
    condition = alternatives[0]
    for alternative in alternatives[1:]:
        condition |= alternative
    return condition


class SegmentPlacement(TrackedModel):
    """A record placed on a segment: by hand, by import, or suggested by matching and then
    accepted or rejected by a person."""

    segment = models.ForeignKey(
        ChainSegment,
        verbose_name=_("segment"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    # Which of the record fields is filled, kept by the services: what the map groups by.
    kind = models.CharField(
        _("record type"), max_length=16, choices=PlacedKind.choices, editable=False
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="chain_placements",
    )
    need = models.ForeignKey(
        TechnicalNeed,
        verbose_name=_("technical need"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="chain_placements",
    )
    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("achievement"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="chain_placements",
    )
    center = models.ForeignKey(
        Center,
        verbose_name=_("center"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="chain_placements",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="chain_placements",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="chain_placements",
    )
    source = models.CharField(
        _("source"),
        max_length=16,
        choices=PlacementSource.choices,
        default=PlacementSource.BY_HAND,
        editable=False,
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PlacementStatus.choices,
        default=PlacementStatus.ACCEPTED,
        editable=False,
    )
    score = models.FloatField(_("score"), null=True, blank=True, editable=False)
    explanation = models.JSONField(
        _("explanation"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Why matching suggested it: the words matched and the texts they came from."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("segment placement")
        verbose_name_plural = _("segment placements")
        ordering = ["segment", "kind", "-id"]
        indexes = [
            # The map counts accepted placements by segment and kind.
            models.Index(fields=["segment", "status", "kind"], name="chains_place_map"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_one_record(),
                name="segment_placement_one_record",
                violation_error_message=_("A placement puts exactly one record on a segment."),
            ),
            *(
                models.UniqueConstraint(
                    fields=["segment", name],
                    condition=Q(**{f"{name}__isnull": False}),
                    name=f"segment_placement_{name}_once",
                    violation_error_message=_("This record is already placed on this segment."),
                )
                for name in PLACED_FIELDS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.segment} · {self.record}"

    @property
    def record(self) -> models.Model | None:
        """The record placed (read without a query when it was selected with the placement)."""
        return getattr(self, self.kind, None) if self.kind else None
