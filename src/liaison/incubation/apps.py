from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncubationConfig(AppConfig):
    name = "liaison.incubation"
    verbose_name = _("Incubation")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers the write services)
