from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "liaison.transfer"
    verbose_name = _("Transfer income and rewards")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers the write services)
