"""Reads of the industry chains: the map of a chain, segment by segment, with its gaps.

What the map counts, over the ACCEPTED placements of each segment (suggestions waiting for a
person count nowhere but in "suggestions"):
- enterprises: organizations placed whose kind is enterprise;
- open needs: technical needs placed that are not closed (`OPEN_NEED_STATUSES`: submitted,
  triaged, matched, in progress — solved, closed, withdrawn and rejected ones are not open);
- available achievements: achievements placed (Liaison has no "withdrawn from offer" state for
  an achievement: every one the institute holds is on offer; `AVAILABLE_ACHIEVEMENTS` is where
  that would change);
- centers and agreements placed;
- experts: the people placed on the segment, plus the researchers serving (today) in a role at
  a center placed on it — a center placed brings its director, chief scientist and committee
  members — each person once, and only those available for new work.
A segment is a GAP when it has open needs and neither an available achievement nor an expert.

Each figure is counted in SQL, grouped by segment (a handful of queries whatever the number of
records), and comes with the address of the list that shows exactly what it counts.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from liaison.centers.models import Appointment
from liaison.core import permissions
from liaison.core.lifecycle import today
from liaison.needs.choices import OPEN_NEED_STATUSES
from liaison.organizations.choices import OrganizationKind
from liaison.people.choices import PersonKind
from liaison.people.models import Person

from .choices import PENDING_STATUSES, POSITION_ORDER, PlacedKind, PlacementStatus, Position
from .models import ChainSegment, IndustryChain, SegmentPlacement
from .services import PLACED_MODELS

ENTERPRISES = Q(kind=PlacedKind.ORGANIZATION, organization__kind=OrganizationKind.ENTERPRISE)
OPEN_NEEDS = Q(kind=PlacedKind.NEED, need__status__in=sorted(OPEN_NEED_STATUSES))
AVAILABLE_ACHIEVEMENTS = Q(kind=PlacedKind.ACHIEVEMENT)
CENTERS = Q(kind=PlacedKind.CENTER)
AGREEMENTS = Q(kind=PlacedKind.AGREEMENT)
# The map's columns: each is a condition on accepted placements and the list filter showing them.
FIGURES: dict[str, tuple[Q, dict[str, str]]] = {
    "enterprises": (
        ENTERPRISES,
        {"kind": PlacedKind.ORGANIZATION, "org_kind": OrganizationKind.ENTERPRISE},
    ),
    "open_needs": (OPEN_NEEDS, {"kind": PlacedKind.NEED, "open_need": "true"}),
    "achievements": (AVAILABLE_ACHIEVEMENTS, {"kind": PlacedKind.ACHIEVEMENT}),
    "centers": (CENTERS, {"kind": PlacedKind.CENTER}),
    "agreements": (AGREEMENTS, {"kind": PlacedKind.AGREEMENT}),
}


def visible_placements(user: Any) -> QuerySet[SegmentPlacement]:
    """The placements `user` may see, of records they may see (a secret need placed is counted
    and listed only for those who see the need)."""
    placements = SegmentPlacement.objects.restrict(user, "view")
    for kind, model in PLACED_MODELS.items():
        found = permissions.compile_filter(user, "view", model)
        if found is None:
            continue
        if isinstance(found, permissions._Nothing):
            placements = placements.exclude(kind=kind)
        else:
            seen = model._default_manager.filter(found).values("pk")
            placements = placements.filter(~Q(kind=kind) | Q(**{f"{kind}__in": seen}))
    return placements


def accepted_on(chain: IndustryChain, user: Any) -> QuerySet[SegmentPlacement]:
    return visible_placements(user).filter(segment__chain=chain, status=PlacementStatus.ACCEPTED)


def experts_of(
    segments: Sequence[ChainSegment] | QuerySet[ChainSegment], user: Any
) -> QuerySet[Person]:
    """The experts of `segments` (see the module): people placed, and researchers serving at
    centers placed, available for new work, as `user` may see them."""
    on = today()
    placed = visible_placements(user).filter(segment__in=segments, status=PlacementStatus.ACCEPTED)
    serving = Appointment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on),
        starts_on__lte=on,
        center__in=placed.filter(kind=PlacedKind.CENTER).values("center"),
        person__kind=PersonKind.RESEARCHER,
    )
    return (
        Person.objects.restrict(user, "view")
        .filter(available=True)
        .filter(
            Q(pk__in=placed.filter(kind=PlacedKind.PERSON).values("person"))
            | Q(pk__in=serving.values("person"))
        )
    )


def _expert_counts(chain: IndustryChain, user: Any) -> dict[int, int]:
    """The number of experts of each segment of `chain`, in one query over a union."""
    on = today()
    placed = accepted_on(chain, user)
    people = Person.objects.restrict(user, "view").filter(available=True).values("pk")
    direct = placed.filter(kind=PlacedKind.PERSON, person__in=people).values_list(
        "segment_id", "person_id"
    )
    through_centers = Appointment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on),
        starts_on__lte=on,
        person__kind=PersonKind.RESEARCHER,
        person__in=people,
        center__chain_placements__in=placed.filter(kind=PlacedKind.CENTER),
    ).values_list("center__chain_placements__segment_id", "person_id")
    # Each (segment, person) once, whichever way the person is there: counted over the union.
    union, params = direct.order_by().union(through_centers.order_by()).query.sql_with_params()
    sql = f"SELECT u.segment_id, COUNT(*) FROM ({union}) u GROUP BY u.segment_id"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


@dataclasses.dataclass(frozen=True)
class Cell:
    count: int
    url: str


@dataclasses.dataclass(frozen=True)
class SegmentRow:
    """One segment of the map with its figures, each linked to the records it counts."""

    segment: ChainSegment
    enterprises: Cell
    open_needs: Cell
    achievements: Cell
    centers: Cell
    agreements: Cell
    experts: Cell
    suggestions: Cell

    @property
    def cells(self) -> list[Cell]:
        """The figures in the map's column order."""
        return [
            self.enterprises,
            self.open_needs,
            self.achievements,
            self.centers,
            self.experts,
            self.agreements,
            self.suggestions,
        ]

    @property
    def gap(self) -> bool:
        return is_gap(
            open_needs=self.open_needs.count,
            achievements=self.achievements.count,
            experts=self.experts.count,
        )


def is_gap(*, open_needs: int, achievements: int, experts: int) -> bool:
    """A segment with open needs and neither an available achievement nor an expert."""
    return open_needs > 0 and achievements == 0 and experts == 0


@dataclasses.dataclass(frozen=True)
class ChainMap:
    chain: IndustryChain
    rows: list[SegmentRow]

    @property
    def gaps(self) -> list[SegmentRow]:
        return [row for row in self.rows if row.gap]

    def by_position(self) -> list[tuple[str, list[SegmentRow]]]:
        """The rows under their positions, upstream to downstream (positions without one left out)."""
        labels = dict(Position.choices)
        return [
            (str(labels[position]), rows)
            for position in POSITION_ORDER
            if (rows := [r for r in self.rows if r.segment.position == position])
        ]

    def chart(self) -> dict[str, Any]:
        """What the page's chart draws: per segment, upstream first, the figures, gaps marked."""
        return {
            "segments": [str(row.segment) for row in self.rows],
            "gaps": [row.gap for row in self.rows],
            "series": {
                name: [getattr(row, name).count for row in self.rows]
                for name in ("enterprises", "open_needs", "achievements", "experts")
            },
        }


def placements_url(segment: ChainSegment, **query: str) -> str:
    query = {"segment": str(segment.pk), "status": PlacementStatus.ACCEPTED, **query}
    return f"{reverse('chains:segmentplacement_list')}?{urlencode(query)}"


def segments_in_order(chain: IndustryChain) -> list[ChainSegment]:
    """The chain's segments upstream to downstream, in their order within each position."""
    segments = list(chain.segments.all())
    return sorted(segments, key=lambda s: (POSITION_ORDER.index(s.position), s.order, s.code))


# The figures that are a kind of record placed, whatever the record's state: counted from the
# placements alone (the index on segment, status and kind answers them).
PLAIN_FIGURES = {
    "achievements": PlacedKind.ACHIEVEMENT,
    "centers": PlacedKind.CENTER,
    "agreements": PlacedKind.AGREEMENT,
}


def _figure_counts(
    chain: IndustryChain, segment_ids: list[int], user: Any
) -> dict[int, dict[str, int]]:
    """Each segment's figures (`FIGURES`), in three grouped queries: the kinds counted as they
    are, the enterprises (joined to their organizations) and the open needs (to their needs),
    each reading only the placements of its kind."""
    placements = visible_placements(user).filter(
        segment_id__in=segment_ids, status=PlacementStatus.ACCEPTED
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    names = {kind: name for name, kind in PLAIN_FIGURES.items()}
    plain = (
        placements.filter(kind__in=sorted(names))
        .values_list("segment_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for segment_id, kind, n in plain:
        counts[segment_id][names[kind]] = n
    for name in ("enterprises", "open_needs"):
        condition, _query = FIGURES[name]
        grouped = placements.filter(condition).values_list("segment_id").annotate(n=Count("pk"))
        for segment_id, n in grouped.order_by():
            counts[segment_id][name] = n
    return counts


def chain_map(*, chain: IndustryChain, user: Any) -> ChainMap:
    """The map of `chain` as `user` may see it: per segment its figures and whether it is a gap."""
    segments = segments_in_order(chain)
    counts = _figure_counts(chain, [s.pk for s in segments], user)
    experts = _expert_counts(chain, user)
    pending = dict(
        visible_placements(user)
        .filter(segment__chain=chain, status__in=sorted(PENDING_STATUSES))
        .values_list("segment_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = []
    for segment in segments:
        found = counts.get(segment.pk, {})
        cells = {
            name: Cell(found.get(name, 0), placements_url(segment, **query))
            for name, (_c, query) in FIGURES.items()
        }
        rows.append(
            SegmentRow(
                segment=segment,
                experts=Cell(
                    experts.get(segment.pk, 0),
                    reverse("chains:segment_experts", args=(segment.pk,)),
                ),
                suggestions=Cell(
                    pending.get(segment.pk, 0),
                    f"{reverse('chains:segmentplacement_list')}?"
                    + urlencode({"segment": segment.pk, "status": PlacementStatus.SUGGESTED}),
                ),
                **cells,
            )
        )
    return ChainMap(chain=chain, rows=rows)


def segment_figures(*, segment: ChainSegment, user: Any) -> SegmentRow:
    """One segment's row of its chain's map."""
    chain = chain_map(chain=segment.chain, user=user)
    return next(row for row in chain.rows if row.segment.pk == segment.pk)


def placements_of(record: Any, user: Any) -> QuerySet[SegmentPlacement]:
    """The segments a record is placed on (accepted or waiting), as `user` may see them."""
    from .services import kind_of

    return (
        visible_placements(user)
        .filter(**{kind_of(record): record})
        .exclude(status=PlacementStatus.REJECTED)
        .select_related("segment__chain")
        .order_by("segment__chain__order", "segment__order", "pk")
    )
