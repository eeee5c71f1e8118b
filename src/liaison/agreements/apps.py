from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "liaison.agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from . import registration_services, services  # noqa: F401  (register the write services)
