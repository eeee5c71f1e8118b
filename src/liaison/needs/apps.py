from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "liaison.needs"
    verbose_name = _("Technical needs")

    def ready(self) -> None:
        from . import attachments, services  # noqa: F401  (registers the write services)
