from __future__ import annotations

from liaison.core.forms import ObjectForm, RecordSelect

from .models import Organization


class OrganizationForm(ObjectForm):
    list_fields = ("aliases", "tags")

    class Meta(ObjectForm.Meta):
        model = Organization
        fields = (
            "name_zh",
            "name_en",
            "aliases",
            "kind",
            "credit_code",
            "parent",
            "country",
            "province",
            "city",
            "district",
            "industry",
            "size",
            "founded_on",
            "website",
            "description",
            "tags",
        )
        widgets = {
            # Tens of thousands of organizations: searched, never listed in full.
            "parent": RecordSelect(Organization, ("name_zh", "name_en", "aliases__json")),
        }
