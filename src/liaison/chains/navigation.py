from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import IndustryChain

# The region's industry chains are where the office looks for partners and gaps.
register(
    MenuItem(
        group="partners",
        label=_("Industry chains"),
        model=IndustryChain,
        url="chains:industrychain_list",
        add_url="chains:industrychain_add",
        icon="hierarchy-3",
        order=60,
    )
)
