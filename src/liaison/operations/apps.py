from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "liaison.operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        # Imported here, since a job consumer only schedules the periodic tasks it was told of.
        from . import tasks  # noqa: F401
        from .imports import tasks as import_tasks  # noqa: F401
