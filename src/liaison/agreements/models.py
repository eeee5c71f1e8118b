from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.choices import Confidentiality
from liaison.core.lifecycle import FieldErrors
from liaison.core.models import TrackedModel, in_language
from liaison.core.money import amount_field, currency_field
from liaison.organizations.models import Organization

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from .choices import (
    AgreementKind,
    AgreementStatus,
    PartyRole,
    RegistrationContractType,
    RegistrationStatus,
)
from .registration_forms import FormVersion, version_for, version_named


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


def certificate_path(instance: ContractRegistration, filename: str) -> str:
    return f"agreements/{instance.agreement_id}/registration/{filename}"


def _not_negative(label: StrOrPromise) -> MinValueValidator:
    return MinValueValidator(Decimal(0), message=label)


class ContractRegistration(TrackedModel):
    """The registration of a technical contract with a technology-market registry
    (技术合同认定登记): the form the delivering party files and the registry's decision.

    Which fields the form asks, the codes it takes and how long the registry has to decide
    depend on the rules in force on the day of application (`registration_forms`).
    """

    agreement = models.OneToOneField(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="registration",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PREPARED,
        editable=False,
        db_index=True,
    )
    registry = models.CharField(
        _("registry"),
        max_length=200,
        blank=True,
        help_text=_("The technical-contract registry applied to, in the seller's region."),
    )
    form_version = models.CharField(
        _("form version"),
        max_length=16,
        blank=True,
        editable=False,
        help_text=_("The rules the application was made under, by its date."),
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True, editable=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    decision_reason = models.TextField(_("reason given"), blank=True, editable=False)
    registration_number = models.CharField(
        _("registration number"), max_length=64, blank=True, editable=False, db_index=True
    )
    # 核定技术性收入额: what the certificate approves; copied onto the agreement, which the
    # figures read.
    approved_income = amount_field(
        _("approved technical income"),
        null=True,
        blank=True,
        editable=False,
    )
    currency = currency_field()
    certificate = models.FileField(
        _("registration certificate"), upload_to=certificate_path, blank=True
    )
    # The form's fields (JJ-001).
    project_name = models.CharField(_("project name"), max_length=300, blank=True)
    contract_type = models.CharField(
        _("contract type"), max_length=16, choices=RegistrationContractType.choices, blank=True
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    seller = models.ForeignKey(
        Organization,
        verbose_name=_("seller"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations_as_seller",
        help_text=_(
            "The delivering party, who applies: developer, transferor, licensor, "
            "consultant, service provider or intermediary."
        ),
    )
    seller_country_code = models.CharField(_("seller's country code"), max_length=3, blank=True)
    seller_region_code = models.CharField(
        _("seller's administrative-division code"),
        max_length=6,
        blank=True,
        help_text=_("GB/T 2260, six digits."),
    )
    seller_entity_type = models.CharField(_("seller's entity type"), max_length=3, blank=True)
    buyer = models.ForeignKey(
        Organization,
        verbose_name=_("buyer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations_as_buyer",
    )
    buyer_country_code = models.CharField(_("buyer's country code"), max_length=3, blank=True)
    buyer_region_code = models.CharField(
        _("buyer's administrative-division code"),
        max_length=6,
        blank=True,
        help_text=_("GB/T 2260, six digits."),
    )
    buyer_entity_type = models.CharField(_("buyer's entity type"), max_length=3, blank=True)
    estimated_new_investment = amount_field(
        _("estimated new investment"),
        null=True,
        blank=True,
        validators=[_not_negative(_("An estimate cannot be negative."))],
        help_text=_(
            "For transfers: what carrying out the contract is expected to add in investment."
        ),
    )
    estimated_new_output = amount_field(
        _("estimated new output value"),
        null=True,
        blank=True,
        validators=[_not_negative(_("An estimate cannot be negative."))],
        help_text=_("For transfers: the output value carrying it out is expected to add."),
    )

    class Meta:
        verbose_name = _("contract registration")
        verbose_name_plural = _("contract registrations")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="registration_valid_until_after_from",
                violation_error_message=_(
                    "A contract cannot be valid until before it is valid from."
                ),
            ),
            models.CheckConstraint(
                condition=Q(approved_income__isnull=True) | Q(approved_income__gte=0),
                name="registration_income_not_negative",
                violation_error_message=_("The approved technical income cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        number = self.registration_number or self.get_status_display()
        return f"{self.agreement.number} ({number})"

    @property
    def signed_on(self) -> datetime.date | None:
        """The form's signing date is the agreement's: written once, there."""
        return self.agreement.signed_on

    @property
    def rules(self) -> FormVersion:
        """The version of the form: the one applied under, else the one in force today."""
        if self.form_version:
            named = version_named(self.form_version)
            if named is not None:
                return named
        return version_for(self.applied_on or timezone.localdate())

    @property
    def decision_due_on(self) -> datetime.date | None:
        """The day by which the registry is to decide, once applied to."""
        if self.applied_on is None:
            return None
        return self.applied_on + datetime.timedelta(days=self.rules.decision_days)

    @property
    def decision_overdue(self) -> bool:
        """Applied for, undecided, and past the registry's time to decide."""
        due = self.decision_due_on
        return (
            self.status == RegistrationStatus.APPLIED
            and due is not None
            and timezone.localdate() > due
        )
