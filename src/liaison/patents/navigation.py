from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import Patent

register(
    MenuItem(
        group="transfer",
        label=_("Patents"),
        model=Patent,
        url="patents:patent_list",
        add_url="patents:patent_add",
        icon="certificate",
        order=25,
    ),
    MenuItem(
        group="transfer",
        label=_("Fee calendar"),
        model=Patent,
        url="patents:fee_calendar",
        icon="calendar-due",
        order=26,
    ),
)
