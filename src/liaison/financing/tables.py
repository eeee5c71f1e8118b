from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from liaison.core.tables import (
    ChoicesColumn,
    MoneyColumn,
    ObjectLinkColumn,
    ObjectTable,
    RecordColumn,
)

from .models import FinancingRound


class FinancingRoundTable(ObjectTable):
    record = RecordColumn(verbose_name=_("Financing round"))
    venture = ObjectLinkColumn(verbose_name=_("Venture"), related=True)
    achievement = ObjectLinkColumn(verbose_name=_("Achievement"), related=True)
    kind = ChoicesColumn(verbose_name=_("Kind"))
    amount = MoneyColumn(verbose_name=_("Amount"))
    status = ChoicesColumn(verbose_name=_("Status"))

    class Meta(ObjectTable.Meta):
        model = FinancingRound
        fields = (
            "record",
            "venture",
            "achievement",
            "kind",
            "amount",
            "currency",
            "status",
            "announced_on",
            "closed_on",
        )
