from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import AuditEvent

# Shown only to those who may view audit events: the administrators.
register(
    MenuItem(
        group="reports",
        label=_("Audit log"),
        model=AuditEvent,
        url="accounts:audit",
        icon="shield-check",
        order=90,
    )
)
