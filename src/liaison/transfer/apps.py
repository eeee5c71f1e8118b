from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "liaison.transfer"
    verbose_name = _("Transfer income and rewards")

    def ready(self) -> None:
        # The write services and the signing check of the price notice; "Your rewards" on the
        # researcher's page.
        from . import researcher, services  # noqa: F401
