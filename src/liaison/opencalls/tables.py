from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from liaison.core.tables import (
    ChoicesColumn,
    MoneyColumn,
    ObjectLinkColumn,
    ObjectTable,
    RecordColumn,
)

from .models import CallApplication, CallAttachment, CallReview, OpenCall


class OpenCallTable(ObjectTable):
    title = RecordColumn(verbose_name=_("Open call"))
    need = ObjectLinkColumn(verbose_name=_("Technical need"), related=True)
    organization = ObjectLinkColumn(
        verbose_name=_("Enterprise"), accessor="need__organization", related=True
    )
    status = ChoicesColumn(verbose_name=_("Status"))
    reward = MoneyColumn(verbose_name=_("Reward"))

    class Meta(ObjectTable.Meta):
        model = OpenCall
        fields = ("title", "need", "organization", "status", "reward", "published_on", "deadline")


class CallApplicationTable(ObjectTable):
    application = RecordColumn(verbose_name=_("Application"))
    applicant_kind = ChoicesColumn(verbose_name=_("The team is"))
    status = ChoicesColumn(verbose_name=_("Status"))
    budget = MoneyColumn(verbose_name=_("Budget"))

    class Meta(ObjectTable.Meta):
        model = CallApplication
        fields = (
            "application",
            "applicant_kind",
            "status",
            "submitted_on",
            "budget",
            "duration_months",
            "decided_on",
        )

    def value_application(self, record: Any) -> str:
        return str(record)


class CallAttachmentTable(ObjectTable):
    title = ObjectLinkColumn(verbose_name=_("Title"))

    class Meta(ObjectTable.Meta):
        model = CallAttachment
        fields = ("title", "created_at")


class CallReviewTable(ObjectTable):
    side = ObjectLinkColumn(verbose_name=_("By"))
    recommendation = ChoicesColumn(verbose_name=_("Recommendation"))

    class Meta(ObjectTable.Meta):
        model = CallReview
        fields = ("side", "reviewer", "reviewed_on", "recommendation", "score", "opinion")
