"""The need's page shows the open call publishing it: `{% include "opencalls/need_call.html" %}`
in the needs' template (needs sits below open calls and cannot read them itself)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from liaison.core.permissions import user_may

from ..models import OpenCall
from ..selectors import call_of_need, selected_application

register = template.Library()


@register.simple_tag(takes_context=True)
def need_open_call(context: Any, need: Any) -> dict[str, Any] | None:
    """The call publishing `need` as the user may see it, with the selected team, or where to
    draft one."""
    user = context["request"].user
    call = call_of_need(user=user, need=need)
    if call is None:
        if not user_may(user, "add", OpenCall):
            return None
        return {"call": None, "add_url": f"{reverse('opencalls:opencall_add')}?need={need.pk}"}
    return {"call": call, "selected": selected_application(user=user, call=call)}
