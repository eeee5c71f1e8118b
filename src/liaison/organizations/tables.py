from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from liaison.core.tables import ChoicesColumn, ListColumn, ObjectLinkColumn, ObjectTable

from .models import Organization


class OrganizationTable(ObjectTable):
    name_zh = ObjectLinkColumn(verbose_name=_("Chinese name"))
    name_en = tables.Column(verbose_name=_("English name"))
    kind = ChoicesColumn(verbose_name=_("Kind"))
    parent = ObjectLinkColumn(verbose_name=_("Parent organization"), related=True)
    tags = ListColumn(verbose_name=_("Tags"), orderable=False)

    class Meta(ObjectTable.Meta):
        model = Organization
        fields = (
            "name_zh",
            "name_en",
            "kind",
            "credit_code",
            "province",
            "city",
            "industry",
            "parent",
            "tags",
        )
