"""Reads of achievements: the chains one achievement joins, as one graph.

Needs and financing point at achievements, so this app may not import them
(docs/architecture.md): their models are reached through the relations they declare.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

from liaison.centers.models import Center
from liaison.centers.selectors import (
    SHOWN,
    Chain,
    ChainGraph,
    ChainNode,
    add_achievement_owners,
    add_center_talent,
    add_rounds,
    record_key,
    related_model,
)

from .models import Achievement

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    User = AbstractBaseUser | AnonymousUser

# The needs app's value for a candidate the office accepted (needs.choices.Decision).
ACCEPTED = "accepted"


def achievement_chains(*, achievement: Achievement, user: User | None) -> ChainGraph:
    """Who made an achievement, how far it has come, who takes it up and who finances it."""
    hub = ChainNode(
        record_key(achievement),
        Chain.HUB,
        str(achievement),
        str(achievement.get_stage_display()),
        achievement,
    )
    graph = ChainGraph(hub)

    # Talent: the inventors, and the center with its committees and people in office.
    inventors = achievement.inventors.restrict(user, "view").order_by("pk")
    for person in inventors:
        graph.add(ChainNode(record_key(person), Chain.TALENT, str(person), _("inventor"), person))
        graph.link(record_key(person), hub.key, _("inventor"))
    center = (
        Center.objects.restrict(user, "view").filter(pk=achievement.center_id).first()
        if achievement.center_id
        else None
    )
    if center is not None:
        key = record_key(center)
        graph.add(ChainNode(key, Chain.TALENT, str(center), str(center.get_kind_display()), center))
        graph.link(key, hub.key, _("achievement"))
        add_center_talent(graph, center=center, user=user, linked_to=key)

    # Innovation: the dated steps of its stage history, in order.
    previous = None
    for entry in achievement.stage_history.restrict(user, "view").order_by("reached_on", "pk"):
        key = record_key(entry)
        graph.add(
            ChainNode(
                key,
                Chain.INNOVATION,
                str(entry.get_stage_display()),
                f"{entry.reached_on:%Y-%m-%d}",
                entry,
            )
        )
        graph.link(previous or hub.key, key, _("next stage") if previous else _("first stage"))
        previous = key

    # Industry: owners other than the institute, and the needs it was accepted for.
    ventures = add_achievement_owners(graph, [achievement.pk], user=user)
    need_model = related_model(Center, "technical_needs")
    needs = (
        need_model.objects.restrict(user, "view")
        .filter(candidates__achievement=achievement, candidates__decision=ACCEPTED)
        .select_related("organization")
        .distinct()
        .order_by("-submitted_on", "-pk")
    )
    total = needs.count()
    shown = list(needs[:SHOWN])
    graph.left_out(Chain.INDUSTRY, _("technical needs"), total, len(shown))
    for need in shown:
        key = record_key(need)
        graph.add(ChainNode(key, Chain.INDUSTRY, str(need), str(need.get_status_display()), need))
        graph.link(hub.key, key, _("answers"))
        submitter = need.organization
        graph.add(
            ChainNode(
                record_key(submitter),
                Chain.INDUSTRY,
                str(submitter),
                str(submitter.get_kind_display()),
                submitter,
            )
        )
        graph.link(record_key(submitter), key, _("submitted"))

    # Capital: rounds raised for it, or by the ventures that own it.
    round_model = related_model(Achievement, "financing_rounds")
    rounds = round_model.objects.restrict(user, "view").filter(
        Q(achievement=achievement) | Q(venture__in=ventures)
    )
    add_rounds(graph, rounds, user=user)
    return graph
