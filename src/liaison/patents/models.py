from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.achievements.models import Achievement
from liaison.core.lifecycle import FieldErrors
from liaison.core.models import TrackedModel
from liaison.core.money import amount_field, currency_field
from liaison.organizations.models import Organization
from liaison.people.models import Person

from . import docket
from .choices import FeeKind, Jurisdiction, OfficeActionKind, PatentKind, PatentStatus
from .numbers import validate_cn_application_number
from .periods import add_months

# Paris Convention art. 4C: a priority claim reaches back 12 months (inventions, utility
# models) or 6 months (designs) before the filing.
PRIORITY_MONTHS = {PatentKind.INVENTION: 12, PatentKind.UTILITY_MODEL: 12, PatentKind.DESIGN: 6}


class Patent(TrackedModel):
    """A patent application and, once granted, the patent: per achievement and jurisdiction."""

    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("achievement"),
        on_delete=models.PROTECT,
        related_name="patents",
    )
    title = models.CharField(_("title"), max_length=300)
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=8, choices=Jurisdiction.choices, default=Jurisdiction.CN
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PatentKind.choices)
    application_number = models.CharField(
        _("application number"),
        max_length=40,
        help_text=_("A Chinese number with its check character: 201710601862.3."),
    )
    filed_on = models.DateField(
        _("filing date"),
        db_index=True,
        help_text=_(
            "For an international application entering China: its international filing date."
        ),
    )
    priority_on = models.DateField(_("priority date"), null=True, blank=True)
    # An international (PCT) application entering the Chinese national phase.
    pct_number = models.CharField(
        _("international application number"),
        max_length=40,
        blank=True,
        help_text=_("PCT/CN2020/123456, for an international application."),
    )
    national_phase_on = models.DateField(_("national phase entered on"), null=True, blank=True)
    # 费减: CNIPA approved the reduction of the owners' fees (each owner must qualify).
    fee_reduction = models.BooleanField(
        _("fee reduction approved"),
        default=False,
        help_text=_(
            "CNIPA approved a fee reduction (费减) for the owners: 85 per cent for one owner, 70 "
            "per cent for several, on the fees and years the rules name."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PatentStatus.choices,
        default=PatentStatus.PENDING,
        editable=False,
        db_index=True,
    )
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)
    examination_requested_on = models.DateField(
        _("examination requested on"), null=True, blank=True, editable=False
    )
    granted_on = models.DateField(_("granted on"), null=True, blank=True, editable=False)
    patent_number = models.CharField(_("patent number"), max_length=40, blank=True, editable=False)
    expires_on = models.DateField(_("expires on"), null=True, blank=True, editable=False)
    lapsed_on = models.DateField(_("lapsed on"), null=True, blank=True, editable=False)
    ended_on = models.DateField(_("ended on"), null=True, blank=True, editable=False)
    end_reason = models.TextField(_("reason it ended"), blank=True, editable=False)
    owners = models.ManyToManyField(
        Organization, verbose_name=_("owners"), related_name="patents", blank=True
    )
    inventors = models.ManyToManyField(
        Person, verbose_name=_("inventors"), related_name="patents", blank=True
    )
    agent = models.ForeignKey(
        Organization,
        verbose_name=_("patent agency"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agented_patents",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("patent")
        verbose_name_plural = _("patents")
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "application_number"],
                name="patent_application_number_once",
                violation_error_message=_(
                    "A patent with this application number is already recorded."
                ),
            ),
            models.CheckConstraint(
                condition=Q(priority_on__isnull=True) | Q(priority_on__lte=models.F("filed_on")),
                name="patent_priority_before_filing",
                violation_error_message=_("A priority date comes before the filing date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.patent_number or self.application_number} {self.title}"

    def clean(self) -> None:
        super().clean()
        errors = FieldErrors()
        if self.jurisdiction == Jurisdiction.CN and self.application_number:
            try:
                self.application_number = validate_cn_application_number(
                    self.application_number,
                    self.kind or None,
                    filed_on=self.filed_on,
                    entered_on=self.national_phase_on,
                )
            except ValidationError as error:
                for message in error.error_list:
                    errors.add(
                        "application_number",
                        message.message,
                        code=message.code or "invalid",
                        params=message.params,
                    )
        else:
            self.application_number = self.application_number.strip()
        if self.priority_on and self.filed_on and self.kind in PRIORITY_MONTHS:
            months = PRIORITY_MONTHS[PatentKind(self.kind)]
            earliest = add_months(self.filed_on, -months)
            if self.priority_on < earliest:
                errors.add(
                    "priority_on",
                    _(
                        "A priority claim reaches back %(months)s months at most: not before "
                        "%(earliest)s for this filing."
                    ),
                    code="priority_too_old",
                    params={"months": months, "earliest": earliest.isoformat()},
                )
        if self.national_phase_on and self.filed_on and self.national_phase_on < self.filed_on:
            errors.add(
                "national_phase_on",
                _("An application enters the national phase after its international filing."),
                code="national_phase_before_filing",
            )
        # The term follows from the kind, jurisdiction and filing date, by the rules.
        self.expires_on = docket.expiry(self) if self.filed_on and self.kind else None
        errors.raise_any()


def proof_path(instance: FeePayment, filename: str) -> str:
    return f"patents/{instance.patent_id}/fees/{filename}"


class FeePayment(TrackedModel):
    """One fee paid to a patent office for a patent, with the proof of payment.

    The due date, the surcharge and the rules' version are the docket's, computed when the
    payment is recorded (`liaison.patents.docket`); the amount is what was paid.
    """

    patent = models.ForeignKey(
        Patent, verbose_name=_("patent"), on_delete=models.PROTECT, related_name="payments"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FeeKind.choices)
    fee_year = models.PositiveSmallIntegerField(
        _("fee year"),
        null=True,
        blank=True,
        help_text=_("For an annual fee: the year of the patent, counted from the filing date."),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True, editable=False)
    paid_on = models.DateField(_("paid on"), db_index=True)
    amount = amount_field(
        _("amount paid"),
        validators=[MinValueValidator(Decimal(0), message=_("A fee cannot be negative."))],
        help_text=_("What was paid, any surcharge included."),
    )
    surcharge = amount_field(_("surcharge"), default=Decimal(0), editable=False)
    currency = currency_field()
    proof = models.FileField(_("proof of payment"), upload_to=proof_path, blank=True)
    rule_version = models.CharField(_("rules applied"), max_length=64, blank=True, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("fee payment")
        verbose_name_plural = _("fee payments")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patent", "fee_year"],
                condition=Q(kind="annual"),
                name="fee_payment_annual_once",
                violation_error_message=_("This fee year's annual fee is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="fee_payment_amount_not_negative",
                violation_error_message=_("A fee cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        if self.kind == FeeKind.ANNUAL and self.fee_year:
            return str(_("Annual fee, year %(year)s") % {"year": self.fee_year})
        return str(self.get_kind_display())

    def clean(self) -> None:
        super().clean()
        errors = FieldErrors()
        if self.kind == FeeKind.ANNUAL and not self.fee_year:
            errors.add("fee_year", _("Name the fee year this annual fee pays."), code="fee_year")
        elif self.kind != FeeKind.ANNUAL and self.fee_year:
            errors.add(
                "fee_year", _("Only an annual fee is for a fee year."), code="fee_year_not_annual"
            )
        errors.raise_any()


class OfficeAction(TrackedModel):
    """A notice from the patent office that asks for an answer by a deadline."""

    patent = models.ForeignKey(
        Patent,
        verbose_name=_("patent"),
        on_delete=models.PROTECT,
        related_name="office_actions",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=OfficeActionKind.choices)
    issued_on = models.DateField(_("issued on"), help_text=_("The date of dispatch on the notice."))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(
        _("term set by the notice (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the rules' term for this kind of notice."),
    )
    response_due_on = models.DateField(
        _("response due on"), null=True, blank=True, editable=False, db_index=True
    )
    responded_on = models.DateField(_("responded on"), null=True, blank=True, editable=False)
    summary = models.TextField(_("summary"), blank=True)
    rule_version = models.CharField(_("rules applied"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("office action")
        verbose_name_plural = _("office actions")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.issued_on:%Y-%m-%d} {self.get_kind_display()}"

    def clean(self) -> None:
        super().clean()
        errors = FieldErrors()
        if self.received_on and self.issued_on and self.received_on < self.issued_on:
            errors.add(
                "received_on",
                _("A notice is received after it was issued (%(date)s)."),
                code="received_before_issued",
                params={"date": self.issued_on.isoformat()},
            )
        if self.issued_on and self.kind and self.patent_id is not None:
            deadline = docket.response_deadline(
                issued_on=self.issued_on,
                kind=self.kind,
                patent_kind=self.patent.kind,
                term_months=self.term_months,
            )
            if deadline is None:
                errors.add(
                    "term_months",
                    _("Give the term this notice sets for the answer."),
                    code="term_required",
                )
            self.response_due_on = deadline.due_on if deadline else None
            self.rule_version = deadline.rule_version if deadline else ""
        errors.raise_any()
