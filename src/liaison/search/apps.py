from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "liaison.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from .indexes import register

        # The searches ask PostgreSQL's indexes only of the fields that have one.
        register()
