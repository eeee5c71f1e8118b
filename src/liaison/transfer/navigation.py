from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import Cost, Income, PriceNotice, Reward, RewardPolicy

register(
    MenuItem(
        group="transfer",
        label=_("Price notices"),
        model=PriceNotice,
        url="transfer:pricenotice_list",
        add_url="transfer:pricenotice_add",
        icon="speakerphone",
        order=50,
    ),
    MenuItem(
        group="transfer",
        label=_("Income"),
        model=Income,
        url="transfer:income_list",
        add_url="transfer:income_add",
        icon="coin-yuan",
        order=52,
    ),
    MenuItem(
        group="transfer",
        label=_("Costs"),
        model=Cost,
        url="transfer:cost_list",
        add_url="transfer:cost_add",
        icon="receipt",
        order=54,
    ),
    MenuItem(
        group="transfer",
        label=_("Net income"),
        model=Income,
        url="transfer:net_income",
        icon="calculator",
        order=56,
    ),
    MenuItem(
        group="transfer",
        label=_("Rewards"),
        model=Reward,
        url="transfer:reward_list",
        add_url="transfer:reward_add",
        icon="award",
        order=58,
    ),
    MenuItem(
        group="transfer",
        label=_("Reward policies"),
        model=RewardPolicy,
        url="transfer:rewardpolicy_list",
        add_url="transfer:rewardpolicy_add",
        icon="scale",
        order=60,
    ),
)
