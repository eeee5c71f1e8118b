from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "liaison.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Each app adds its pages to the menu in its own navigation.py.
        autodiscover_modules("navigation")
        from django.contrib.auth.signals import user_logged_in

        # Registered with the job queue at start, so a consumer in this process (liaison up)
        # knows an export queued before a restart.
        from . import freshness, tasks, textsearch  # noqa: F401
        from .sessions import stamp_sign_in
        from .tables import remember_signatures

        remember_signatures()
        # A cached reading (the dashboard's) is keyed by a generation every change moves on.
        freshness.connect()

        # The search boxes' lookups that PostgreSQL's search indexes serve.
        textsearch.register()

        # A session just signed in counts as fresh (see core.sessions).
        user_logged_in.connect(stamp_sign_in, dispatch_uid="liaison-stamp-sign-in")
