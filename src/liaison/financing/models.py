from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison.achievements.models import Achievement
from liaison.core.choices import Confidentiality, Currency
from liaison.core.models import TrackedModel
from liaison.core.money import Money, amount_field, currency_field
from liaison.core.numbers import format_amount
from liaison.core.permissions import HIDDEN, Hidden, is_hidden
from liaison.organizations.models import Organization

from .choices import RoundKind, RoundStatus


class FinancingRound(TrackedModel):
    """Money raised by a venture or for an achievement: a grant, a round, a fund, a loan."""

    venture = models.ForeignKey(
        Organization,
        verbose_name=_("venture"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="financing_rounds",
        help_text=_("The company that raised the money, if any."),
    )
    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("achievement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="financing_rounds",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=RoundKind.choices)
    amount = amount_field()
    currency = currency_field()
    cny_rate = models.DecimalField(
        _("yuan per unit"),
        max_digits=12,
        decimal_places=6,
        default=Decimal(1),
        help_text=_("Exchange rate to yuan on the closing date; 1 for yuan."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RoundStatus.choices,
        default=RoundStatus.ANNOUNCED,
        editable=False,
    )
    announced_on = models.DateField(_("announced on"))
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=16,
        choices=Confidentiality.choices,
        default=Confidentiality.INTERNAL,
        help_text=_("Confidential: the amount is shown only to roles cleared for it."),
    )
    closed_on = models.DateField(
        pgettext_lazy("financing round", "closed on"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
    )
    investors: models.ManyToManyField[Organization, RoundInvestor] = models.ManyToManyField(
        Organization,
        through="RoundInvestor",
        related_name="investments",
        verbose_name=_("investors"),
    )
    note = models.TextField(_("note"), blank=True)
    cancel_reason = models.TextField(_("reason it was cancelled"), blank=True, editable=False)

    class Meta:
        verbose_name = _("financing round")
        verbose_name_plural = _("financing rounds")
        ordering = ["-announced_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(venture__isnull=False) | Q(achievement__isnull=False),
                name="round_has_venture_or_achievement",
                violation_error_message=_(
                    "A financing round belongs to a venture, an achievement or both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="round_amount_positive",
                violation_error_message=_("The amount must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(cny_rate__gt=0) & (~Q(currency=Currency.CNY) | Q(cny_rate=1)),
                name="round_cny_rate_valid",
                violation_error_message=_(
                    "The rate is 1 for yuan and more than zero for other currencies."
                ),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("announced_on")),
                name="round_closes_after_announced",
                violation_error_message=_("A round cannot close before it is announced."),
            ),
        ]

    def __str__(self) -> str:
        subject = self.venture or self.achievement
        # Written in the active language (1.563亿元, CNY 156.3 million) wherever the round is
        # named: search results, lists, a center's table, figures, the edit page's title.
        amount = format_amount(self.amount, self.currency)
        return f"{subject} · {self.get_kind_display()} · {amount}"

    @property
    def amount_cny(self) -> Decimal | Hidden:
        """The amount in yuan at the round's rate; hidden when the amount is hidden."""
        if is_hidden(self.amount):
            return HIDDEN
        return Money(self.amount, self.currency).to_cny(self.cny_rate)

    def clean(self) -> None:
        super().clean()
        # The default rate of 1 left on a foreign currency would count dollars as yuan.
        if self.currency != Currency.CNY and self.cny_rate == 1:
            raise ValidationError(
                {
                    "cny_rate": ValidationError(
                        _("Give the exchange rate: how many yuan one %(currency)s was worth."),
                        code="rate_required",
                        params={"currency": self.currency},
                    )
                }
            )


class RoundInvestor(TrackedModel):
    round = models.ForeignKey(
        FinancingRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="round_investors",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("investor"),
        on_delete=models.PROTECT,
        related_name="round_participations",
    )
    amount = amount_field(null=True, blank=True)
    is_lead = models.BooleanField(_("lead investor"), default=False)

    @property
    def currency(self) -> str:
        """A stake is in its round's currency, so pages write it as that money."""
        return self.round.currency

    class Meta:
        verbose_name = _("investor in round")
        verbose_name_plural = _("investors in round")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organization"],
                name="round_investor_once",
                violation_error_message=_("This investor is already in the round."),
            )
        ]

    def __str__(self) -> str:
        return str(self.organization)
