from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from liaison.core.tables import ChoicesColumn, ListColumn, ObjectLinkColumn, ObjectTable

from .models import Achievement


class AchievementTable(ObjectTable):
    title_zh = ObjectLinkColumn(verbose_name=_("Chinese title"))
    title_en = tables.Column(verbose_name=_("English title"))
    kind = ChoicesColumn(verbose_name=_("Kind"))
    center = ObjectLinkColumn(verbose_name=_("Center"), related=True)
    stage = ChoicesColumn(verbose_name=_("Stage"))
    transfer_mode = ChoicesColumn(verbose_name=_("Transfer mode"))
    keywords = ListColumn(verbose_name=_("Keywords"), orderable=False)

    class Meta(ObjectTable.Meta):
        model = Achievement
        fields = (
            "title_zh",
            "title_en",
            "kind",
            "center",
            "trl",
            "stage",
            "stage_since",
            "transfer_mode",
            "patent_number",
            "keywords",
        )
