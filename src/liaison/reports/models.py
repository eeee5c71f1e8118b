"""A report as it was saved: its period, center, language and the figures it stated.

A saved report keeps each metric's key, the version of its definition and its value (and
its parts, and the previous period's value beside it), so that showing it again shows what
was reported then — never a recomputation under a newer definition.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.models import TrackedModel


class SavedReport(TrackedModel):
    """The institute's (or one center's) report for a period, with the figures it stated."""

    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"))
    center = models.ForeignKey(
        "centers.Center",
        verbose_name=_("center"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="saved_reports",
        help_text=_("Empty: the whole institute."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="saved_reports",
    )
    # [{key, version, value (a decimal as a string), previous, hidden, parts: [{value, label,
    # amount}]}], in the report's order: what the report stated when it was saved.
    figures = models.JSONField(_("figures"), default=list, blank=True)

    class Meta:
        verbose_name = _("saved report")
        verbose_name_plural = _("saved reports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
