from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from liaison.core.tables import ChoicesColumn, ObjectLinkColumn, ObjectTable

from .models import FeePayment, OfficeAction, Patent


class PatentTable(ObjectTable):
    application_number = ObjectLinkColumn(verbose_name=_("Application number"))
    title = tables.Column(verbose_name=_("Title"))
    jurisdiction = ChoicesColumn(verbose_name=_("Jurisdiction"))
    kind = ChoicesColumn(verbose_name=_("Kind"))
    status = ChoicesColumn(verbose_name=_("Status"))
    achievement = ObjectLinkColumn(verbose_name=_("Achievement"), related=True)

    class Meta(ObjectTable.Meta):
        model = Patent
        fields = (
            "application_number",
            "title",
            "jurisdiction",
            "kind",
            "status",
            "filed_on",
            "granted_on",
            "patent_number",
            "expires_on",
            "achievement",
        )


class FeePaymentTable(ObjectTable):
    paid_on = ObjectLinkColumn(verbose_name=_("Paid on"))
    kind = ChoicesColumn(verbose_name=_("Kind"))

    class Meta(ObjectTable.Meta):
        model = FeePayment
        fields = ("paid_on", "kind", "fee_year", "due_on", "amount", "surcharge", "currency")


class OfficeActionTable(ObjectTable):
    issued_on = ObjectLinkColumn(verbose_name=_("Issued on"))
    kind = ChoicesColumn(verbose_name=_("Kind"))

    class Meta(ObjectTable.Meta):
        model = OfficeAction
        fields = ("issued_on", "kind", "response_due_on", "responded_on")
