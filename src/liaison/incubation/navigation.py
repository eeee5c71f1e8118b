from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import Incubation

# Incubated companies are where achievements become companies: the transfer office's work.
register(
    MenuItem(
        group="transfer",
        label=_("Incubated companies"),
        model=Incubation,
        url="incubation:incubation_list",
        add_url="incubation:incubation_add",
        icon="building-factory-2",
        order=60,
    )
)
