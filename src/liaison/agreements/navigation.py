from django.utils.translation import gettext_lazy as _

from liaison.core.navigation import MenuItem, register

from .models import Agreement, ContractRegistration, SigningEvent

register(
    MenuItem(
        group="cooperation",
        label=_("Agreements"),
        model=Agreement,
        url="agreements:agreement_list",
        add_url="agreements:agreement_add",
        icon="file-certificate",
        order=10,
    ),
    MenuItem(
        group="cooperation",
        label=_("Signing events"),
        model=SigningEvent,
        url="agreements:signingevent_list",
        add_url="agreements:signingevent_add",
        icon="writing-sign",
        order=20,
    ),
    MenuItem(
        group="transfer",
        label=_("Contract registrations"),
        model=ContractRegistration,
        url="agreements:contractregistration_list",
        icon="stamp",
        order=70,
    ),
)
