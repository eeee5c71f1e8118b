from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "liaison.organizations"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers the write services)
