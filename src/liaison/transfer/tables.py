from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from liaison.core.display import hidden_badge
from liaison.core.numbers import format_amount
from liaison.core.permissions import is_hidden
from liaison.core.tables import ChoicesColumn, MoneyColumn, ObjectLinkColumn, ObjectTable

from .models import Cost, Income, PriceNotice, PriceObjection, Reward, RewardPolicy, RewardShare


class PriceNoticeTable(ObjectTable):
    agreement = ObjectLinkColumn(verbose_name=_("Agreement"))
    achievement = ObjectLinkColumn(verbose_name=_("Achievement"), related=True)
    price = MoneyColumn(verbose_name=_("Price"))
    pricing = ChoicesColumn(verbose_name=_("How the price was set"))
    status = ChoicesColumn(verbose_name=_("Status"))

    class Meta(ObjectTable.Meta):
        model = PriceNotice
        fields = ("agreement", "achievement", "price", "pricing", "status", "posted_on", "ends_on")


class PriceObjectionTable(ObjectTable):
    raised_on = ObjectLinkColumn(verbose_name=_("Raised on"))
    notice = ObjectLinkColumn(verbose_name=_("Price notice"), related=True)
    outcome = ChoicesColumn(verbose_name=_("Outcome"))

    class Meta(ObjectTable.Meta):
        model = PriceObjection
        fields = ("raised_on", "notice", "raised_by", "outcome", "decided_on")


class IncomeTable(ObjectTable):
    received_on = ObjectLinkColumn(verbose_name=_("Received on"))
    kind = ChoicesColumn(verbose_name=_("Kind"))
    amount = MoneyColumn(verbose_name=_("Amount"))
    agreement = ObjectLinkColumn(verbose_name=_("Agreement"), related=True)
    achievement = ObjectLinkColumn(verbose_name=_("Achievement"), related=True)
    milestone = tables.Column(verbose_name=_("Milestone"))

    class Meta(ObjectTable.Meta):
        model = Income
        fields = ("received_on", "kind", "amount", "agreement", "achievement", "milestone")


class CostTable(ObjectTable):
    incurred_on = ObjectLinkColumn(verbose_name=_("Incurred on"))
    kind = ChoicesColumn(verbose_name=_("Kind"))
    amount = MoneyColumn(verbose_name=_("Amount"))
    achievement = ObjectLinkColumn(verbose_name=_("Achievement"), related=True)
    payee = ObjectLinkColumn(verbose_name=_("Payee"), related=True)

    class Meta(ObjectTable.Meta):
        model = Cost
        fields = ("incurred_on", "kind", "amount", "achievement", "payee")


class RewardPolicyTable(ObjectTable):
    title = ObjectLinkColumn(verbose_name=_("Title"))
    regime = ChoicesColumn(verbose_name=_("Statutory regime"))

    class Meta(ObjectTable.Meta):
        model = RewardPolicy
        fields = (
            "title",
            "regime",
            "effective_from",
            "effective_until",
            "transfer_rate",
            "equity_rate",
            "implementation_rate",
            "implementation_years",
            "notice_days",
        )


class RewardTable(ObjectTable):
    achievement = ObjectLinkColumn(verbose_name=_("Achievement"))
    basis = ChoicesColumn(verbose_name=_("Basis"))
    amount = MoneyColumn(verbose_name=_("Amount"))
    status = ChoicesColumn(verbose_name=_("Status"))

    class Meta(ObjectTable.Meta):
        model = Reward
        fields = (
            "achievement",
            "basis",
            "amount",
            "rate",
            "rule",
            "rule_version",
            "status",
            "proposed_on",
            "approved_on",
            "paid_on",
        )


class ShareAmountColumn(MoneyColumn):
    """A share's amount, in its reward's currency."""

    def render(self, value: Any, record: Any) -> Any:
        if is_hidden(value):
            return hidden_badge()
        return format_amount(value, record.reward.currency)


class RewardShareTable(ObjectTable):
    person = ObjectLinkColumn(verbose_name=_("Person"))
    reward = tables.Column(verbose_name=_("Reward"))
    amount = ShareAmountColumn(verbose_name=_("Amount"))

    class Meta(ObjectTable.Meta):
        model = RewardShare
        fields = ("person", "reward", "share", "amount", "paid_on")
