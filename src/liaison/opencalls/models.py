"""Open calls (揭榜挂帅): an enterprise's need published with a reward, and the teams applying.

An `OpenCall` publishes one technical need, with the enterprise's consent, as a named problem
with a reward, an eligibility and a deadline. Teams — a researcher, a center, or an outside
organization, with its members — apply with a proposal (`CallApplication`, confidential to
its applicant, the enterprise and the office), documents (`CallAttachment`) and the reviews
of the enterprise and the office (`CallReview`); the selected team's work goes on as the
need's solution.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.centers.models import Center
from liaison.core.models import TrackedModel, in_language
from liaison.core.money import amount_field, currency_field
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import (
    LIVE_CALL_STATUSES,
    ApplicantKind,
    ApplicationStatus,
    CallStatus,
    ConsentMethod,
    Recommendation,
    ReviewSide,
)


class OpenCall(TrackedModel):
    """A technical need published as an open call with a reward, from its draft to its award."""

    need = models.ForeignKey(
        TechnicalNeed,
        verbose_name=_("technical need"),
        on_delete=models.PROTECT,
        related_name="open_calls",
    )
    title_zh = models.CharField(_("Chinese title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=400, blank=True)
    statement_zh = models.TextField(
        _("Chinese statement"),
        help_text=_("The problem as the call publishes it: what a solution must achieve."),
    )
    statement_en = models.TextField(_("English statement"), blank=True)
    reward = amount_field(_("reward"), null=True, blank=True)
    currency = currency_field()
    reward_for = models.TextField(
        _("the reward is for"),
        blank=True,
        help_text=_("What the reward pays: a working prototype, a validated process, a licence…"),
    )
    eligibility = models.TextField(
        _("eligibility"), blank=True, help_text=_("Who may apply, and what a team must show.")
    )
    deadline = models.DateField(_("deadline for applications"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CallStatus.choices,
        default=CallStatus.DRAFT,
        editable=False,
        db_index=True,
    )
    # The enterprise's consent to publishing its need: given on the portal by its user, or
    # recorded by the office with who gave it, when and how.
    consented_on = models.DateField(_("consent given on"), null=True, blank=True, editable=False)
    consent_method = models.CharField(
        _("consent given"),
        max_length=16,
        choices=ConsentMethod.choices,
        blank=True,
        editable=False,
    )
    consent_given_by = models.CharField(
        _("consent given by"), max_length=200, blank=True, editable=False
    )
    consent_evidence = models.TextField(_("evidence of consent"), blank=True, editable=False)
    consent_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    published_on = models.DateField(
        _("published on"), null=True, blank=True, editable=False, db_index=True
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True, editable=False)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True, editable=False)

    class Meta:
        verbose_name = _("open call")
        verbose_name_plural = _("open calls")
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["need"],
                condition=Q(status__in=sorted(LIVE_CALL_STATUSES)),
                name="opencall_one_live_call_per_need",
                violation_error_message=_(
                    "This need is already published by a live open call: one call per need."
                ),
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(consented_on__isnull=False),
                name="opencall_published_with_consent",
                violation_error_message=_(
                    "A call is published only with the enterprise's consent."
                ),
            ),
            models.CheckConstraint(
                condition=Q(reward__isnull=True) | Q(reward__gte=0),
                name="opencall_reward_not_negative",
                violation_error_message=_("A reward cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return in_language(self.title_zh, self.title_en)


class CallApplication(TrackedModel):
    """A team's application to an open call: who applies, with whom, what and for how much."""

    call = models.ForeignKey(
        OpenCall,
        verbose_name=_("open call"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    applicant_kind = models.CharField(
        _("the team is"), max_length=16, choices=ApplicantKind.choices
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("researcher"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="call_applications",
    )
    center = models.ForeignKey(
        Center,
        verbose_name=_("center"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="call_applications",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="call_applications",
    )
    members = models.ManyToManyField(
        Person,
        verbose_name=_("team members"),
        blank=True,
        related_name="call_memberships",
    )
    proposal = models.TextField(
        _("proposal"), help_text=_("How the team will solve the problem, and what it has done.")
    )
    budget = amount_field(_("budget"), null=True, blank=True)
    currency = currency_field()
    duration_months = models.PositiveSmallIntegerField(
        _("planned duration (months)"),
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        editable=False,
        db_index=True,
    )
    submitted_on = models.DateField(_("submitted on"), editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    decision_note = models.TextField(_("decision note"), blank=True, editable=False)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("call application")
        verbose_name_plural = _("call applications")
        ordering = ["call", "-submitted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(applicant_kind=ApplicantKind.PERSON)
                    & Q(person__isnull=False)
                    & Q(center__isnull=True)
                    & Q(organization__isnull=True)
                )
                | (
                    Q(applicant_kind=ApplicantKind.CENTER)
                    & Q(center__isnull=False)
                    & Q(person__isnull=True)
                    & Q(organization__isnull=True)
                )
                | (
                    Q(applicant_kind=ApplicantKind.ORGANIZATION)
                    & Q(organization__isnull=False)
                    & Q(person__isnull=True)
                    & Q(center__isnull=True)
                ),
                name="callapplication_one_applicant_of_its_kind",
                violation_error_message=_(
                    "The team is exactly one researcher, center or outside organization, as its "
                    "kind says."
                ),
            ),
            models.UniqueConstraint(
                fields=["call"],
                condition=Q(status=ApplicationStatus.SELECTED),
                name="callapplication_one_selected_per_call",
                violation_error_message=_("A call selects one team."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="callapplication_budget_not_negative",
                violation_error_message=_("A budget cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.call}"

    @property
    def applicant(self) -> Person | Center | Organization | None:
        """The team's name: the researcher, the center or the organization applying."""
        return self.person or self.center or self.organization


def attachment_path(instance: CallAttachment, filename: str) -> str:
    # The stored name is the service's own (random, with the checked extension).
    return f"opencalls/{instance.application_id}/{filename}"


class CallAttachment(TrackedModel):
    """A document of an application (a technical plan, a CV, a letter), checked by its content."""

    application = models.ForeignKey(
        CallApplication,
        verbose_name=_("call application"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application", "pk"]

    def __str__(self) -> str:
        return self.title


class CallReview(TrackedModel):
    """An opinion on an application, with a score, by the enterprise or by the office."""

    application = models.ForeignKey(
        CallApplication,
        verbose_name=_("call application"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    side = models.CharField(_("by"), max_length=16, choices=ReviewSide.choices, editable=False)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (weak) to 5 (excellent)"),
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=16, choices=Recommendation.choices
    )
    opinion = models.TextField(_("opinion"))
    reviewed_on = models.DateField(_("reviewed on"))
    # The office recording the enterprise's opinion given outside the portal says how.
    evidence = models.TextField(_("evidence"), blank=True, editable=False)

    class Meta:
        verbose_name = _("application review")
        verbose_name_plural = _("application reviews")
        ordering = ["application", "reviewed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="callreview_score_1_to_5",
                violation_error_message=_("A score runs from 1 (weak) to 5 (excellent)."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()}: {self.get_recommendation_display()}"
