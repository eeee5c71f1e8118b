"""A researcher's own page: the person their account is, and what the apps above add to it.

People sit below needs, so they cannot read a need: the needs app says, when it is ready, how
the needs a researcher is proposed for are read and answered (`needs.responses` calls
`provide_matches`), as apps add themselves to the menu. Without it the page shows the person
and their achievements only.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from liaison.core.permissions import user_may
from liaison.organizations.models import Organization

from .models import Person

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def person_of(user: Any) -> Person | None:
    """The person `user`'s account is linked to, as the user may see it; None if none is."""
    if user is None or not user.is_authenticated:
        return None
    person: Person | None = Person.objects.restrict(user, "view").filter(user_id=user.pk).first()
    return person


def home_is_own_page(user: Any) -> bool:
    """Whether `user`'s home is their own page rather than the office's dashboard.

    So it is for a researcher: their roles let them change their own person but show them no
    organization, so the dashboard's figures of the office's work would all be empty to them.
    Staff, center managers, leadership and enterprise users see organizations.
    """
    return (
        user is not None
        and user.is_authenticated
        and user_may(user, "change", Person)
        and not user_may(user, "view", Organization)
    )


@dataclasses.dataclass(frozen=True)
class MatchedNeed:
    """A need the researcher is proposed for as an expert, as their page lists it.

    `pk` and `version` are the proposal's (the need's match candidate); `answerable` says
    whether the researcher may still accept or decline it.
    """

    pk: int
    version: int
    need: str
    need_url: str | None
    organization: str
    need_status: StrOrPromise
    score: float | None
    decision: str
    decision_label: StrOrPromise
    decided_at: datetime.datetime | None
    decided_by_you: bool
    answerable: bool


@dataclasses.dataclass(frozen=True)
class MatchSource:
    """How the needs matched to a researcher are read and answered.

    `read(*, user, limit)` lists up to `limit` of them, those waiting for an answer first; `answer(*, user, pk, accept, version)` records the answer to
    one and returns it again, raising `ObjectDoesNotExist` for a proposal the user may not
    answer (a 404) and `ValidationError` for a refused answer (a closed need, one decided).
    """

    read: Callable[..., list[MatchedNeed]]
    answer: Callable[..., MatchedNeed]


_source: MatchSource | None = None


def provide_matches(source: MatchSource) -> None:
    """Say how the needs matched to a researcher are read and answered (needs does)."""
    global _source
    _source = source


def match_source() -> MatchSource | None:
    return _source


@dataclasses.dataclass(frozen=True)
class PageSection:
    """A part of the researcher's page that an app above people adds (their disclosures, their
    rewards). `data(user=, person=)` reads what it shows, as the user may see it, or returns
    None to leave the section out; `template` renders it with that as `data`."""

    key: str
    template: str
    data: Callable[..., Any]
    order: int = 100


_sections: dict[str, PageSection] = {}


def add_section(section: PageSection) -> None:
    """Add `section` to the researcher's page (again under the same key: replaced)."""
    _sections[section.key] = section


def page_sections() -> list[PageSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))
