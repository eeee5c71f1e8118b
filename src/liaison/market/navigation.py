from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import MarketEvent

# Roadshows and fairs take the institute's achievements to the enterprises: transfer work.
register(
    MenuItem(
        group="transfer",
        label=_("Roadshows and fairs"),
        model=MarketEvent,
        url="market:marketevent_list",
        add_url="market:marketevent_add",
        icon="presentation",
        order=75,
    )
)
