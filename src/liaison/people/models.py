from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison.core.models import TrackedModel, in_language
from liaison.organizations.models import Organization

from .choices import PersonKind


class Person(TrackedModel):
    """A researcher, expert, enterprise or investor contact."""

    name_zh = models.CharField(_("Chinese name"), max_length=100, db_index=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=PersonKind.choices)
    title = models.CharField(
        pgettext_lazy("person", "title"),
        max_length=200,
        blank=True,
        help_text=_("e.g. professor, chief physician"),
    )
    honours = models.JSONField(_("honours"), default=list, blank=True)
    expertise = models.JSONField(_("expertise keywords"), default=list, blank=True)
    profile = models.TextField(_("profile"), blank=True)
    available = models.BooleanField(_("available for new work"), default=True)
    # Personal data: shown only to roles that need it (see core.permissions).
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_zh"]

    def __str__(self) -> str:
        return in_language(self.name_zh, self.name_en)


class Affiliation(TrackedModel):
    """A person's position at an organization over a span of time."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="affiliations",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    is_primary = models.BooleanField(_("primary affiliation"), default=False)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["person", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="affiliation_ends_after_start",
                violation_error_message=_("An affiliation cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(is_primary=True),
                name="affiliation_one_primary",
                violation_error_message=_(
                    "This person already has a primary affiliation; make that one secondary first."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.organization}"
