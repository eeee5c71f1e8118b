from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import ServiceRecord, TechnicalNeed

register(
    MenuItem(
        group="transfer",
        label=_("Technical needs"),
        model=TechnicalNeed,
        url="needs:technicalneed_list",
        add_url="needs:technicalneed_add",
        icon="bulb",
        order=10,
    ),
    MenuItem(
        group="transfer",
        label=_("Service records"),
        model=ServiceRecord,
        url="needs:servicerecord_list",
        add_url="needs:servicerecord_add",
        icon="tool",
        order=20,
    ),
)
