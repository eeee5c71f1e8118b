from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from liaison.core.tables import ChoicesColumn, ObjectLinkColumn, ObjectTable

from .models import Supervision, Trainee


class TraineeTable(ObjectTable):
    # The person's name opens the training record; the person's page is linked from there.
    person = ObjectLinkColumn(verbose_name=_("Trainee"))
    level = ChoicesColumn(verbose_name=_("Level"))
    agreement = ObjectLinkColumn(verbose_name=_("Agreement"), related=True)
    center = ObjectLinkColumn(verbose_name=_("Center"), related=True)
    status = ChoicesColumn(verbose_name=_("Status"))
    title = tables.Column(verbose_name=_("Thesis or project"))

    class Meta(ObjectTable.Meta):
        model = Trainee
        fields = (
            "person",
            "level",
            "agreement",
            "center",
            "starts_on",
            "ends_on",
            "status",
            "title",
        )


class SupervisionTable(ObjectTable):
    supervisor = ObjectLinkColumn(verbose_name=_("Supervisor"))
    side = ChoicesColumn(verbose_name=_("Side"))
    trainee = ObjectLinkColumn(verbose_name=_("Trainee"), related=True)

    class Meta(ObjectTable.Meta):
        model = Supervision
        fields = ("supervisor", "side", "trainee")
