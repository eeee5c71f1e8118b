from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.core.tables import ChoicesColumn, MoneyColumn, ObjectLinkColumn, ObjectTable

from .models import Incubation, IncubationMilestone, IncubationResource


class IncubationTable(ObjectTable):
    organization = ObjectLinkColumn(verbose_name=_("Company"), related=False)
    center = ObjectLinkColumn(verbose_name=_("Incubation center"), related=True)
    origin = ChoicesColumn(verbose_name=_("Origin"))
    status = ChoicesColumn(verbose_name=_("Status"))

    class Meta(ObjectTable.Meta):
        model = Incubation
        fields = (
            "organization",
            "center",
            "origin",
            "status",
            "admitted_on",
            "incubating_since",
            "exited_on",
            "institute_shareholding",
            "area_m2",
        )


class IncubationMilestoneTable(ObjectTable):
    reached_on = ObjectLinkColumn(verbose_name=_("Reached on"))
    kind = ChoicesColumn(verbose_name=_("Kind"))
    amount = MoneyColumn(verbose_name=_("Amount"))

    class Meta(ObjectTable.Meta):
        model = IncubationMilestone
        fields = ("reached_on", "kind", "amount", "evidence")


class IncubationResourceTable(ObjectTable):
    kind = ObjectLinkColumn(verbose_name=_("Kind"))
    fee = MoneyColumn(verbose_name=_("Fee"))

    class Meta(ObjectTable.Meta):
        model = IncubationResource
        fields = ("kind", "starts_on", "ends_on", "area_m2", "fee")
