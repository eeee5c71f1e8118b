from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from liaison.core.tables import (
    ChoicesColumn,
    ListColumn,
    MoneyColumn,
    ObjectLinkColumn,
    ObjectTable,
    RecordColumn,
)

from .models import Broker, BrokerEngagement, CommissionPayment, Introduction


class BrokerTable(ObjectTable):
    name = RecordColumn(verbose_name=_("Broker"))
    kind = tables.Column(verbose_name=_("Kind"), accessor="pk", orderable=False)
    certificate_level = ChoicesColumn(verbose_name=_("Certificate level"))
    status = ChoicesColumn(verbose_name=_("Status"))
    fields_of_practice = ListColumn(verbose_name=_("Fields of practice"), orderable=False)

    class Meta(ObjectTable.Meta):
        model = Broker
        fields = (
            "name",
            "kind",
            "certificate_level",
            "certificate_number",
            "status",
            "fields_of_practice",
            "default_commission_rate",
        )

    def render_kind(self, record: Broker) -> Any:
        return record.get_kind_display()

    def value_kind(self, record: Broker) -> Any:
        return record.get_kind_display()


class BrokerEngagementTable(ObjectTable):
    record = RecordColumn(verbose_name=_("Engagement"))
    broker = ObjectLinkColumn(verbose_name=_("Broker"), related=True)
    agreement = ObjectLinkColumn(verbose_name=_("Agreement"), related=True)
    basis = ChoicesColumn(verbose_name=_("Commission basis"))
    commission_amount = MoneyColumn(verbose_name=_("Commission agreed"))

    class Meta(ObjectTable.Meta):
        model = BrokerEngagement
        fields = ("record", "broker", "agreement", "basis", "commission_rate", "commission_amount")


class CommissionPaymentTable(ObjectTable):
    paid_on = ObjectLinkColumn(verbose_name=_("Paid on"))
    engagement = ObjectLinkColumn(verbose_name=_("Engagement"), related=True)
    amount = MoneyColumn(verbose_name=_("Amount"))

    class Meta(ObjectTable.Meta):
        model = CommissionPayment
        fields = ("paid_on", "engagement", "amount", "reference")


class IntroductionTable(ObjectTable):
    introduced_on = ObjectLinkColumn(verbose_name=_("Introduced on"))
    broker = ObjectLinkColumn(verbose_name=_("Broker"), related=True)
    need = ObjectLinkColumn(verbose_name=_("Need"), related=True)
    organization = ObjectLinkColumn(verbose_name=_("Enterprise"), related=True)

    class Meta(ObjectTable.Meta):
        model = Introduction
        fields = ("introduced_on", "broker", "need", "organization")
