"""The pages' menu: each app registers its items in its own `navigation.py`.

`CoreConfig.ready()` imports every installed app's `navigation` module (as the admin finds
`admin` modules), so an app adds itself to the menu without touching core:

    # organizations/navigation.py
    from liaison.core.navigation import MenuItem, register
    register(MenuItem(group="partners", label=_("Organizations"), model=Organization,
                      url="organizations:organization_list", add_url="organizations:organization_add",
                      icon="building", order=10))

An item is shown to a user who may view its model (`core.permissions`), and only once its
URL exists, so an app's menu entry may land before its pages do.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .permissions import Action, user_may

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django_stubs_ext import StrOrPromise

# The menu's groups in the order the office thinks of its work.
GROUPS: dict[str, StrOrPromise] = {
    "partners": _("Partners"),
    "cooperation": _("Cooperation"),
    "transfer": _("Transfer"),
    "reports": _("Reports"),
}


@dataclasses.dataclass(frozen=True)
class MenuItem:
    group: str
    label: StrOrPromise
    url: str
    model: Any = None
    add_url: str | None = None
    icon: str = ""
    order: int = 100
    # What the user must be allowed to do with `model` to see the item (the imports page:
    # add organizations).
    action: Action = "view"


_items: list[MenuItem] = []


def register(*items: MenuItem) -> None:
    """Add `items` to the menu; registering the same URL twice keeps the first."""
    for item in items:
        if item.group not in GROUPS:
            raise ValueError(f"unknown menu group {item.group!r}; one of {sorted(GROUPS)}")
        if all(existing.url != item.url for existing in _items):
            _items.append(item)


def _reverse(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def menu_for(request: HttpRequest) -> list[dict[str, Any]]:
    """The groups and items `request.user` may see, each with its resolved links."""
    user = getattr(request, "user", None)
    groups = []
    for key, label in GROUPS.items():
        entries = []
        for item in sorted((i for i in _items if i.group == key), key=lambda i: i.order):
            if item.model is not None and not user_may(user, item.action, item.model):
                continue
            url = _reverse(item.url)
            if url is None:
                continue
            add_url = (
                _reverse(item.add_url)
                if item.model is None or user_may(user, "add", item.model)
                else None
            )
            entries.append(
                {
                    "label": item.label,
                    "url": url,
                    "add_url": add_url,
                    "icon": item.icon,
                    "active": request.path.startswith(url),
                }
            )
        if entries:
            groups.append(
                {
                    "key": key,
                    "label": label,
                    "items": entries,
                    "active": any(e["active"] for e in entries),
                }
            )
    return groups
