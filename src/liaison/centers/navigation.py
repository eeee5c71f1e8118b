from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import Appointment, Center

register(
    MenuItem(
        group="cooperation",
        label=_("Centers"),
        model=Center,
        url="centers:center_list",
        add_url="centers:center_add",
        icon="building-community",
        order=30,
    ),
    MenuItem(
        group="cooperation",
        label=_("Appointments"),
        model=Appointment,
        url="centers:appointment_list",
        icon="id-badge",
        order=40,
    ),
)
