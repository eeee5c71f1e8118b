from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from liaison.core.tables import ChoicesColumn, ObjectLinkColumn, ObjectTable, object_url

from .models import EventAchievement, EventAttendance, EventNeed, EventOutcome, MarketEvent


class MarketEventTable(ObjectTable):
    title = tables.Column(verbose_name=_("Event"), accessor="title_zh", order_by=("title_zh",))
    kind = ChoicesColumn(verbose_name=_("Kind"))
    status = ChoicesColumn(verbose_name=_("Status"))
    organizer = ObjectLinkColumn(verbose_name=_("Organizing center"), related=True)

    class Meta(ObjectTable.Meta):
        model = MarketEvent
        fields = (
            "title",
            "kind",
            "held_on",
            "ends_on",
            "place",
            "organizer",
            "status",
            "registration_closes_on",
            "capacity",
        )

    def render_title(self, record: MarketEvent) -> Any:
        return format_html('<a href="{}">{}</a>', object_url(record) or "#", record)

    def value_title(self, record: MarketEvent) -> str:
        return str(record)


class EventAchievementTable(ObjectTable):
    order = ObjectLinkColumn(verbose_name=_("Order"))
    event = ObjectLinkColumn(verbose_name=_("Event"), related=True)
    achievement = ObjectLinkColumn(verbose_name=_("Achievement"), related=True)
    presenter = ObjectLinkColumn(verbose_name=_("Presenter"), related=True)

    class Meta(ObjectTable.Meta):
        model = EventAchievement
        fields = ("order", "event", "achievement", "presenter", "pitch")


class EventNeedTable(ObjectTable):
    order = ObjectLinkColumn(verbose_name=_("Order"))
    event = ObjectLinkColumn(verbose_name=_("Event"), related=True)
    need = ObjectLinkColumn(verbose_name=_("Technical need"), related=True)
    need__organization = ObjectLinkColumn(verbose_name=_("Enterprise"), related=True)

    class Meta(ObjectTable.Meta):
        model = EventNeed
        fields = ("order", "event", "need", "need__organization", "note")


class EventAttendanceTable(ObjectTable):
    organization = ObjectLinkColumn(verbose_name=_("Organization"), related=False)
    event = ObjectLinkColumn(verbose_name=_("Event"), related=True)
    status = ChoicesColumn(verbose_name=_("Status"))
    from_portal = tables.BooleanColumn(verbose_name=_("From the portal"))

    class Meta(ObjectTable.Meta):
        model = EventAttendance
        fields = ("organization", "event", "status", "attendees", "registered_on", "from_portal")


class EventOutcomeTable(ObjectTable):
    organization = ObjectLinkColumn(verbose_name=_("Organization"), related=False)
    event = ObjectLinkColumn(verbose_name=_("Event"), related=True)
    kind = ChoicesColumn(verbose_name=_("Kind"))
    achievement = ObjectLinkColumn(verbose_name=_("Achievement presented"), related=True)
    need = ObjectLinkColumn(verbose_name=_("Need on show"), related=True)
    expert = ObjectLinkColumn(verbose_name=_("Expert"), related=True)
    agreement = ObjectLinkColumn(verbose_name=_("Agreement"), related=True)
    agreement__status = ChoicesColumn(verbose_name=_("Agreement's status"))

    class Meta(ObjectTable.Meta):
        model = EventOutcome
        fields = (
            "organization",
            "event",
            "kind",
            "noted_on",
            "achievement",
            "need",
            "expert",
            "agreement",
            "agreement__status",
        )
