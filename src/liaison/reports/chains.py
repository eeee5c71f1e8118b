"""Reads of the four chains a center or an achievement joins, across the apps above centers.

The institute speaks of "multi-chain integration": the people of a center (talent) make
achievements (innovation) that enterprises take up (industry) and investors finance
(capital). Achievements, needs and financing point at centers, and needs and financing at
achievements, so these reads live here, above them all; the graph they fill is
`liaison.reports.chain_graph`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, F, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from liaison.achievements.choices import Stage
from liaison.achievements.models import Achievement
from liaison.centers.choices import AppointmentRole
from liaison.centers.models import Center
from liaison.centers.selectors import appointments_in_office, people_in_office
from liaison.core.numbers import format_amount
from liaison.financing.models import FinancingRound, RoundInvestor
from liaison.needs.choices import Decision, NeedStatus
from liaison.needs.models import ServiceRecord, TechnicalNeed
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .chain_graph import Chain, ChainGraph, ChainNode, record_key

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    User = AbstractBaseUser | AnonymousUser

# How many records of one kind a diagram shows; the table says how many more there are.
SHOWN = 12
# Services are many and alike: fewer of them keep the other chains readable.
SERVICES_SHOWN = 8


def add_center_talent(
    graph: ChainGraph, *, center: Center, user: User | None, linked_to: str
) -> list[int]:
    """A center's committees and the people whose terms run today, linked to `linked_to`.

    Returns the people's ids, so their achievements and services can join the other chains.
    """
    committees = center.committees.restrict(user, "view").order_by("kind", "pk")
    for committee in committees:
        graph.add(
            ChainNode(
                record_key(committee),
                Chain.TALENT,
                str(committee),
                str(committee.get_kind_display()),
                committee,
            )
        )
        graph.link(linked_to, record_key(committee), str(committee.get_kind_display()))
    order = {role: i for i, role in enumerate(AppointmentRole.values)}
    appointments = sorted(
        appointments_in_office(center=center, user=user).select_related("person", "committee"),
        key=lambda a: (order.get(a.role, len(order)), a.starts_on, a.pk),
    )
    people: list[int] = []
    for appointment in appointments:
        person = appointment.person
        role = str(appointment.get_role_display())
        graph.add(ChainNode(record_key(person), Chain.TALENT, str(person), role, person))
        source = record_key(appointment.committee) if appointment.committee else linked_to
        graph.link(source, record_key(person), role)
        people.append(person.pk)
    return people


def add_need(graph: ChainGraph, need: TechnicalNeed) -> str:
    """A need on the industry chain, linked from the organization that submitted it; its key."""
    key = record_key(need)
    graph.add(ChainNode(key, Chain.INDUSTRY, str(need), str(need.get_status_display()), need))
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
    return key


def add_rounds(graph: ChainGraph, rounds: QuerySet[FinancingRound], *, user: User | None) -> None:
    """Financing rounds, each linked to the achievement or venture it was for, and their investors."""
    total = rounds.count()
    shown = list(
        rounds.select_related("venture", "achievement")
        .prefetch_related(
            Prefetch(
                "round_investors",
                queryset=RoundInvestor.objects.restrict(user, "view")
                .select_related("organization")
                .order_by("-is_lead", "pk"),
            )
        )
        .order_by("-announced_on", "-pk")[:SHOWN]
    )
    graph.left_out(Chain.CAPITAL, _("financing rounds"), total, len(shown))
    for financing in shown:
        key = record_key(financing)
        amount = format_amount(financing.amount, financing.currency)
        graph.add(
            ChainNode(
                key,
                Chain.CAPITAL,
                f"{financing.get_kind_display()} · {amount}",
                f"{financing.get_status_display()}, {financing.announced_on:%Y-%m-%d}",
                financing,
            )
        )
        for subject in (financing.achievement, financing.venture):
            if subject is not None:
                graph.link(record_key(subject), key, _("raised"))
        for stake in financing.round_investors.all():
            investor = stake.organization
            role = _("lead investor") if stake.is_lead else _("investor")
            graph.add(
                ChainNode(
                    record_key(investor),
                    Chain.CAPITAL,
                    str(investor),
                    str(investor.get_kind_display()),
                    investor,
                )
            )
            graph.link(record_key(investor), key, role)


def add_achievement_owners(
    graph: ChainGraph, achievement_ids: list[int], *, user: User | None
) -> list[int]:
    """The organizations other than the institute that own the achievements shown."""
    owners = (
        Organization.objects.restrict(user, "view")
        .filter(owned_achievements__in=achievement_ids, is_institute=False)
        .annotate(owned_id=F("owned_achievements"))
        .order_by("pk")
    )
    ids = []
    for owner in owners:
        node = graph.add(
            ChainNode(
                record_key(owner),
                Chain.INDUSTRY,
                str(owner),
                str(owner.get_kind_display()),
                owner,
            )
        )
        graph.link(node.key, f"achievement:{owner.owned_id}", _("owner"))
        ids.append(owner.pk)
    return ids


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
        key = add_need(graph, need)
        graph.link(key, hub.key, _("assigned to"))

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
    needs = (
        TechnicalNeed.objects.restrict(user, "view")
        .filter(candidates__achievement=achievement, candidates__decision=Decision.ACCEPTED)
        .select_related("organization")
        .distinct()
        .order_by("-submitted_on", "-pk")
    )
    total = needs.count()
    shown = list(needs[:SHOWN])
    graph.left_out(Chain.INDUSTRY, _("technical needs"), total, len(shown))
    for need in shown:
        key = add_need(graph, need)
        graph.link(hub.key, key, _("answers"))

    # Capital: rounds raised for it, or by the ventures that own it.
    rounds = FinancingRound.objects.restrict(user, "view").filter(
        Q(achievement=achievement) | Q(venture__in=ventures)
    )
    add_rounds(graph, rounds, user=user)
    return graph
