"""The transfer side's money: the Art. 18 price notice before a transfer is signed, the income
received and the costs borne for an achievement, and the rewards its contributors receive."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.achievements.models import Achievement
from liaison.agreements.models import Agreement, PaymentMilestone
from liaison.core.models import TrackedModel
from liaison.core.money import amount_field, currency_field
from liaison.organizations.models import Organization
from liaison.patents.choices import PatentKind
from liaison.people.models import Person

from .choices import (
    CostKind,
    IncomeKind,
    NoticeStatus,
    ObjectionOutcome,
    PricingMethod,
    RewardBasis,
    RewardRegime,
    RewardStatus,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Art. 18 practice: an agreed price is noticed for 15 days unless the institute's policy says.
DEFAULT_NOTICE_DAYS = 15


def percent_field(verbose_name: StrOrPromise, **kwargs: Any) -> models.DecimalField[Any, Any]:
    """A percentage from 0 to 100 with up to four decimals (0.2 % of a design's profit)."""
    return models.DecimalField(
        verbose_name,
        max_digits=7,
        decimal_places=4,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        **kwargs,
    )


class PriceNotice(TrackedModel):
    """The notice inside the institute of the price agreed for an achievement (Art. 18)."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="price_notices",
    )
    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("achievement"),
        on_delete=models.PROTECT,
        related_name="price_notices",
    )
    completers = models.ManyToManyField(
        Person,
        verbose_name=_("completers"),
        related_name="price_notices",
        blank=True,
        help_text=_("The people who completed the achievement, named in the notice."),
    )
    price = amount_field(_("price"), validators=[MinValueValidator(Decimal(0))])
    currency = currency_field()
    pricing = models.CharField(
        _("how the price was set"),
        max_length=16,
        choices=PricingMethod.choices,
        default=PricingMethod.AGREEMENT,
    )
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_(
            "For a price found on a technology exchange or at auction: where and when, and "
            "the record that shows it."
        ),
    )
    text = models.TextField(_("text of the notice"), blank=True)
    period_days = models.PositiveSmallIntegerField(
        _("notice period (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Left empty, the institute's reward policy says (15 days by default)."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=NoticeStatus.choices,
        default=NoticeStatus.DRAFT,
        editable=False,
        db_index=True,
    )
    posted_on = models.DateField(_("posted on"), null=True, blank=True, editable=False)
    ends_on = models.DateField(_("notice period ends on"), null=True, blank=True, editable=False)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True, editable=False)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True, editable=False)
    withdraw_reason = models.TextField(_("reason withdrawn"), blank=True, editable=False)

    class Meta:
        verbose_name = _("price notice")
        verbose_name_plural = _("price notices")
        ordering = ["-posted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "achievement"],
                condition=~Q(status=NoticeStatus.WITHDRAWN),
                name="price_notice_once_per_agreement_achievement",
                violation_error_message=_(
                    "This agreement already has a notice of this achievement's price; withdraw "
                    "it before posting another."
                ),
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0),
                name="price_notice_price_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.number} · {self.achievement}"


class PriceObjection(TrackedModel):
    """An objection raised against a price notice, and what the office decided on it."""

    notice = models.ForeignKey(
        PriceNotice,
        verbose_name=_("price notice"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    raised_on = models.DateField(_("raised on"))
    raised_by = models.CharField(_("raised by"), max_length=200, blank=True)
    text = models.TextField(_("objection"))
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=ObjectionOutcome.choices,
        default=ObjectionOutcome.PENDING,
        editable=False,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    response = models.TextField(_("response"), blank=True, editable=False)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["notice", "raised_on", "id"]

    def __str__(self) -> str:
        return f"{self.raised_on:%Y-%m-%d} {self.get_outcome_display()}"


class Income(TrackedModel):
    """A payment received for an achievement under a transfer, licence or equity agreement."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="income"
    )
    achievement = models.ForeignKey(
        Achievement, verbose_name=_("achievement"), on_delete=models.PROTECT, related_name="income"
    )
    milestone = models.ForeignKey(
        PaymentMilestone,
        verbose_name=_("milestone"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="income",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=IncomeKind.choices)
    payer = models.ForeignKey(
        Organization,
        verbose_name=_("payer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transfer_payments",
    )
    received_on = models.DateField(_("received on"), db_index=True)
    amount = amount_field(validators=[MinValueValidator(Decimal("0.01"))])
    currency = currency_field()
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("income")
        verbose_name_plural = _("income")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="income_amount_positive",
                violation_error_message=_("An amount received is more than zero."),
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.received_on:%Y-%m-%d} {self.get_kind_display()} {self.amount} {self.currency}"
        )


class Cost(TrackedModel):
    """A cost borne for an achievement (patent fees come from the patents' payments)."""

    achievement = models.ForeignKey(
        Achievement, verbose_name=_("achievement"), on_delete=models.PROTECT, related_name="costs"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CostKind.choices)
    incurred_on = models.DateField(_("incurred on"), db_index=True)
    amount = amount_field(validators=[MinValueValidator(Decimal("0.01"))])
    currency = currency_field()
    payee = models.ForeignKey(
        Organization,
        verbose_name=_("payee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transfer_costs",
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("cost")
        verbose_name_plural = _("costs")
        ordering = ["-incurred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="cost_amount_positive",
                violation_error_message=_("A cost is more than zero."),
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.incurred_on:%Y-%m-%d} {self.get_kind_display()} {self.amount} {self.currency}"
        )


def policy_document_path(instance: RewardPolicy, filename: str) -> str:
    return f"transfer/policies/{filename}"


class RewardPolicy(TrackedModel):
    """The institute's own rules for rewarding contributors, in force for a span of dates.

    Never below the statutory floor of the regime it follows (checked by its services).
    """

    title = models.CharField(_("title"), max_length=200)
    regime = models.CharField(
        _("statutory regime"),
        max_length=32,
        choices=RewardRegime.choices,
        default=RewardRegime.TRANSFORMATION_LAW,
    )
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until"), null=True, blank=True)
    transfer_rate = percent_field(
        _("transfer or licence: share of the net income (%)"), null=True, blank=True
    )
    equity_rate = percent_field(_("equity: share of the shares formed (%)"), null=True, blank=True)
    implementation_rate = percent_field(
        _("implementation: share of the operating profit (%)"), null=True, blank=True
    )
    implementation_years = models.PositiveSmallIntegerField(
        _("years of implementation rewards"),
        null=True,
        blank=True,
        validators=[MinValueValidator(3), MaxValueValidator(5)],
    )
    grant_bonus_invention = amount_field(
        _("grant bonus: invention"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    grant_bonus_other = amount_field(
        _("grant bonus: utility model or design"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    notice_days = models.PositiveSmallIntegerField(
        _("price notice period (days)"),
        default=DEFAULT_NOTICE_DAYS,
        validators=[MinValueValidator(1)],
    )
    document = models.FileField(_("document"), upload_to=policy_document_path, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("reward policy")
        verbose_name_plural = _("reward policies")
        ordering = ["-effective_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=models.F("effective_from")),
                name="reward_policy_until_after_from",
                violation_error_message=_("A policy cannot end before it comes into force."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.effective_from:%Y-%m-%d})"


class Reward(TrackedModel):
    """A reward to an achievement's contributors: its inputs, the rule applied, its approvals."""

    achievement = models.ForeignKey(
        Achievement, verbose_name=_("achievement"), on_delete=models.PROTECT, related_name="rewards"
    )
    basis = models.CharField(_("basis"), max_length=32, choices=RewardBasis.choices)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rewards",
        help_text=_("The transfer, licence or investment the reward comes from, if one."),
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    implementation_year = models.PositiveSmallIntegerField(
        _("year of implementation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    # Entered for equity (the value of the shares or contribution formed) and implementation
    # (the year's operating profit); computed for a transfer or licence (the period's net
    # income) and for a grant bonus (the bonus itself).
    base_amount = amount_field(
        _("base"),
        null=True,
        blank=True,
        help_text=_(
            "Equity: the value of the shares or contribution formed. Implementation: the "
            "year's operating profit. Left empty for a transfer or licence: the net income of "
            "the period is computed."
        ),
    )
    patent_kind = models.CharField(
        _("patent kind"),
        max_length=16,
        choices=PatentKind.choices,
        blank=True,
        help_text=_("For the patent rules' floors, which differ by kind of patent."),
    )
    manual_rate = percent_field(
        _("rate agreed for this reward (%)"),
        null=True,
        blank=True,
        help_text=_(
            "Left empty, the policy's rate applies, else the statutory one; never below the "
            "statutory floor."
        ),
    )
    manual_amount = amount_field(
        _("bonus agreed"),
        null=True,
        blank=True,
        help_text=_("A grant bonus other than the policy's; never below the statutory one."),
    )
    rate = percent_field(_("rate (%)"), null=True, blank=True, editable=False)
    amount = amount_field(editable=False)
    currency = currency_field()
    policy = models.ForeignKey(
        RewardPolicy,
        verbose_name=_("policy applied"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="rewards",
    )
    rule = models.CharField(_("rule applied"), max_length=64, editable=False)
    rule_version = models.CharField(_("rule version"), max_length=32, editable=False)
    inputs = models.JSONField(_("inputs"), default=dict, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RewardStatus.choices,
        default=RewardStatus.PROPOSED,
        editable=False,
        db_index=True,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    proposed_on = models.DateField(_("proposed on"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)
    rejected_reason = models.TextField(_("reason rejected"), blank=True, editable=False)
    paid_on = models.DateField(_("paid on"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["-proposed_on", "-id"]

    def __str__(self) -> str:
        # Without its amount: a contributor's share names its reward, and the whole of it is
        # not theirs to read.
        return f"{self.achievement} · {self.get_basis_display()}"


class RewardShare(TrackedModel):
    """One contributor's part of a reward, and when it was paid to them."""

    reward = models.ForeignKey(
        Reward, verbose_name=_("reward"), on_delete=models.CASCADE, related_name="shares"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="reward_shares"
    )
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    amount = amount_field(editable=False)
    paid_on = models.DateField(_("paid on"), null=True, blank=True, editable=False)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("payment recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reward share")
        verbose_name_plural = _("reward shares")
        ordering = ["reward", "-share", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reward", "person"],
                name="reward_share_once_per_person",
                violation_error_message=_("This person already has a share of the reward."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.share} %"
