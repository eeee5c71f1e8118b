from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "liaison.people"
    verbose_name = _("People")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers the write services)
