from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import FinancingRound

register(
    MenuItem(
        group="transfer",
        label=_("Financing rounds"),
        model=FinancingRound,
        url="financing:financinground_list",
        add_url="financing:financinground_add",
        icon="coin-yuan",
        order=30,
    )
)
