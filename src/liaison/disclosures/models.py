"""Invention disclosures: a researcher's report of an invention and the office's handling of it.

A disclosure names its inventors with their agreed contribution shares (adding up to 100 %),
the funding behind it (and whether a sponsor has rights in it), the dates that bar novelty,
and the companies likely to license it. The office acknowledges it with a case number,
evaluates and decides on it; an accepted one becomes an achievement, and keeps the link.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.achievements.models import Achievement
from liaison.agreements.models import Agreement
from liaison.centers.models import Center
from liaison.core.models import TrackedModel, in_language
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .choices import DisclosureDecision, DisclosureEventKind, DisclosureStatus

HUNDRED = Decimal("100.00")


class Disclosure(TrackedModel):
    """An invention disclosure, from its submission to the office's decision on it."""

    # Given by the office when it acknowledges the disclosure: "ID-2026-0007".
    case_number = models.CharField(
        _("case number"), max_length=32, unique=True, null=True, blank=True, editable=False
    )
    title_zh = models.CharField(_("Chinese title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=400, blank=True)
    description = models.TextField(
        _("description"),
        help_text=_(
            "What the invention is, the problem it solves and how it differs from what exists."
        ),
    )
    center = models.ForeignKey(
        Center,
        verbose_name=_("center"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="disclosures",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="submitted_disclosures",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="responsible_disclosures",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DisclosureStatus.choices,
        default=DisclosureStatus.SUBMITTED,
        editable=False,
        db_index=True,
    )
    # Set by the decide step only (the services refuse it as a field, the admin shows it
    # read-only); not marked uneditable, so that the API describes a decision not yet made
    # ("") among its choices.
    decision = models.CharField(
        _("decision"),
        max_length=16,
        choices=DisclosureDecision.choices,
        blank=True,
    )
    decision_note = models.TextField(_("decision note"), blank=True, editable=False)
    conceived_on = models.DateField(
        _("conceived on"), help_text=_("When the inventors first had the idea in full.")
    )
    first_public_on = models.DateField(
        _("first public disclosure on"),
        null=True,
        blank=True,
        help_text=_("A talk, poster, paper, thesis or sale that already made it public."),
    )
    planned_publication_on = models.DateField(
        _("planned publication on"),
        null=True,
        blank=True,
        help_text=_("When a paper, talk or thesis will make it public."),
    )
    likely_licensees = models.ManyToManyField(
        Organization,
        verbose_name=_("likely licensees"),
        related_name="disclosures_of_interest",
        blank=True,
    )
    # In the researcher's words: the companies they know of, which the office may not have
    # recorded (their roles show them no organization to choose).
    licensees_note = models.TextField(
        _("likely licensees, as the inventors know them"),
        blank=True,
        help_text=_("Companies that might license or use it, and why."),
    )
    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("achievement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="disclosures",
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True, editable=False)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True, editable=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("invention disclosure")
        verbose_name_plural = _("invention disclosures")
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="") | Q(decided_on__isnull=False),
                name="disclosure_decision_dated",
                violation_error_message=_("A decision on a disclosure carries its date."),
            ),
        ]

    def __str__(self) -> str:
        title = in_language(self.title_zh, self.title_en)
        return f"{self.case_number} {title}" if self.case_number else title


class DisclosureInventor(TrackedModel):
    """An inventor of a disclosure with their agreed share of the contribution, in percent."""

    disclosure = models.ForeignKey(
        Disclosure,
        verbose_name=_("invention disclosure"),
        on_delete=models.CASCADE,
        related_name="inventors",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="disclosure_shares",
    )
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.01"), message=_("A share is more than 0 %.")),
            MaxValueValidator(HUNDRED, message=_("A share is at most 100 %.")),
        ],
        help_text=_("The agreed contribution, in percent; the shares add up to 100."),
    )

    class Meta:
        verbose_name = _("inventor")
        verbose_name_plural = _("inventors")
        ordering = ["disclosure", "-share", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["disclosure", "person"],
                name="disclosure_inventor_once",
                violation_error_message=_("This person is already an inventor of the disclosure."),
            ),
            models.CheckConstraint(
                condition=Q(share__gt=0, share__lte=100),
                name="disclosure_inventor_share_0_to_100",
                violation_error_message=_("A share is more than 0 % and at most 100 %."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.share} %)"


class DisclosureFunding(TrackedModel):
    """A source of funding behind a disclosure, the agreement under which it came, and whether
    the sponsor has rights in the invention."""

    disclosure = models.ForeignKey(
        Disclosure,
        verbose_name=_("invention disclosure"),
        on_delete=models.CASCADE,
        related_name="funding",
    )
    sponsor = models.ForeignKey(
        Organization,
        verbose_name=_("sponsor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_disclosures",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_disclosures",
    )
    project = models.CharField(
        _("project"),
        max_length=300,
        blank=True,
        help_text=_("The grant or project, with its number."),
    )
    sponsor_has_rights = models.BooleanField(
        _("the sponsor has rights in it"),
        default=False,
        help_text=_("Ownership, a licence or an option the funding agreement gives the sponsor."),
    )
    rights_note = models.TextField(_("the sponsor's rights"), blank=True)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding")
        ordering = ["disclosure", "pk"]

    def __str__(self) -> str:
        return str(self.sponsor or self.project or self.agreement or _("funding"))


def attachment_path(instance: DisclosureAttachment, filename: str) -> str:
    return f"disclosures/{instance.disclosure_id}/{filename}"


class DisclosureAttachment(TrackedModel):
    """A document of a disclosure (a draft paper, drawings, lab notes), checked by its content."""

    disclosure = models.ForeignKey(
        Disclosure,
        verbose_name=_("invention disclosure"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)

    class Meta:
        verbose_name = _("disclosure attachment")
        verbose_name_plural = _("disclosure attachments")
        ordering = ["disclosure", "pk"]

    def __str__(self) -> str:
        return self.title


class DisclosureEvent(TrackedModel):
    """One dated step of the office's handling of a disclosure: written by its services only."""

    disclosure = models.ForeignKey(
        Disclosure,
        verbose_name=_("invention disclosure"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("step"), max_length=20, choices=DisclosureEventKind.choices)
    happened_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("disclosure history entry")
        verbose_name_plural = _("disclosure history")
        ordering = ["disclosure", "happened_on", "pk"]

    def __str__(self) -> str:
        return f"{self.happened_on:%Y-%m-%d} {self.get_kind_display()}"
