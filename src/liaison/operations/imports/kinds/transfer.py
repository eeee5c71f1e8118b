"""The transfer side's records: the Art. 18 price notices, income received and costs borne.

A price notice (named by its agreement and achievement) comes before the agreements' lifecycle
is walked, since a transfer or licence is signed only once the notice of its price has run:
drafted, posted and concluded (or withdrawn) through the transfer services with the row's
dates. Income is received under a signed agreement, for an achievement, perhaps paying one of
the agreement's payment milestones (`WZ-2024-001 2024-04-01 首付款`: the agreement's number,
the milestone's due date and title); a cost is borne for an achievement.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from import_export.fields import Field

from liaison.agreements.models import PaymentMilestone
from liaison.people.models import Person
from liaison.transfer import services
from liaison.transfer.choices import NoticeStatus
from liaison.transfer.models import Cost, Income, PriceNotice

from .. import widgets as cells
from ..columns import KindsResource, ManyKeys, by_render
from ..registry import register
from ..resources import Lifecycle, Step, key_widget, natural_key
from . import achievements  # noqa: F401  (achievements are named first)


def milestone_key(milestone: PaymentMilestone) -> str:
    return f"{milestone.agreement.number} {milestone.due_on:%Y-%m-%d} {milestone.title}"


def resolve_milestones(values: list[str]) -> dict[str, Any]:
    numbers = {value.split(maxsplit=1)[0] for value in values if value.split()}
    found = PaymentMilestone.objects.filter(agreement__number__in=numbers).select_related(
        "agreement"
    )
    return by_render(found, milestone_key, values)


natural_key(
    PaymentMilestone,
    lambda: cells.NaturalKey(
        PaymentMilestone,
        resolve=resolve_milestones,
        render=milestone_key,
        unknown=lambda: _(
            "No payment milestone is “%(value)s”: write its agreement's number, its due date "
            "and its title, as WZ-2024-001 2024-04-01 首付款."
        ),
        ambiguous=lambda: _("Several payment milestones are “%(value)s”."),
    ),
)

AGREEMENT_HEADER = ("Agreement (number)", "协议（编号）")
ACHIEVEMENT_HEADER = ("Achievement (Chinese title)", "成果（中文标题）")

NOTICE_LIFE = Lifecycle(
    initial=NoticeStatus.DRAFT,
    steps=(
        Step(
            NoticeStatus.POSTED,
            lambda n, v, by: services.notice_post(notice=n, posted_on=v["posted_on"], by=by),
            needs=("posted_on",),
            optional=True,
        ),
        Step(
            NoticeStatus.CONCLUDED,
            lambda n, v, by: services.notice_conclude(
                notice=n, concluded_on=v["concluded_on"], by=by
            ),
            needs=("concluded_on",),
            final=True,
        ),
        Step(
            NoticeStatus.WITHDRAWN,
            lambda n, v, by: services.notice_withdraw(
                notice=n,
                withdrawn_on=v["withdrawn_on"],
                reason=v.get("withdraw_reason") or "",
                by=by,
            ),
            needs=("withdrawn_on",),
            final=True,
        ),
    ),
    errors_on={"reason": "withdraw_reason"},
)


class PriceNoticeResource(KindsResource):
    completers = Field(
        attribute="completers", column_name="completers", widget=ManyKeys(key_widget(Person))
    )
    lifecycle = NOTICE_LIFE
    step_columns = ("withdraw_reason",)
    headers = {
        "agreement": AGREEMENT_HEADER,
        "achievement": ACHIEVEMENT_HEADER,
        "completers": (
            "Completers (name and organization, separated by semicolons)",
            "完成人（姓名和单位，以分号分隔）",
        ),
    }

    class Meta(KindsResource.Meta):
        model = PriceNotice
        fields = (
            "agreement",
            "achievement",
            "completers",
            "price",
            "currency",
            "pricing",
            "evidence",
            "text",
            "period_days",
            "status",
            "posted_on",
            "concluded_on",
            "withdrawn_on",
            "withdraw_reason",
        )
        import_id_fields = ("agreement", "achievement")

    def export_queryset(self, user: Any) -> Any:
        return (
            super().export_queryset(user).prefetch_related("completers__affiliations__organization")
        )


# Before the agreements' lifecycle (walked once their parties are in): a transfer is signed
# only after its price notice has run.
register("price-notices", PriceNoticeResource, order=55)


class IncomeResource(KindsResource):
    headers = {
        "agreement": AGREEMENT_HEADER,
        "achievement": ACHIEVEMENT_HEADER,
        "milestone": (
            "Milestone (agreement number, due date and title)",
            "付款节点（协议编号、到期日和名称）",
        ),
        "payer": ("Payer (credit code or Chinese name)", "付款方（信用代码或中文名称）"),
    }

    class Meta(KindsResource.Meta):
        model = Income
        fields = (
            "agreement",
            "achievement",
            "kind",
            "received_on",
            "amount",
            "currency",
            "milestone",
            "payer",
            "reference",
            "note",
        )
        import_id_fields = ("agreement", "achievement", "kind", "received_on")

    def export_queryset(self, user: Any) -> Any:
        return super().export_queryset(user).select_related("milestone__agreement")


register("income", IncomeResource, order=150)


class CostResource(KindsResource):
    headers = {
        "achievement": ACHIEVEMENT_HEADER,
        "payee": ("Payee (credit code or Chinese name)", "收款方（信用代码或中文名称）"),
    }

    class Meta(KindsResource.Meta):
        model = Cost
        fields = (
            "achievement",
            "kind",
            "incurred_on",
            "amount",
            "currency",
            "payee",
            "description",
        )
        import_id_fields = ("achievement", "kind", "incurred_on", "amount")


register("costs", CostResource, order=155)
