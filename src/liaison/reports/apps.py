from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "liaison.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers the write services)
