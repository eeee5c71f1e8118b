from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "liaison.reminders"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        # Registered with the job queue at start: the consumer `liaison up` runs in its own
        # process only schedules the periodic tasks it has been told of (run_huey would
        # autodiscover them; the in-process consumer does not).
        from . import tasks  # noqa: F401
