"""The admin of people and their affiliations over time."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from liaison.core.admin import RECORD_FIELDSET, TrackedAdmin, TrackedInline

from .models import Affiliation, Person


class AffiliationInline(TrackedInline):
    model = Affiliation
    fields = ("organization", "position", "starts_on", "ends_on", "is_primary")


@admin.register(Person)
class PersonAdmin(TrackedAdmin):
    list_display = ("name_zh", "name_en", "kind", "title", "available")
    list_filter = ("kind", "available")
    search_fields = ("name_zh", "name_en", "title", "email", "phone")
    raw_id_fields = ("user",)
    inlines = (AffiliationInline,)
    fieldsets = (
        (None, {"fields": ("name_zh", "name_en", "kind", "title", "honours", "available")}),
        (_("Expertise"), {"fields": ("expertise", "profile")}),
        (_("Contact (personal data)"), {"fields": ("email", "phone", "user")}),
        RECORD_FIELDSET,
    )


@admin.register(Affiliation)
class AffiliationAdmin(TrackedAdmin):
    list_display = ("person", "organization", "position", "starts_on", "ends_on", "is_primary")
    list_filter = ("is_primary", "starts_on", "ends_on")
    search_fields = (
        "person__name_zh",
        "person__name_en",
        "organization__name_zh",
        "organization__name_en",
        "position",
    )
    list_select_related = ("person", "organization")
    autocomplete_fields = ("person", "organization")
