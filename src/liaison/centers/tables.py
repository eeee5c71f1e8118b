from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from liaison.core.tables import ChoicesColumn, ListColumn, ObjectLinkColumn, ObjectTable

from .models import Appointment, Center


class CenterTable(ObjectTable):
    name_zh = ObjectLinkColumn(verbose_name=_("Chinese name"))
    name_en = tables.Column(verbose_name=_("English name"))
    kind = ChoicesColumn(verbose_name=_("Kind"))
    status = ChoicesColumn(verbose_name=_("Status"))
    parent = ObjectLinkColumn(verbose_name=_("Parent center"), related=True)
    focus_areas = ListColumn(verbose_name=_("Focus areas"), orderable=False)
    # Counted in the list's one query (see CenterListView's queryset).
    partner_count = tables.Column(
        verbose_name=_("Partners"), attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}}
    )
    achievement_count = tables.Column(
        verbose_name=_("Achievements"),
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )

    class Meta(ObjectTable.Meta):
        model = Center
        fields = (
            "name_zh",
            "name_en",
            "kind",
            "status",
            "established_on",
            "parent",
            "focus_areas",
            "partner_count",
            "achievement_count",
        )


class AppointmentTable(ObjectTable):
    person = ObjectLinkColumn(verbose_name=_("Person"), related=True)
    role = ChoicesColumn(verbose_name=_("Role"))
    center = ObjectLinkColumn(verbose_name=_("Center"), related=True)
    committee = tables.Column(verbose_name=_("Committee"))
    # The term's start opens the appointment, where its term can be ended.
    starts_on = ObjectLinkColumn(verbose_name=_("Term starts"))

    class Meta(ObjectTable.Meta):
        model = Appointment
        fields = ("person", "role", "center", "committee", "starts_on", "ends_on")
