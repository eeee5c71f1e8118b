from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrokersConfig(AppConfig):
    name = "liaison.brokers"
    verbose_name = _("Technology brokers")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers the write services)
