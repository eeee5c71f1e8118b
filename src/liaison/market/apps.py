from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "liaison.market"
    verbose_name = _("Roadshows and matchmaking fairs")

    def ready(self) -> None:
        from . import (
            pages,  # noqa: F401  (adds the events an agreement came from to its page)
            services,  # noqa: F401  (registers the write services)
        )
