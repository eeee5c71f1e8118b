from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatentsConfig(AppConfig):
    name = "liaison.patents"
    verbose_name = _("Patents")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers the write services)
