from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from liaison.core.choices import Confidentiality
from liaison.core.lifecycle import FieldErrors
from liaison.core.models import TrackedModel, in_language
from liaison.core.money import amount_field, currency_field
from liaison.organizations.models import Organization

from .choices import AgreementKind, AgreementStatus, PartyRole


class SigningEvent(TrackedModel):
    """A ceremony at which agreements are signed, centers founded or plaques unveiled."""

    title_zh = models.CharField(_("Chinese title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    held_on = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("signing event")
        verbose_name_plural = _("signing events")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {in_language(self.title_zh, self.title_en)}"


class Agreement(TrackedModel):
    """A cooperation agreement or technical contract, with its parties and lifecycle."""

    number = models.CharField(_("number"), max_length=64, unique=True)
    title_zh = models.CharField(_("Chinese title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=400, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=AgreementKind.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
        editable=False,
        db_index=True,
    )
    signed_on = models.DateField(
        _("signed on"), null=True, blank=True, editable=False, db_index=True
    )
    effective_on = models.DateField(_("effective on"), null=True, blank=True, editable=False)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True, editable=False)
    end_reason = models.TextField(_("reason it ended"), blank=True, editable=False)
    value = amount_field(
        _("value"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal(0), message=_("An agreement's value cannot be negative."))
        ],
    )
    currency = currency_field()
    obligations = models.TextField(_("obligations"), blank=True)
    description = models.TextField(_("description"), blank=True)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=16,
        choices=Confidentiality.choices,
        default=Confidentiality.INTERNAL,
    )
    registration_number = models.CharField(
        _("technical contract registration number"), max_length=64, blank=True
    )
    # 核定技术性收入额: the technical part of a registered technical contract's value, as the
    # registry approves it; the technology market's "technical-transaction value" adds it up.
    technical_income = amount_field(
        _("approved technical income"),
        null=True,
        blank=True,
        help_text=_(
            "The technical part of the contract's value, as the registration certificate "
            "approves it."
        ),
        validators=[
            MinValueValidator(Decimal(0), message=_("An agreement's value cannot be negative."))
        ],
    )
    signing_event = models.ForeignKey(
        SigningEvent,
        verbose_name=_("signing event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    organizations: models.ManyToManyField[Organization, AgreementParty] = models.ManyToManyField(
        Organization, through="AgreementParty", related_name="agreements", verbose_name=_("parties")
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(expires_on__gte=F("effective_on")),
                name="agreement_expires_after_effective",
                violation_error_message=_("An agreement cannot expire before it takes effect."),
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="agreement_value_not_negative",
                violation_error_message=_("An agreement's value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True) | Q(signed_on__isnull=False),
                name="agreement_effective_only_when_signed",
                violation_error_message=_("An agreement cannot take effect before it is signed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {in_language(self.title_zh, self.title_en)}"

    def clean(self) -> None:
        super().clean()
        if self.expires_on and self.signed_on and self.expires_on < self.signed_on:
            raise ValidationError(
                {
                    "expires_on": ValidationError(
                        _("An agreement cannot expire before it is signed (%(signed_on)s)."),
                        code="expires_before_signed",
                        params={"signed_on": self.signed_on.isoformat()},
                    )
                }
            )


class AgreementParty(TrackedModel):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    role = models.CharField(
        _("role"), max_length=16, choices=PartyRole.choices, default=PartyRole.PARTNER
    )
    signatory = models.CharField(_("signatory"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organization"],
                name="agreement_party_once",
                violation_error_message=_("This organization is already a party to the agreement."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class PaymentMilestone(TrackedModel):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    amount = amount_field(null=True, blank=True)
    currency = currency_field()
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"{self.due_on:%Y-%m-%d} {self.title}"

    def clean(self) -> None:
        super().clean()
        errors = FieldErrors()
        if self.amount is not None and self.amount <= 0:
            errors.add("amount", _("A milestone's amount must be more than zero."), code="amount")
        errors.raise_any()


def attachment_path(instance: AgreementAttachment, filename: str) -> str:
    return f"agreements/{instance.agreement_id}/{filename}"


class AgreementAttachment(TrackedModel):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title
