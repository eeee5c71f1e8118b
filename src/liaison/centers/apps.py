from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentersConfig(AppConfig):
    name = "liaison.centers"
    verbose_name = _("Centers")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers the write services)
