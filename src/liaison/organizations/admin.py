"""The admin of organizations: partners, enterprises, hospitals, investors and the institute."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import RECORD_FIELDSET, TrackedAdmin

from .models import Organization


@admin.register(Organization)
class OrganizationAdmin(TrackedAdmin):
    list_display = (
        "name_zh",
        "name_en",
        "kind",
        "credit_code",
        "province",
        "city",
        "parent",
        "is_institute",
    )
    list_filter = ("kind", "size", "is_institute", "country", "province", "city")
    search_fields = ("name_zh", "name_en", "credit_code", "industry")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name_zh",
                    "name_en",
                    "aliases",
                    "kind",
                    "is_institute",
                    "credit_code",
                    "parent",
                )
            },
        ),
        (_("Place"), {"fields": ("country", "province", "city", "district")}),
        (
            _("Profile"),
            {"fields": ("industry", "size", "founded_on", "website", "description", "tags")},
        ),
        RECORD_FIELDSET,
    )
