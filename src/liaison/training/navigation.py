from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import Trainee

register(
    MenuItem(
        group="cooperation",
        label=_("Joint training"),
        model=Trainee,
        url="training:trainee_list",
        add_url="training:trainee_add",
        icon="school",
        order=60,
    )
)
