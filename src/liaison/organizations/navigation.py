from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import Organization

register(
    MenuItem(
        group="partners",
        label=_("Organizations"),
        model=Organization,
        url="organizations:organization_list",
        add_url="organizations:organization_add",
        icon="building",
        order=10,
    )
)
