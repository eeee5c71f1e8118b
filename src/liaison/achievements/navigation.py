from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import Achievement

register(
    MenuItem(
        group="transfer",
        label=_("Achievements"),
        model=Achievement,
        url="achievements:achievement_list",
        add_url="achievements:achievement_add",
        icon="bulb",
        order=20,
    )
)
