from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "liaison.needs"
    verbose_name = _("Technical needs")

    def ready(self) -> None:
        # services and attachments register the write services (attachments: those of a
        # need's files and messages); responses, the researcher's page's proposals.
        from . import attachments, responses, services  # noqa: F401
