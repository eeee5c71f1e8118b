from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import OpenCall

# Publishing a need as an open call is the office's way of finding a team for it.
register(
    MenuItem(
        group="transfer",
        label=_("Open calls"),
        model=OpenCall,
        url="opencalls:opencall_list",
        add_url="opencalls:opencall_add",
        icon="speakerphone",
        order=15,
    )
)
