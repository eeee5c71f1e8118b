from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.achievements.models import Achievement
from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.core.choices import Confidentiality
from liaison.core.lifecycle import FieldErrors
from liaison.core.models import TrackedModel
from liaison.core.money import amount_field, currency_field
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import CandidateKind, Decision, Domain, NeedStatus, ServiceKind


def _check_not_negative(errors: FieldErrors, field: str, value: Decimal | None) -> None:
    if value is not None and value < 0:
        errors.add(field, _("An amount cannot be negative."), code="negative_amount")


def _check_domains(errors: FieldErrors, domains: Any) -> None:
    if not isinstance(domains, list | tuple):
        errors.add("domains", _("Domains are given as a list."), code="domains_not_list")
        return
    unknown = sorted({str(d) for d in domains if d not in Domain.values})
    if unknown:
        errors.add(
            "domains",
            _("Unknown domains: %(domains)s."),
            code="unknown_domain",
            params={"domains": ", ".join(unknown)},
        )


class TechnicalNeed(TrackedModel):
    """An enterprise's technical problem, from submission to solution."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="technical_needs",
    )
    contact = models.ForeignKey(
        Person,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="technical_needs",
    )
    domains = models.JSONField(_("domains"), default=list, blank=True)
    budget = amount_field(_("budget"), null=True, blank=True)
    currency = currency_field()
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=16,
        choices=Confidentiality.choices,
        default=Confidentiality.INTERNAL,
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=NeedStatus.choices,
        default=NeedStatus.SUBMITTED,
        editable=False,
        db_index=True,
    )
    submitted_on = models.DateField(_("submitted on"), db_index=True)
    triaged_on = models.DateField(_("triaged on"), null=True, blank=True, editable=False)
    solved_on = models.DateField(
        _("solved on"), null=True, blank=True, editable=False, db_index=True
    )
    ended_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    assigned_center = models.ForeignKey(
        Center,
        verbose_name=_("assigned center"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="technical_needs",
    )
    # The office's staff who handle the need: the only staff who see it when it is secret.
    assigned_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned staff"),
        blank=True,
        related_name="assigned_needs",
    )
    team_visible = models.BooleanField(
        _("enterprise sees who works on it"),
        default=False,
        help_text=_("Show the submitting enterprise the experts and center working on the need."),
    )
    solution_summary = models.TextField(_("solution summary"), blank=True, editable=False)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (poor) to 5 (excellent), as the enterprise rated the solution"),
    )
    close_reason = models.TextField(_("reason"), blank=True, editable=False)

    class Meta:
        verbose_name = _("technical need")
        verbose_name_plural = _("technical needs")
        ordering = ["-submitted_on", "-id"]
        indexes = [
            # The dashboard's "waiting for triage" (submitted before a date, oldest first)
            # otherwise reads every need; it is one status among many in 15,000 needs.
            models.Index(fields=["status", "submitted_on"], name="need_status_submitted_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=NeedStatus.SOLVED)
                | (Q(solved_on__isnull=False) & ~Q(solution_summary="")),
                name="need_solved_has_solution",
                violation_error_message=_("A need cannot be solved without a solution summary."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors = FieldErrors()
        if (
            self.deadline is not None
            and self.submitted_on is not None
            and self.deadline < self.submitted_on
        ):
            errors.add(
                "deadline",
                _("The deadline cannot be before the need was submitted (%(submitted_on)s)."),
                code="deadline_before_submitted",
                params={"submitted_on": self.submitted_on.isoformat()},
            )
        _check_domains(errors, self.domains)
        _check_not_negative(errors, "budget", self.budget)
        errors.raise_any()


class MatchCandidate(TrackedModel):
    """An expert, center or achievement proposed for a need, with the staff's decision."""

    need = models.ForeignKey(
        TechnicalNeed,
        verbose_name=_("technical need"),
        on_delete=models.CASCADE,
        related_name="candidates",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CandidateKind.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    center = models.ForeignKey(
        Center,
        verbose_name=_("center"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("achievement"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    score = models.FloatField(_("score"), default=0.0)
    rank = models.PositiveIntegerField(_("rank"), default=0)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    # Set only by the Accept and Reject steps (need_decide_candidate), never by an edit.
    decision = models.CharField(
        _("decision"),
        max_length=16,
        choices=Decision.choices,
        default=Decision.PENDING,
        editable=False,
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

    class Meta:
        verbose_name = _("match candidate")
        verbose_name_plural = _("match candidates")
        ordering = ["need", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=CandidateKind.EXPERT)
                    & Q(person__isnull=False)
                    & Q(center__isnull=True)
                    & Q(achievement__isnull=True)
                )
                | (
                    Q(kind=CandidateKind.CENTER)
                    & Q(center__isnull=False)
                    & Q(person__isnull=True)
                    & Q(achievement__isnull=True)
                )
                | (
                    Q(kind=CandidateKind.ACHIEVEMENT)
                    & Q(achievement__isnull=False)
                    & Q(person__isnull=True)
                    & Q(center__isnull=True)
                ),
                name="candidate_names_one_target_of_its_kind",
                violation_error_message=_(
                    "A candidate names exactly one expert, center or achievement, as its kind says."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.need} → {self.person or self.center or self.achievement}"


class ServiceRecord(TrackedModel):
    """A technical service delivered to an organization."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("served organization"),
        on_delete=models.PROTECT,
        related_name="services_received",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ServiceKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    delivered_on = models.DateField(_("delivered on"), db_index=True)
    need = models.ForeignKey(
        TechnicalNeed,
        verbose_name=_("technical need"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
    )
    center = models.ForeignKey(
        Center,
        verbose_name=_("center"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
    )
    provided_by = models.ForeignKey(
        Person,
        verbose_name=_("provided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services_provided",
    )
    revenue = amount_field(_("revenue"), null=True, blank=True)
    currency = currency_field()

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-delivered_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors = FieldErrors()
        need = self.need if self.need_id is not None else None
        if need is not None and need.organization_id != self.organization_id:
            errors.add(
                "need",
                _("This need was submitted by %(submitter)s, not by the organization served."),
                code="need_of_other_organization",
                params={"submitter": str(need.organization)},
            )
        _check_not_negative(errors, "revenue", self.revenue)
        errors.raise_any()


def need_attachment_path(instance: NeedAttachment, filename: str) -> str:
    # The stored name is the service's own (a random one with the checked extension); the
    # name it was uploaded as is kept in `name`, for display only.
    return f"needs/{instance.need_id}/{filename}"


class NeedAttachment(TrackedModel):
    """A file the enterprise or the office attached to a need, checked by its content."""

    need = models.ForeignKey(
        TechnicalNeed,
        verbose_name=_("technical need"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=need_attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("size"), editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name


class NeedMessage(TrackedModel):
    """A question of the office on a need, or the enterprise's answer, in order."""

    need = models.ForeignKey(
        TechnicalNeed,
        verbose_name=_("technical need"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    from_enterprise = models.BooleanField(_("from the enterprise"), default=False, editable=False)
    body = models.TextField(_("message"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]
