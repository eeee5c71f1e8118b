"""Technology brokers: who they are, the deals they are party to, their commission, and the needs
they introduced."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.agreements.models import Agreement
from liaison.core.models import TrackedModel
from liaison.core.money import amount_field, currency_field
from liaison.needs.models import TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import BrokerKind, BrokerStatus, CertificateLevel, CommissionBasis

PERCENT = (MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100)))
NOT_NEGATIVE = (MinValueValidator(Decimal(0)),)


def rate_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=2, validators=PERCENT, **kwargs
    )


class Broker(TrackedModel):
    """A technology broker: a person, or an organization acting as intermediary, exactly one."""

    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="broker",
    )
    organization = models.OneToOneField(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="broker",
        help_text=_("An organization acting as intermediary, instead of a person."),
    )
    certificate_level = models.CharField(
        _("certificate level"),
        max_length=16,
        choices=CertificateLevel.choices,
        default=CertificateLevel.NONE,
        db_index=True,
    )
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    certificate_issued_on = models.DateField(_("certificate issued on"), null=True, blank=True)
    certificate_issuer = models.CharField(_("certificate issuer"), max_length=200, blank=True)
    fields_of_practice = models.JSONField(
        _("fields of practice"),
        default=list,
        blank=True,
        help_text=_("One per line: the technologies and industries they broker."),
    )
    default_commission_rate = rate_field(
        _("default commission rate (%)"),
        null=True,
        blank=True,
        help_text=_("Of an agreement's value, unless agreed otherwise."),
    )
    default_commission_fixed = amount_field(
        _("default fixed commission"), null=True, blank=True, validators=NOT_NEGATIVE
    )
    currency = currency_field()
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=BrokerStatus.choices,
        default=BrokerStatus.ACTIVE,
        editable=False,
        db_index=True,
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("technology broker")
        verbose_name_plural = _("technology brokers")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, organization__isnull=True)
                | Q(person__isnull=True, organization__isnull=False),
                name="broker_person_or_organization",
                violation_error_message=_(
                    "A broker is a person or an organization acting as intermediary: exactly one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person or self.organization or "")

    @property
    def kind(self) -> str:
        return BrokerKind.PERSON if self.person_id is not None else BrokerKind.ORGANIZATION

    def get_kind_display(self) -> str:
        return str(BrokerKind(self.kind).label)


class BrokerEngagement(TrackedModel):
    """A broker as a party to an agreement, in the role of intermediary, with the commission
    agreed."""

    broker = models.ForeignKey(
        Broker, verbose_name=_("broker"), on_delete=models.PROTECT, related_name="engagements"
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="broker_engagements",
    )
    basis = models.CharField(
        _("commission basis"),
        max_length=8,
        choices=CommissionBasis.choices,
        default=CommissionBasis.RATE,
    )
    commission_rate = rate_field(_("commission rate (%)"), null=True, blank=True)
    commission_fixed = amount_field(
        _("fixed commission"), null=True, blank=True, validators=NOT_NEGATIVE
    )
    currency = currency_field()
    # Kept by the services: the fixed amount, or the rate of the agreement's value once known.
    commission_amount = amount_field(_("commission agreed"), null=True, blank=True, editable=False)
    need = models.ForeignKey(
        TechnicalNeed,
        verbose_name=_("introduced from need"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="broker_engagements",
        help_text=_("The need the broker introduced that led to this agreement."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("broker engagement")
        verbose_name_plural = _("broker engagements")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["broker", "agreement"],
                name="broker_engagement_once",
                violation_error_message=_("This broker is already a party to this agreement."),
            ),
            # Said under the field by `clean`, which runs first.
            models.CheckConstraint(
                condition=Q(basis=CommissionBasis.RATE, commission_rate__isnull=False)
                | Q(basis=CommissionBasis.FIXED, commission_fixed__isnull=False),
                name="broker_engagement_basis_given",
                violation_error_message=_(
                    "A commission on a rate names the rate; a fixed one names the amount."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.broker} · {self.agreement.number}"

    def clean(self) -> None:
        super().clean()
        # The services say more (a rate given with a fixed amount); this is what must hold.
        if self.basis == CommissionBasis.RATE and self.commission_rate is None:
            message = _("A commission on a rate names the rate.")
            raise ValidationError(
                {"commission_rate": ValidationError(message, code="rate_missing")}
            )
        if self.basis == CommissionBasis.FIXED and self.commission_fixed is None:
            message = _("A fixed commission names the amount.")
            raise ValidationError(
                {"commission_fixed": ValidationError(message, code="fixed_missing")}
            )


class CommissionPayment(TrackedModel):
    """Commission paid to a broker on an agreement they are party to."""

    engagement = models.ForeignKey(
        BrokerEngagement,
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    paid_on = models.DateField(_("paid on"), db_index=True)
    amount = amount_field(
        validators=[MinValueValidator(Decimal("0.01"), message=_("A payment is more than zero."))]
    )
    currency = currency_field()
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("The voucher or invoice number.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("commission payment")
        verbose_name_plural = _("commission payments")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="commission_payment_positive",
                violation_error_message=_("A payment is more than zero."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.paid_on:%Y-%m-%d} {self.amount} {self.currency}"


class Introduction(TrackedModel):
    """A broker introduced a need, or an enterprise, to the office on a day."""

    broker = models.ForeignKey(
        Broker, verbose_name=_("broker"), on_delete=models.PROTECT, related_name="introductions"
    )
    need = models.ForeignKey(
        TechnicalNeed,
        verbose_name=_("need"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="broker_introductions",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="broker_introductions",
        help_text=_("The need's enterprise when a need is named."),
    )
    introduced_on = models.DateField(_("introduced on"), db_index=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-introduced_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["broker", "need"],
                name="introduction_once_per_need",
                violation_error_message=_("This broker already introduced this need."),
            ),
            models.CheckConstraint(
                condition=Q(need__isnull=False) | Q(organization__isnull=False),
                name="introduction_names_need_or_enterprise",
                violation_error_message=_("An introduction names a need or an enterprise."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.broker} → {self.need or self.organization}"
