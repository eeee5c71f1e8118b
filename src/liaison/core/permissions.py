"""The one place that decides which records a user may see or change, and which values.

Roles are data (`accounts.Role` with its `Rule`s, given to a user by a `RoleAssignment`
scoped to centers or an organization). Each app declares here how its models reach an
organization, a center and a person (`scoped`); this module compiles a user's rules into one
SQL filter per queryset, applied by `.restrict(user, action)` on every page, export, lookup,
search, figure and panel, and checked again by the write services (`core.writes`) inside
their transaction. A record outside the filter is absent: a guessed id is a 404.

Values marked confidential (a contract's value, a round's amount, a confidential need's text)
come out of a restricted queryset as `HIDDEN` for a user whose roles are not cleared for
them, and people's contact data for a user whose roles do not see contacts; figures leave
such values out (`cleared`) and say how many (`hidden_count`). Core knows no app: the
rules of a user come from the source `accounts` installs (`set_grant_source`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, Literal, Self

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from .choices import Confidentiality

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

Action = Literal["view", "add", "change", "delete"]
ACTIONS: tuple[Action, ...] = ("view", "add", "change", "delete")

# Scopes of a rule (the values of accounts.choices.Scope).
ALL, CENTERS, ORGANIZATION, OWN = "all", "centers", "organization", "own"

# Confidentiality levels in order: a role cleared for one sees the values of those below it.
LEVELS = {
    Confidentiality.PUBLIC: 0,
    Confidentiality.INTERNAL: 1,
    Confidentiality.CONFIDENTIAL: 2,
    Confidentiality.SECRET: 3,
}


class Hidden:
    """A value the user is not cleared for: shown as "hidden", never as zero or blank."""

    _instance: Hidden | None = None

    def __new__(cls) -> Hidden:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __str__(self) -> str:
        return _("hidden")

    def __repr__(self) -> str:
        return "HIDDEN"

    def __format__(self, spec: str) -> str:
        return str(self)


HIDDEN = Hidden()


def is_hidden(value: Any) -> bool:
    return value is HIDDEN


@dataclasses.dataclass(frozen=True)
class Scoping:
    """How records of one model reach what a rule's scope names.

    Each path is a lookup from the model: to an organization's pk (`organization`; several
    paths when a record is two organizations' own, as an application to an open call is its
    applicant's and the enterprise's whose need the call publishes), a center's pk
    (`center`), the user whose own record it is (`own`; several paths when a record is its
    author's and its participants' own, as a disclosure is its submitter's and its
    inventors'); "" is the record itself.
    `secret` is the path to the confidentiality that makes a record secret and `assigned` the
    path to the staff who alone see it then. `drafts` is a lookup and its value that make a
    record a draft (a call never published: `("published_on__isnull", True)`), seen only by
    the roles that may change every record of the model (the office) and by the
    organizations it is about. `hidden` maps a value to the confidentiality
    that governs it; `contacts` are personal data fields.
    """

    organization: str | tuple[str, ...] | None = None
    center: str | None = None
    own: str | tuple[str, ...] | None = None
    secret: str | None = None
    assigned: str | None = None
    drafts: tuple[str, Any] | None = None
    hidden: dict[str, str] = dataclasses.field(default_factory=dict)
    contacts: tuple[str, ...] = ()
    # "*" in a rule means every domain model; the accounts' own are named one by one.
    domain: bool = True

    @property
    def own_paths(self) -> tuple[str, ...]:
        """The paths to the users whose own record it is: none, one or several."""
        if self.own is None:
            return ()
        return (self.own,) if isinstance(self.own, str) else tuple(self.own)

    @property
    def organization_paths(self) -> tuple[str, ...]:
        """The paths to the organizations whose record it is: none, one or several."""
        if self.organization is None:
            return ()
        if isinstance(self.organization, str):
            return (self.organization,)
        return tuple(self.organization)


_SCOPES: dict[type[models.Model], Scoping] = {}


def scoped(model: type[models.Model], **paths: Any) -> None:
    """Declare how records of `model` reach organizations, centers and people (see `Scoping`)."""
    _SCOPES[model] = Scoping(**paths)


def scoping_of(model: type[models.Model]) -> Scoping | None:
    return _SCOPES.get(model)


@dataclasses.dataclass(frozen=True)
class Grant:
    """One rule of one of the user's role assignments, with the assignment's scope."""

    labels: frozenset[str]
    actions: frozenset[str]
    scope: str
    organization_ids: frozenset[int] = frozenset()
    center_ids: frozenset[int] = frozenset()

    def covers(self, model: type[models.Model], action: str) -> bool:
        if action not in self.actions:
            return False
        if model._meta.label_lower in self.labels:
            return True
        scoping = _SCOPES.get(model)
        return "*" in self.labels and scoping is not None and scoping.domain


@dataclasses.dataclass(frozen=True)
class Grants:
    """Everything a user's roles allow: the rules, the clearance, whether contacts show."""

    rules: tuple[Grant, ...] = ()
    clearance: int = 0
    sees_contacts: bool = False

    @property
    def organization_ids(self) -> frozenset[int]:
        return frozenset().union(*(g.organization_ids for g in self.rules))


NO_GRANTS = Grants()
EVERYTHING = Grants(
    rules=(Grant(labels=frozenset({"*"}), actions=frozenset(ACTIONS), scope=ALL),),
    clearance=LEVELS[Confidentiality.SECRET],
    sees_contacts=True,
)

_grant_source: Callable[[Any], Grants] = lambda user: NO_GRANTS  # noqa: E731


def set_grant_source(source: Callable[[Any], Grants]) -> None:
    """Install what reads a user's roles (accounts does, when it is ready)."""
    global _grant_source
    _grant_source = source


def grants_of(user: AbstractBaseUser | AnonymousUser | None) -> Grants:
    """The user's grants, read once per user object (a request's user: once per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_GRANTS
    if getattr(user, "is_superuser", False):
        return EVERYTHING
    cached: Grants | None = getattr(user, "_liaison_grants", None)
    if cached is None:
        cached = _grant_source(user)
        user._liaison_grants = cached  # type: ignore[attr-defined]
    return cached


def forget(user: Any) -> None:
    """Drop the grants read for `user`, after its roles changed."""
    if user is not None and hasattr(user, "_liaison_grants"):
        del user._liaison_grants


# Compiling rules into a filter ------------------------------------------------------------


def _single_valued(model: type[models.Model], path: str) -> bool:
    """Whether `path` follows only forward foreign keys (no join can repeat a row)."""
    current = model
    for name in path.split("__") if path else ():
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if not (field.many_to_one or field.one_to_one) or field.auto_created:
            return False
        current = field.related_model  # type: ignore[assignment]
    return True


def reaching(model: type[models.Model], path: str, ids: Iterable[Any]) -> Q:
    """Records of `model` whose `path` is one of `ids`, without repeating a record."""
    ids = sorted(ids)
    if not path:
        return Q(pk__in=ids)
    if _single_valued(model, path):
        return Q(**{f"{path}__in": ids})
    return Q(pk__in=model._base_manager.filter(**{f"{path}__in": ids}).values("pk"))


class _Nothing:
    pass


NOTHING = _Nothing()


def compile_filter(user: Any, action: str, model: type[models.Model]) -> Q | _Nothing | None:
    """The filter of the records of `model` that `user` may `action`: a `Q`, None for all of
    them, or `NOTHING`."""
    grants = grants_of(user)
    if grants is EVERYTHING:
        return None
    scoping = _SCOPES.get(model, Scoping())
    alternatives: list[Q] = []
    everything = False
    for grant in grants.rules:
        if not grant.covers(model, action):
            continue
        if grant.scope == ALL:
            everything = True
            break
        if grant.scope == CENTERS and scoping.center is not None and grant.center_ids:
            alternatives.append(reaching(model, scoping.center, grant.center_ids))
        elif grant.scope == ORGANIZATION and scoping.organization_paths and grant.organization_ids:
            alternatives.extend(
                reaching(model, path, grant.organization_ids) for path in scoping.organization_paths
            )
        elif grant.scope == OWN and scoping.own_paths:
            alternatives.extend(reaching(model, path, [user.pk]) for path in scoping.own_paths)
    if not everything and not alternatives:
        return NOTHING
    allowed = None if everything else reduce(or_, alternatives)
    if scoping.secret is not None and grants.clearance < LEVELS[Confidentiality.SECRET]:
        # A secret record: only the staff assigned to it, and the organization it is about.
        seen = ~Q(**{scoping.secret: Confidentiality.SECRET})
        if scoping.assigned is not None:
            seen |= reaching(model, scoping.assigned, [user.pk])
        for path in scoping.organization_paths if grants.organization_ids else ():
            seen |= reaching(model, path, grants.organization_ids)
        allowed = seen if allowed is None else allowed & seen
    if scoping.drafts is not None and not _changes_every(grants, model):
        # A draft: only the office, and the organizations it is about.
        lookup, value = scoping.drafts
        shown = ~Q(**{lookup: value})
        for org_path in scoping.organization_paths if grants.organization_ids else ():
            shown |= reaching(model, org_path, grants.organization_ids)
        allowed = shown if allowed is None else allowed & shown
    return allowed


def _changes_every(grants: Grants, model: type[models.Model]) -> bool:
    """Whether `grants` let their user change every record of `model` (the office's)."""
    return any(g.scope == ALL and g.covers(model, "change") for g in grants.rules)


def user_may(user: AbstractBaseUser | AnonymousUser | None, action: Action, model: Any) -> bool:
    """Whether `user` may perform `action` on some records of `model`."""
    grants = grants_of(user)
    return grants is EVERYTHING or any(g.covers(model, action) for g in grants.rules)


def may(user: Any, action: Action, record: models.Model) -> bool:
    """Whether `user` may perform `action` on this one record (one query, unless obvious)."""
    model = type(record)
    found = compile_filter(user, action, model)
    if found is None:
        return True
    if isinstance(found, _Nothing) or record.pk is None:
        return False
    return model._base_manager.filter(found, pk=record.pk).exists()


def refuse_unless(user: Any, action: Action, record: models.Model) -> None:
    """Raise `PermissionDenied` unless `user` may `action` on `record` (None: the system)."""
    if user is not None and not may(user, action, record):
        refusals = {
            "view": _("Your roles do not let you see this %(record)s."),
            "add": _("Your roles do not let you add this %(record)s."),
            "change": _("Your roles do not let you make this change to the %(record)s."),
            "delete": _("Your roles do not let you delete this %(record)s."),
        }
        raise PermissionDenied(refusals[action] % {"record": model_name(record)})


def model_name(record: models.Model) -> str:
    return str(record._meta.verbose_name)


# Values the user is not cleared for ---------------------------------------------------------


def _above(user: Any) -> list[str]:
    """The confidentiality levels above the user's clearance."""
    clearance = grants_of(user).clearance
    return [level for level, rank in LEVELS.items() if rank > clearance]


def cleared(queryset: models.QuerySet[Any], user: Any, field: str) -> models.QuerySet[Any]:
    """The records of `queryset` whose `field` the user is cleared to see: what figures sum."""
    scoping = _SCOPES.get(queryset.model)
    path = scoping.hidden.get(field) if scoping else None
    above = _above(user)
    if path is None or not above:
        return queryset
    return queryset.exclude(**{f"{path}__in": above})


def hidden_count(queryset: models.QuerySet[Any], user: Any, field: str) -> int:
    """How many records of `queryset` have a `field` the user is not cleared to see."""
    scoping = _SCOPES.get(queryset.model)
    path = scoping.hidden.get(field) if scoping else None
    above = _above(user)
    if path is None or not above:
        return 0
    return queryset.filter(**{f"{path}__in": above}).count()


def readable(model: type[models.Model], field: str, user: Any) -> Q | None:
    """Where `user` may read `field` of `model`'s records: None everywhere, else the condition
    (the records whose confidentiality they are cleared for; nowhere for contacts they do not
    see). Searching a field only where it is readable keeps a hidden text from being found."""
    scoping = _SCOPES.get(model)
    if scoping is None:
        return None
    if field in scoping.contacts and not grants_of(user).sees_contacts:
        return Q(pk__in=[])
    path = scoping.hidden.get(field)
    above = _above(user)
    if path is None or not above:
        return None
    return ~Q(**{f"{path}__in": above})


def maybe_hidden(user: Any, model: type[models.Model]) -> set[str]:
    """The fields of `model` hidden from `user` on some records: a list is not sorted by
    them, which would tell their order."""
    scoping = _SCOPES.get(model)
    if scoping is None:
        return set()
    fields = set(scoping.hidden) if _above(user) else set()
    if not grants_of(user).sees_contacts:
        fields.update(scoping.contacts)
    return fields


def hidden_fields(user: Any, record: models.Model) -> set[str]:
    """The fields of `record` shown as hidden to `user` (what an edit form leaves out)."""
    scoping = _SCOPES.get(type(record))
    if scoping is None:
        return set()
    hidden: set[str] = set()
    above = set(_above(user))
    for field, path in scoping.hidden.items():
        if above and _value_at(record, path) in above:
            hidden.add(field)
    if scoping.contacts and not _sees_contacts(user, record, scoping):
        hidden.update(scoping.contacts)
    return hidden


def withheld(user: Any, record: models.Model) -> set[str]:
    """The fields of `record` that `user` may neither see nor change: the hidden values and
    what classifies them (a record's own confidentiality that hides its value)."""
    hidden = hidden_fields(user, record)
    return hidden | classifying(type(record), hidden)


def classifying(model: type[models.Model], hidden: set[str]) -> set[str]:
    """The fields of `model` whose values hide the `hidden` ones (their confidentiality)."""
    scoping = _SCOPES.get(model)
    paths = scoping.hidden if scoping is not None else {}
    return {paths[name] for name in hidden if name in paths}


def _value_at(record: models.Model, path: str) -> Any:
    """The value at `path` from `record`; a related record's pk at its end, read without a
    query where the record holds it (`person.user` is `person.user_id`)."""
    value: Any = record
    names = path.split("__") if path else []
    for index, name in enumerate(names):
        if index == len(names) - 1 and hasattr(value, f"{name}_id"):
            return getattr(value, f"{name}_id")
        value = getattr(value, name, None)
        if value is None:
            return None
    return getattr(value, "pk", value) if isinstance(value, models.Model) else value


def _sees_contacts(user: Any, record: models.Model, scoping: Scoping) -> bool:
    if grants_of(user).sees_contacts:
        return True
    # One's own contact data.
    return any(_value_at(record, path) == getattr(user, "pk", None) for path in scoping.own_paths)


_UNKNOWN = object()


def _cached_at(record: models.Model, path: str) -> Any:
    """The value at `path` if every record on the way is already loaded (select_related),
    else `_UNKNOWN`: read without a query."""
    value: Any = record
    *parents, last = path.split("__")
    for name in parents:
        field = value._meta.get_field(name)
        if not field.is_cached(value):
            return _UNKNOWN
        value = getattr(value, name)
        if value is None:
            return None
    return getattr(value, last)


def _mask(user: Any, model: type[models.Model], records: list[Any]) -> None:
    """Replace, in place, the values `user` is not cleared for by `HIDDEN`."""
    scoping = _SCOPES.get(model)
    if scoping is None or not records or not isinstance(records[0], model):
        return
    above = set(_above(user))
    if above and scoping.hidden:
        levels: dict[str, dict[Any, Any]] = {}
        for path in set(scoping.hidden.values()):
            known = {r.pk: _cached_at(r, path) for r in records}
            if _UNKNOWN in known.values():
                # The confidentiality of a parent not loaded with the rows (a milestone's
                # agreement): one query for all of them.
                known = dict(
                    model._base_manager.filter(pk__in=[r.pk for r in records]).values_list(
                        "pk", path
                    )
                )
            levels[path] = known
        for record in records:
            for field, path in scoping.hidden.items():
                if levels[path].get(record.pk) in above:
                    setattr(record, field, HIDDEN)
    if scoping.contacts and not grants_of(user).sees_contacts:
        for record in records:
            if not _sees_contacts(user, record, scoping):
                for field in scoping.contacts:
                    setattr(record, field, HIDDEN)


def _needs_mask(user: Any, model: type[models.Model]) -> bool:
    scoping = _SCOPES.get(model)
    if scoping is None:
        return False
    grants = grants_of(user)
    return bool(scoping.hidden and _above(user)) or bool(
        scoping.contacts and not grants.sees_contacts
    )


class RestrictedQuerySet(models.QuerySet[Any]):
    _viewer: Any = None

    def restrict(
        self, user: AbstractBaseUser | AnonymousUser | None, action: Action = "view"
    ) -> Self:
        """The records of this queryset that `user` may perform `action` on; viewed, with the
        values the user is not cleared for hidden."""
        found = compile_filter(user, action, self.model)
        if isinstance(found, _Nothing):
            return self.none()
        restricted = self if found is None else self.filter(found)
        if action == "view" and _needs_mask(user, self.model):
            restricted = restricted._chain()  # type: ignore[attr-defined]
            restricted._viewer = user
        return restricted

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]
        clone._viewer = self._viewer
        return clone

    def _fetch_all(self) -> None:
        fetched = self._result_cache is None
        super()._fetch_all()
        if fetched and self._viewer is not None and self._result_cache:
            _mask(self._viewer, self.model, self._result_cache)

    def iterator(self, chunk_size: int | None = None) -> Iterator[Any]:
        if self._viewer is None:
            yield from super().iterator(chunk_size)
            return
        batch: list[Any] = []
        for record in super().iterator(chunk_size):
            batch.append(record)
            if len(batch) >= (chunk_size or 2000):
                _mask(self._viewer, self.model, batch)
                yield from batch
                batch = []
        _mask(self._viewer, self.model, batch)
        yield from batch
