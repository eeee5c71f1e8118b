from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "liaison.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from liaison.core import permissions

        from . import grants, invitations, services  # noqa: F401  (registers the write services)

        permissions.set_grant_source(grants.grants_of)
        from . import audit  # noqa: F401  (connects the audit log's receivers)
