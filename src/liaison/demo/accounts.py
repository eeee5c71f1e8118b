"""The demo institute's people who sign in: one account per role, so that a visitor sees
Liaison as each of them does (the office, a center manager, an expert, an enterprise, the
leadership, a technology broker). They exist only with the demo data, all with the demo's documented password."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import Role, User
from liaison.accounts.roles import install_default_roles
from liaison.accounts.services import assignment_create, default_role
from liaison.brokers.models import Broker
from liaison.centers.models import Center
from liaison.needs.models import MatchCandidate
from liaison.organizations.choices import OrganizationKind
from liaison.organizations.models import Organization
from liaison.people.models import Person
from liaison.people.services import person_update
from liaison.transfer.models import RewardShare

from .announcement import BIOMEDICAL_MATERIALS_CENTER, YIDING

# The documented password of the demo's accounts (the administrator `admin` has it too).
DEMO_PASSWORD = "liaison-demo"

DEMO_ACCOUNTS = {
    "office": RoleKind.STAFF,
    "manager": RoleKind.CENTER_MANAGER,
    "expert": RoleKind.RESEARCHER,
    "enterprise": RoleKind.ENTERPRISE,
    "leader": RoleKind.LEADERSHIP,
    # The "Technology broker" role, of the researcher kind: a person broker's own record.
    "broker": RoleKind.RESEARCHER,
}
BROKER_ACCOUNT = "broker"
BROKER_ROLE = "Technology broker"


@transaction.atomic
def create_demo_users(password: str) -> dict[str, User]:
    """The demo's accounts, by username, without their roles yet; a name already taken by an
    account of the installation is left to it. Created before the records, which name the
    office's account (the person responsible for disclosures, who proposes rewards)."""
    taken = set(User.objects.filter(username__in=DEMO_ACCOUNTS).values_list("username", flat=True))
    return {
        username: User.objects.create_user(
            username=username,
            password=password,
            is_staff=kind in {RoleKind.STAFF, RoleKind.CENTER_MANAGER},
        )
        for username, kind in DEMO_ACCOUNTS.items()
        if username not in taken
    }


@transaction.atomic
def add_demo_accounts(
    password: str, *, by: User | None = None, accounts: dict[str, User] | None = None
) -> dict[str, User]:
    """One account per role over the demo's records, by username (those of
    `create_demo_users`, or created now); a name already taken by an account of the
    installation is left to it. `by` is the author of what it changes."""
    install_default_roles()
    if accounts is None:
        accounts = create_demo_users(password)
    # The demo is the system writing: through the services, with `by` as the author of
    # the history, not through core.writes, which would ask `by`'s own roles.
    for username, user in accounts.items():
        kind = DEMO_ACCOUNTS[username]
        scope: dict[str, Any] = {}
        role = default_role(kind)
        if username == BROKER_ACCOUNT:
            role = Role.objects.get(kind=kind, name=BROKER_ROLE)
            broker = Person.objects.get(pk=_demo_broker())
            person_update(person=broker, by=by, version=broker.version, user=user)
        elif kind == RoleKind.CENTER_MANAGER:
            scope["centers"] = [Center.objects.get(name_zh=BIOMEDICAL_MATERIALS_CENTER.name_zh)]
        elif kind == RoleKind.ENTERPRISE:
            scope["organization"] = _demo_enterprise()
        elif kind == RoleKind.RESEARCHER:
            expert = Person.objects.get(pk=_demo_expert())
            person_update(person=expert, by=by, version=expert.version, user=user)
        assignment_create(by=by, user=user, role=role, **scope)
    return accounts


def _demo_enterprise() -> Organization:
    """The enterprise of the story when it has needs; else the enterprise with the most."""
    enterprises = (
        Organization.objects.filter(kind=OrganizationKind.ENTERPRISE)
        .annotate(needs=Count("technical_needs"))
        .filter(needs__gt=0)
        .order_by("-needs", "pk")
    )
    organization = enterprises.filter(name_zh=YIDING.name_zh).first() or enterprises.first()
    assert organization is not None, "the demo has enterprises with needs"
    return organization


def _demo_expert() -> int:
    """The expert proposed for the most needs: their page has proposals to answer. One of
    the inventors rewarded if any is proposed at all, so that it shows their own share of a
    reward (and no one else's) too."""
    rewarded = RewardShare.objects.filter(person=OuterRef("person"))
    person_id = (
        MatchCandidate.objects.filter(person__isnull=False, person__user__isnull=True)
        .values("person")
        .annotate(n=Count("pk"), rewarded=Exists(rewarded))
        .order_by("-rewarded", "-n", "person")
        .values_list("person", flat=True)
        .first()
    )
    assert person_id is not None, "the demo proposes experts for needs"
    return int(person_id)


def _demo_broker() -> int:
    """The person broker with the most deals: their page shows a record worth reading."""
    person_id = (
        Broker.objects.filter(person__isnull=False, person__user__isnull=True)
        .annotate(
            deals=Count("engagements", distinct=True),
            paid=Count("engagements__payments", distinct=True),
            introduced=Count("introductions", filter=Q(introductions__need__isnull=False)),
        )
        .order_by("-deals", "-paid", "-introduced", "pk")
        .values_list("person", flat=True)
        .first()
    )
    assert person_id is not None, "the demo has person brokers"
    return int(person_id)
