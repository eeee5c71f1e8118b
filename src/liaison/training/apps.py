from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "liaison.training"
    verbose_name = _("Joint talent training")

    def ready(self) -> None:
        from . import (
            pages,  # noqa: F401  (adds the joint training to the agreement's page)
            services,  # noqa: F401  (registers the write services)
        )
