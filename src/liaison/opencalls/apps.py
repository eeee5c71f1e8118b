from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpencallsConfig(AppConfig):
    name = "liaison.opencalls"
    verbose_name = _("Open calls")

    def ready(self) -> None:
        from . import researcher, services  # noqa: F401  (registers the write services)

        researcher.install()
