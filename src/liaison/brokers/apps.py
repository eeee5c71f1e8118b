from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrokersConfig(AppConfig):
    name = "liaison.brokers"
    verbose_name = _("Technology brokers")

    def ready(self) -> None:
        from . import (
            pages,  # noqa: F401  (adds the brokers to the agreement's and the broker's own page)
            services,  # noqa: F401  (registers the write services)
        )
