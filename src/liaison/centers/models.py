from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from liaison.agreements.models import Agreement, SigningEvent
from liaison.core.models import TrackedModel, in_language
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import COMMITTEE_ROLES, AppointmentRole, CenterKind, CenterStatus, CommitteeKind


class Center(TrackedModel):
    """A joint R&D, research, medical or incubation center, a base or a laboratory."""

    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=CenterKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=CenterStatus.choices, default=CenterStatus.ACTIVE
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent center"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    founding_agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("founding agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="founded_centers",
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    established_at = models.ForeignKey(
        SigningEvent,
        verbose_name=_("established or unveiled at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="centers",
    )
    focus_areas = models.JSONField(_("focus areas"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    partners: models.ManyToManyField[Organization, CenterPartner] = models.ManyToManyField(
        Organization, through="CenterPartner", related_name="centers", verbose_name=_("partners")
    )

    class Meta:
        verbose_name = _("center")
        verbose_name_plural = _("centers")
        ordering = ["name_zh"]

    def __str__(self) -> str:
        return in_language(self.name_zh, self.name_en)


class CenterPartner(TrackedModel):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="partnerships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="center_partnerships",
    )
    role = models.CharField(_("role"), max_length=100, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        verbose_name = _("center partner")
        verbose_name_plural = _("center partners")
        constraints = [
            models.UniqueConstraint(
                fields=["center", "organization"],
                name="center_partner_once",
                violation_error_message=_("This organization is already a partner of the center."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.center} · {self.organization}"


class Committee(TrackedModel):
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="committees"
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=CommitteeKind.choices, default=CommitteeKind.ACADEMIC
    )
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self) -> str:
        return in_language(self.name_zh, self.name_en)


class Appointment(TrackedModel):
    """A person in a role of a center or of one of its committees, for a term."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="appointments"
    )
    center = models.ForeignKey(
        Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="appointments"
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="appointments",
    )
    role = models.CharField(_("role"), max_length=32, choices=AppointmentRole.choices)
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"), null=True, blank=True)
    announced_at = models.ForeignKey(
        SigningEvent,
        verbose_name=_("announced at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
    )

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["center", "role", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="appointment_term_ends_after_start",
                violation_error_message=_("An appointment's term cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.center}"

    def clean(self) -> None:
        super().clean()
        committee = self.committee
        if (
            committee is not None
            and self.center_id is not None
            and committee.center_id != self.center_id
        ):
            message, code = (
                _("The committee “%(committee)s” belongs to another center, not to “%(center)s”."),
                "committee_of_other_center",
            )
        elif self.role in COMMITTEE_ROLES and committee is None:
            message, code = (
                _("A committee chair, vice-chair or member needs the committee they sit on."),
                "committee_required",
            )
        elif self.role not in COMMITTEE_ROLES and committee is not None:
            message, code = (
                _("Only committee chairs, vice-chairs and members are appointed to a committee."),
                "committee_not_for_role",
            )
        else:
            return
        params = {"committee": str(committee), "center": str(self.center)}
        raise ValidationError({"committee": ValidationError(message, code=code, params=params)})
