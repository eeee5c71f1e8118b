"""Reads of a center across the apps above it: its achievements and the four chains it joins.

The institute speaks of "multi-chain integration": the people of a center (talent) make
achievements (innovation) that enterprises take up (industry) and investors finance
(capital). Achievements, needs and financing point at centers, so these reads live here,
above them all; the graph itself and the parts an achievement's chains share are in
`liaison.centers.selectors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from liaison.achievements.choices import Stage
from liaison.achievements.models import Achievement
from liaison.centers.models import Center
from liaison.centers.selectors import (
    SHOWN,
    Chain,
    ChainGraph,
    ChainNode,
    add_achievement_owners,
    add_center_talent,
    add_rounds,
    people_in_office,
    record_key,
)
from liaison.financing.models import FinancingRound
from liaison.needs.choices import NeedStatus
from liaison.needs.models import ServiceRecord
from liaison.people.models import Person

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    User = AbstractBaseUser | AnonymousUser

# Services are many and alike: fewer of them keep the other chains readable.
SERVICES_SHOWN = 8


def center_achievements(
    *, center: Center, user: User | None, people: list[int] | None = None
) -> QuerySet[Achievement]:
    """The achievements of a center and those its people in office invented."""
    if people is None:
        people = people_in_office(center=center, user=user)
    mine = Q(center=center)
    if people:
        # A subquery rather than a join, so that no achievement is counted twice.
        invented = (
            Person.objects.restrict(user, "view")
            .filter(pk__in=people)
            .values_list("achievements", flat=True)
        )
        mine |= Q(pk__in=invented)
    restricted: QuerySet[Achievement] = Achievement.objects.restrict(user, "view").filter(mine)
    return restricted


def center_chains(*, center: Center, user: User | None) -> ChainGraph:
    """The four chains a center joins: its people, their achievements, their uptake and financing."""
    hub = ChainNode(
        record_key(center), Chain.HUB, str(center), str(center.get_kind_display()), center
    )
    graph = ChainGraph(hub)

    # Talent: the committees and the people in office today.
    people = add_center_talent(graph, center=center, user=user, linked_to=hub.key)

    # Innovation: the center's achievements and those its people invented, latest moves first.
    achievements = center_achievements(center=center, user=user, people=people)
    total = achievements.count()
    shown = list(achievements.order_by(F("stage_since").desc(nulls_last=True), "-pk")[:SHOWN])
    graph.left_out(Chain.INNOVATION, _("achievements"), total, len(shown))
    stage_labels = dict(Stage.choices)
    reached = {a.stage for a in shown}
    previous = None
    for value, label in Stage.choices:
        if value in reached:
            key = f"stage:{value}"
            graph.add(ChainNode(key, Chain.INNOVATION, str(label), _("stage")))
            if previous:
                graph.link(previous, key, _("next stage"))
            previous = key
    for achievement in shown:
        key = record_key(achievement)
        graph.add(
            ChainNode(
                key,
                Chain.INNOVATION,
                str(achievement),
                str(stage_labels.get(achievement.stage, achievement.stage)),
                achievement,
            )
        )
        if achievement.center_id == center.pk:
            graph.link(hub.key, key, _("achievement"))
        graph.link(key, f"stage:{achievement.stage}", _("at stage"))
    ids = [a.pk for a in shown]
    inventors = (
        Person.objects.restrict(user, "view")
        .filter(pk__in=people, achievements__in=ids)
        .values_list("pk", "achievements")
    )
    for person_id, achievement_id in inventors:
        graph.link(f"person:{person_id}", f"achievement:{achievement_id}", _("inventor"))

    # Industry: partners, the owners of those achievements, needs assigned, services delivered.
    partnerships = (
        center.partnerships.restrict(user, "view")
        .select_related("organization")
        .order_by("joined_on", "pk")
    )
    for partnership in partnerships:
        partner = partnership.organization
        graph.add(
            ChainNode(
                record_key(partner),
                Chain.INDUSTRY,
                str(partner),
                partnership.role or str(partner.get_kind_display()),
                partner,
            )
        )
        graph.link(hub.key, record_key(partner), partnership.role or _("partner"))
    ventures = add_achievement_owners(graph, ids, user=user)

    needs = center.technical_needs.restrict(user, "view")
    solved_first = Case(When(status=NeedStatus.SOLVED, then=Value(0)), default=Value(1))
    total = needs.count()
    shown_needs = list(
        needs.select_related("organization").order_by(solved_first, "-submitted_on", "-pk")[:SHOWN]
    )
    graph.left_out(Chain.INDUSTRY, _("technical needs"), total, len(shown_needs))
    for need in shown_needs:
        key = record_key(need)
        graph.add(ChainNode(key, Chain.INDUSTRY, str(need), str(need.get_status_display()), need))
        graph.link(key, hub.key, _("assigned to"))
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

    services = ServiceRecord.objects.restrict(user, "view").filter(
        Q(center=center) | Q(provided_by__in=people)
    )
    total = services.count()
    shown_services = list(
        services.select_related("organization").order_by("-delivered_on", "-pk")[:SERVICES_SHOWN]
    )
    graph.left_out(Chain.INDUSTRY, _("services"), total, len(shown_services))
    for service in shown_services:
        key = record_key(service)
        graph.add(
            ChainNode(key, Chain.INDUSTRY, str(service), str(service.get_kind_display()), service)
        )
        if service.center_id == center.pk:
            graph.link(hub.key, key, _("delivered"))
        if service.provided_by_id is not None:
            graph.link(f"person:{service.provided_by_id}", key, _("provided"))
        if service.need_id is not None:
            graph.link(key, f"technicalneed:{service.need_id}", _("for need"))
        client = service.organization
        graph.add(
            ChainNode(
                record_key(client),
                Chain.INDUSTRY,
                str(client),
                str(client.get_kind_display()),
                client,
            )
        )
        graph.link(key, record_key(client), _("served"))

    # Capital: the rounds raised for those achievements or by the ventures that own them.
    partner_ids = [p.organization_id for p in partnerships]
    rounds = FinancingRound.objects.restrict(user, "view").filter(
        Q(achievement__in=ids) | Q(venture__in=[*ventures, *partner_ids])
    )
    add_rounds(graph, rounds, user=user)
    return graph
