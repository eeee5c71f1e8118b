from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import Broker

# Brokers bring the enterprises and their deals: the market around the transfer office.
register(
    MenuItem(
        group="transfer",
        label=_("Technology brokers"),
        model=Broker,
        url="brokers:broker_list",
        add_url="brokers:broker_add",
        icon="user-dollar",
        order=70,
    ),
    MenuItem(
        group="reports",
        label=_("Brokers' ranking"),
        model=Broker,
        url="brokers:broker_ranking",
        icon="trophy",
        order=70,
    ),
)
