from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import Person

register(
    MenuItem(
        group="partners",
        label=_("People"),
        model=Person,
        url="people:person_list",
        add_url="people:person_add",
        icon="users",
        order=20,
    )
)
