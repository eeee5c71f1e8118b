from __future__ import annotations

from collections.abc import Collection

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.core.models import TrackedModel, in_language
from liaison.core.validators import normalize_credit_code, validate_credit_code

from .choices import OrganizationKind, OrganizationSize


class Organization(TrackedModel):
    """A university, institute, enterprise, hospital, investor or other body."""

    name_zh = models.CharField(_("Chinese name"), max_length=200, db_index=True)
    name_en = models.CharField(_("English name"), max_length=300, blank=True, db_index=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_(
            "18 characters, GB 32100; leave empty for organizations outside mainland China."
        ),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    is_institute = models.BooleanField(
        _("is the institute itself"),
        default=False,
        help_text=_("The institute whose office runs Liaison; exactly one organization."),
    )
    country = models.CharField(
        _("country"), max_length=2, default="CN", help_text=_("ISO 3166 code")
    )
    province = models.CharField(_("province"), max_length=50, blank=True)
    city = models.CharField(_("city"), max_length=50, blank=True, db_index=True)
    district = models.CharField(_("district"), max_length=50, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    size = models.CharField(_("size"), max_length=16, choices=OrganizationSize.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_zh"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="organization_credit_code_unique",
                violation_error_message=_("Another organization already has this credit code."),
            ),
            models.UniqueConstraint(
                fields=["is_institute"],
                condition=Q(is_institute=True),
                name="organization_one_institute",
                violation_error_message=_("Only one organization can be the institute itself."),
            ),
        ]

    def __str__(self) -> str:
        return in_language(self.name_zh, self.name_en)

    @property
    def is_local(self) -> bool:
        return self.city in settings.LIAISON_LOCAL_CITIES

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        # Before the field's checks, so that its length and validator see the stored form.
        self.credit_code = normalize_credit_code(self.credit_code or "")
        super().clean_fields(exclude)

    def clean(self) -> None:
        super().clean()
        # A parent chain that comes back to the organization would make "affiliated to" endless.
        parent, seen = self.parent, set[int]()
        while parent is not None and parent.pk not in seen:
            if self.pk is not None and parent.pk == self.pk:
                raise ValidationError(
                    {
                        "parent": ValidationError(
                            _(
                                "An organization cannot be its own parent, directly or through others."
                            ),
                            code="parent_cycle",
                        )
                    }
                )
            seen.add(parent.pk)
            parent = parent.parent
