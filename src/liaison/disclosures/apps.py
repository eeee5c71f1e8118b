from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "liaison.disclosures"
    verbose_name = _("Invention disclosures")

    def ready(self) -> None:
        from . import researcher, services  # noqa: F401  (registers the write services)

        researcher.install()
