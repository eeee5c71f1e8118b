from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatentsConfig(AppConfig):
    name = "liaison.patents"
    verbose_name = _("Patents")

    def ready(self) -> None:
        # The write services register themselves; the docket's hourly job is imported here,
        # since the consumer of `liaison up` only schedules the periodic tasks it has been
        # told of (as the reminders app does).
        from . import services, tasks  # noqa: F401
