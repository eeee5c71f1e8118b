"""Template helpers of the matching pages: a need's candidates block, matched terms marked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from liaison.matching import pages
from liaison.matching.engine.analysis import marked_spans

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
    changes_need = pages.changes_need(need, user)
    return {
        "groups": pages.candidate_groups(candidates, user, need),
        "more": more,
        "may_find": pages.may_find(need, user, changes_need=changes_need),
        "may_decide": pages.may_decide(need, user, changes_need=changes_need),
        "find_url": reverse("matching:need_find", args=(need.pk,)),
        "filters": filters,
    }


@register.filter
def highlight(text: Any, terms: Iterable[str]) -> SafeString:
    """`text` with the whole words that are (or share the stem of) the matched `terms` marked.

    Never letters inside another word: the term "co" does not mark "recognition".
    """
    text = str(text)
    out: list[str] = []
    last = 0
    for start, end in marked_spans(text, [t for t in terms if t]):
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # every piece escaped above


@register.filter
def matched_terms(terms: Iterable[pages.NamedTerm]) -> SafeString:
    """The matched terms, each marked, with its share of the score: "电池 42%, coating 18%"."""
    items = []
    for named in terms:
        item = format_html("<mark>{}</mark>", named.term)
        if named.share is not None:
            share = format_html(
                ' <span class="text-secondary">{}</span>',
                # Translators: a matched term's share of a match's score, e.g. "42%".
                pgettext("share of a score", "%(percent)s%%")
                % {"percent": round(named.share * 100)},
            )
            item = format_html("{}{}", item, share)
        items.append(item)
    separator = pgettext("between the items of an enumeration", ", ")
    return mark_safe(escape(separator).join(items))  # each item built by format_html
