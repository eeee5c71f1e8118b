"""Template helpers of the matching pages: a need's candidates block, matched terms marked."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from liaison.matching import pages

register = template.Library()


@register.simple_tag(takes_context=True)
def need_candidates(context: template.Context) -> dict[str, Any]:
    """What a need's candidates block shows, for the need in `object`.

    On the need's page the candidates its `candidates_panel` already read are reused, so the
    block costs no query of its own.
    """
    need = context["object"]
    user = context["request"].user
    panel = context.get("candidates_panel")
    if panel is not None:
        candidates = [row.record for row in panel["table"].rows]
        more = bool(panel.get("more"))
    else:
        candidates = pages.candidates_of(need, user)
        more = len(candidates) >= pages.CANDIDATES_SHOWN
    filters = context.get("find_filters") or {"only_available": True, "only_local": False}
    return {
        "groups": pages.candidate_groups(candidates),
        "more": more,
        "may_find": pages.may_find(need, user),
        "may_decide": pages.may_decide(need, user),
        "find_url": reverse("matching:need_find", args=(need.pk,)),
        "filters": filters,
    }


@register.filter
def highlight(text: Any, terms: Iterable[str]) -> SafeString:
    """`text` with every occurrence of the matched `terms` marked, case aside.

    English terms are stems ("coat" for "coating"): marking the stem inside the word is
    enough to show where the word is.
    """
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    text = str(text)
    if not words:
        return mark_safe(escape(text))  # escaped just now
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out: list[str] = []
    last = 0
    for found in pattern.finditer(text):
        out.append(escape(text[last : found.start()]))
        out.append(f"<mark>{escape(found.group())}</mark>")
        last = found.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # every piece escaped above
