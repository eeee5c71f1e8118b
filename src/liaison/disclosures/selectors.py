"""Reads of invention disclosures: the agreed shares behind an achievement, a researcher's own."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from liaison.achievements.models import Achievement
from liaison.people.choices import PersonKind
from liaison.people.models import Person

from .choices import DisclosureStatus
from .models import Disclosure, DisclosureInventor


def contribution_shares(*, achievement: Achievement) -> list[tuple[Person, Decimal]] | None:
    """The inventors' agreed shares (in percent) of the disclosure the achievement was
    accepted from, largest first; None if it came from no accepted disclosure.

    What a reward is split by (Art. 45 of the transformation law: among the contributors by
    their agreed shares). Read for the system, not for a user: the reward's own page decides
    who sees it.
    """
    disclosure = (
        Disclosure._base_manager.filter(achievement=achievement, status=DisclosureStatus.ACCEPTED)
        .order_by("pk")
        .first()
    )
    if disclosure is None:
        return None
    rows = (
        DisclosureInventor._base_manager.filter(disclosure=disclosure)
        .select_related("person")
        .order_by("-share", "pk")
    )
    return [(row.person, row.share) for row in rows]


def own_disclosures(*, user: Any) -> QuerySet[Disclosure]:
    """The disclosures `user` submitted or is an inventor of, as they may see them, newest first."""
    person_ids = Person.objects.filter(user_id=user.pk).values("pk")
    mine = Disclosure.objects.filter(submitted_by_id=user.pk) | Disclosure.objects.filter(
        inventors__person__in=person_ids
    )
    return (
        Disclosure.objects.restrict(user, "view")
        .filter(pk__in=mine.values("pk"))
        .defer("description", "decision_note", "licensees_note")
        .order_by("-submitted_on", "-pk")
    )


# Who may be named an inventor: the institute's researchers and staff (a researcher names
# their colleagues, whose records their roles do not show them), and anyone else the user sees.
INVENTOR_KINDS = (PersonKind.RESEARCHER, PersonKind.STAFF)


def inventor_candidates(*, user: Any) -> QuerySet[Person]:
    """The people `user` may name as inventors of a disclosure: by name, nothing more."""
    visible = Person.objects.restrict(user, "view").values("pk")
    return Person._base_manager.filter(Q(kind__in=INVENTOR_KINDS) | Q(pk__in=visible))
