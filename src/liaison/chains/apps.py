from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChainsConfig(AppConfig):
    name = "liaison.chains"
    verbose_name = _("Industry chains")

    def ready(self) -> None:
        from . import (
            pages,  # noqa: F401  (adds the segments to the agreement's page)
            services,  # noqa: F401  (registers the write services)
        )
