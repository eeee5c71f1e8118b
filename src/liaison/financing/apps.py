from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "liaison.financing"
    verbose_name = _("Financing")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers the write services)
