from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register
from liaison.organizations.models import Organization

register(
    MenuItem(
        group="reports",
        label=_("Imports and exports"),
        # Shown to those who may import: the office, who may add organizations.
        model=Organization,
        action="add",
        url="operations:imports",
        icon="file-import",
        order=90,
    ),
)
