from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AchievementsConfig(AppConfig):
    name = "liaison.achievements"
    verbose_name = _("Achievements")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers the write services)
