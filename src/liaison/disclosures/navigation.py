from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import Disclosure

register(
    MenuItem(
        group="transfer",
        label=_("Invention disclosures"),
        model=Disclosure,
        url="disclosures:disclosure_list",
        add_url="disclosures:disclosure_add",
        icon="file-description",
        order=10,
    )
)
