"""Every role against every page of every kind of record: allowed or denied, read and write.

One small institute (two enterprises, two centers, a record of each kind on each side, a
secret need, a confidential contract) and a user of each role. Each role's test walks every
record through its page, edit page, delete page, list, export, lookup, global search, the
timelines, chains and matching pages and the admin, through the API (its lists, records,
changes, deletions and creations, with the role's token), and writes each record through its
service, and asserts exactly what DESIGN.md's table of users allows. A record outside a
role's scope is a 404 (a guessed id tells nothing), never a 403.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse

from liaison.accounts.choices import RoleKind
from liaison.accounts.models import Role, User
from liaison.accounts.services import assignment_create
from liaison.api.endpoints import endpoint_for
from liaison.centers.choices import CenterKind
from liaison.core import writes
from liaison.core.choices import Confidentiality
from liaison.needs.models import TechnicalNeed
from liaison.needs.services import need_triage
from tests.accounts.factories import UserFactory
from tests.achievements.factories import AchievementFactory
from tests.agreements.factories import AgreementFactory, AgreementPartyFactory
from tests.api.factories import bearer, make_token
from tests.brokers.factories import BrokerFactory, CommissionPaymentFactory, engaged
from tests.centers.factories import CenterFactory
from tests.chains.factories import ChainSegmentFactory, IndustryChainFactory, placed
from tests.financing.factories import FinancingRoundFactory
from tests.incubation.factories import IncubationFactory
from tests.market.factories import (
    EventAttendanceFactory,
    EventOutcomeFactory,
    MarketEventFactory,
)
from tests.needs.factories import (
    TRIAGED_ON,
    MatchCandidateFactory,
    ServiceRecordFactory,
    TechnicalNeedFactory,
)
from tests.opencalls.factories import apply as apply_to_call
from tests.opencalls.factories import published_call_of
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

ROLES = (
    "staff",
    "assigned",
    "admin",
    "leader",
    "manager",
    "researcher",
    "enterprise",
    "nobody",
    "broker",
)
RECORDS = (
    "org_a",
    "org_b",
    "center_1",
    "center_2",
    "agreement_a",
    "agreement_b",
    "need_a",
    "need_b",
    "need_secret",
    "service_a",
    "service_b",
    "achievement_a",
    "achievement_b",
    "round_a",
    "round_b",
    "person_r",
    "person_x",
    "incubation_a",
    "incubation_b",
    # A technology broker (the "broker" role's own) and another, their deals and commission.
    "broker_a",
    "broker_b",
    "deal_a",
    "deal_b",
    "payment_a",
    "payment_b",
    # An open call publishing need_a, and the researcher's (person_r's) application to it.
    "opencall_a",
    "application_r",
    # A fair center_1 organized, org_a's and org_b's registrations, an intention org_a noted.
    "event_1",
    "attendance_a",
    "attendance_b",
    "outcome_a",
    # An industry chain and org_a placed on one of its segments: the office's, read by "*".
    "chain_1",
    "placement_a",
)
EVERY = frozenset(RECORDS)
A_SIDE = frozenset(
    {
        "org_a",
        "agreement_a",
        "need_a",
        "service_a",
        "achievement_a",
        "round_a",
        "center_1",
        "incubation_a",
        "opencall_a",
        "application_r",
        "event_1",
        "attendance_a",
        "outcome_a",
    }
)

# What each role sees: pages, lists, exports, lookups, search.
SEES: dict[str, frozenset[str]] = {
    "staff": EVERY - {"need_secret"},
    "assigned": EVERY,  # staff assigned to the secret need
    "admin": EVERY,
    # An application is its applicant's, the enterprise's and the office's: not leadership's.
    "leader": EVERY - {"need_secret", "application_r"},
    # Commission payments are money, outside "*": not a center manager's.
    "manager": EVERY - {"need_secret", "payment_a", "payment_b", "application_r"},
    "researcher": frozenset({"person_r", "need_a", "achievement_a", "opencall_a", "application_r"}),
    # Its organization's own: its needs, agreements, services, achievements, its incubation.
    "enterprise": frozenset(
        {
            "org_a",
            "agreement_a",
            "need_a",
            "service_a",
            "achievement_a",
            "incubation_a",
            "opencall_a",
            "application_r",
            "event_1",
            "attendance_a",
        }
    ),
    "nobody": frozenset(),
    # Their own broker record, deal and commission; the institute's events.
    "broker": frozenset({"broker_a", "deal_a", "payment_a", "event_1"}),
}
# What each role may change.
CHANGES: dict[str, frozenset[str]] = {
    "staff": EVERY - {"need_secret"},
    "assigned": EVERY,
    "admin": EVERY,
    "leader": frozenset(),
    "manager": frozenset(
        {
            "center_1",
            "agreement_a",
            "need_a",
            "service_a",
            "achievement_a",
            "round_a",
            "incubation_a",
        }
    ),
    "researcher": frozenset({"person_r", "application_r"}),
    "enterprise": frozenset({"need_a", "attendance_a"}),
    "nobody": frozenset(),
    "broker": frozenset({"broker_a"}),
}
# What each role may delete (the delete page opens; the service may still refuse a record).
DELETES: dict[str, frozenset[str]] = {
    **CHANGES,
    "manager": frozenset({"agreement_a", "service_a", "achievement_a", "round_a", "incubation_a"}),
    "researcher": frozenset(),
    "enterprise": frozenset(),
    "broker": frozenset(),
}
# Who sees a confidential contract's value and people's contact data.
SEES_CONFIDENTIAL_VALUE = {"staff", "assigned", "admin", "leader", "enterprise"}
SEES_CONTACTS = {"staff", "assigned", "admin"}

SECRET_VALUE = "CNY 7.65 million"
EMAIL = "x.person@example.org"


@dataclasses.dataclass
class World:
    users: dict[str, User]
    records: dict[str, models.Model]
    token: dict[str, str]  # a word only that record's name holds

    def url(self, name: str, action: str) -> str | None:
        record = self.records[name]
        opts = record._meta
        try:
            return reverse(f"{opts.app_label}:{opts.model_name}_{action}", args=(record.pk,))
        except NoReverseMatch:
            return None


def build_world() -> World:
    org_a = OrganizationFactory.create(name_zh="甲方企业ZQA有限公司", name_en="ZQA Co")
    org_b = OrganizationFactory.create(name_zh="乙方企业ZQB有限公司", name_en="ZQB Co")
    # Incubation centers, so that each admits a company.
    center_1 = CenterFactory.create(
        name_zh="中心ZQC1", name_en="Center ZQC1", kind=CenterKind.INCUBATION
    )
    center_2 = CenterFactory.create(
        name_zh="中心ZQC2", name_en="Center ZQC2", kind=CenterKind.INCUBATION
    )
    agreement_a = AgreementFactory.create(
        title_zh="合同ZQGA",
        title_en="Agreement ZQGA",
        value=Decimal("7654321"),
        confidentiality=Confidentiality.CONFIDENTIAL,
    )
    AgreementPartyFactory.create(agreement=agreement_a, organization=org_a)
    agreement_b = AgreementFactory.create(title_zh="合同ZQGB", title_en="Agreement ZQGB")
    AgreementPartyFactory.create(agreement=agreement_b, organization=org_b)
    center_1.founding_agreement = agreement_a
    center_1.save()
    person_r = PersonFactory.create(name_zh="研究员ZQR", name_en="Researcher ZQR")
    person_x = PersonFactory.create(name_zh="专家ZQX", name_en="Expert ZQX", email=EMAIL)
    need_a = TechnicalNeedFactory.create(
        title="需求ZQNA", organization=org_a, assigned_center=center_1
    )
    need_b = TechnicalNeedFactory.create(
        title="需求ZQNB", organization=org_b, assigned_center=center_2
    )
    need_secret = TechnicalNeedFactory.create(
        title="需求ZQNS", organization=org_b, confidentiality=Confidentiality.SECRET
    )
    for need in (need_a, need_b):
        need_triage(need=need, by=None, triaged_on=TRIAGED_ON)
    MatchCandidateFactory.create(need=need_a, person=person_r)
    service_a = ServiceRecordFactory.create(title="服务ZQSA", organization=org_a, center=center_1)
    service_b = ServiceRecordFactory.create(title="服务ZQSB", organization=org_b, center=center_2)
    achievement_a = AchievementFactory.create(title_zh="成果ZQAA", center=center_1)
    achievement_a.owners.set([org_a])
    achievement_a.inventors.set([person_r])
    achievement_b = AchievementFactory.create(title_zh="成果ZQAB", center=center_2)
    achievement_b.owners.set([org_b])
    round_a = FinancingRoundFactory.create(venture=None, achievement=achievement_a)
    round_b = FinancingRoundFactory.create(venture=org_b)
    incubation_a = IncubationFactory.create(organization=org_a, center=center_1, space="ZQIA")
    incubation_b = IncubationFactory.create(organization=org_b, center=center_2, space="ZQIB")
    opencall_a = published_call_of(need_a, title_en="Open call ZQOA")
    application_r = apply_to_call(opencall_a, person=person_r, proposal="Proposal ZQPR")

    broker_a = BrokerFactory.create(notes="ZQKA")
    broker_b = BrokerFactory.create(notes="ZQKB")
    deal_a = engaged(broker_a, note="ZQDA")
    deal_b = engaged(broker_b, note="ZQDB")
    payment_a = CommissionPaymentFactory.create(engagement=deal_a, reference="ZQPA")
    event_1 = MarketEventFactory.create(title_en="Event ZQEV", organizer=center_1)
    attendance_a = EventAttendanceFactory.create(
        event=event_1, organization=org_a, attendees="ZQTA"
    )
    attendance_b = EventAttendanceFactory.create(
        event=event_1, organization=org_b, attendees="ZQTB"
    )
    outcome_a = EventOutcomeFactory.create(event=event_1, organization=org_a, note="ZQOC")
    payment_b = CommissionPaymentFactory.create(engagement=deal_b, reference="ZQPB")
    chain_1 = IndustryChainFactory.create(name_zh="产业链ZQYC", name_en="Chain ZQYC")
    placement_a = placed(
        org_a, ChainSegmentFactory.create(chain=chain_1, name_zh="环节ZQYS", name_en="ZQYS")
    )
    users = {
        "staff": UserFactory.create(role=RoleKind.STAFF),
        "assigned": UserFactory.create(role=RoleKind.STAFF),
        "admin": UserFactory.create(role=RoleKind.ADMINISTRATOR),
        "leader": UserFactory.create(role=RoleKind.LEADERSHIP),
        "manager": UserFactory.create(role=RoleKind.CENTER_MANAGER, centers=[center_1]),
        "researcher": UserFactory.create(role=RoleKind.RESEARCHER),
        "enterprise": UserFactory.create(role=RoleKind.ENTERPRISE, organization=org_a),
        "nobody": UserFactory.create(role=None, is_staff=True),
        "broker": UserFactory.create(role=None),
    }
    assignment_create(
        by=None, user=users["broker"], role=Role.objects.get(name="Technology broker")
    )
    assert broker_a.person is not None
    broker_a.person.user = users["broker"]
    broker_a.person.save()
    need_secret.assigned_staff.set([users["assigned"]])
    person_r.user = users["researcher"]
    person_r.save()
    records: dict[str, models.Model] = {
        "org_a": org_a,
        "org_b": org_b,
        "center_1": center_1,
        "center_2": center_2,
        "agreement_a": agreement_a,
        "agreement_b": agreement_b,
        "need_a": need_a,
        "need_b": need_b,
        "need_secret": need_secret,
        "service_a": service_a,
        "service_b": service_b,
        "achievement_a": achievement_a,
        "achievement_b": achievement_b,
        "round_a": round_a,
        "round_b": round_b,
        "person_r": person_r,
        "person_x": person_x,
        "incubation_a": incubation_a,
        "incubation_b": incubation_b,
        "broker_a": broker_a,
        "broker_b": broker_b,
        "deal_a": deal_a,
        "deal_b": deal_b,
        "payment_a": payment_a,
        "payment_b": payment_b,
        "opencall_a": opencall_a,
        "application_r": application_r,
        "event_1": event_1,
        "attendance_a": attendance_a,
        "attendance_b": attendance_b,
        "outcome_a": outcome_a,
        "chain_1": chain_1,
        "placement_a": placement_a,
    }
    token = {
        "org_a": "ZQA",
        "org_b": "ZQB",
        "center_1": "ZQC1",
        "center_2": "ZQC2",
        "agreement_a": "ZQGA",
        "agreement_b": "ZQGB",
        "need_a": "ZQNA",
        "need_b": "ZQNB",
        "need_secret": "ZQNS",
        "service_a": "ZQSA",
        "service_b": "ZQSB",
        "achievement_a": "ZQAA",
        "achievement_b": "ZQAB",
        "person_r": "ZQR",
        "person_x": "ZQX",
        "incubation_a": "ZQIA",
        "incubation_b": "ZQIB",
        "broker_a": "ZQKA",
        "broker_b": "ZQKB",
        "deal_a": "ZQDA",
        "deal_b": "ZQDB",
        "payment_a": "ZQPA",
        "payment_b": "ZQPB",
        "opencall_a": "ZQOA",
        "application_r": "ZQPR",
        "event_1": "ZQEV",
        "attendance_a": "ZQTA",
        "attendance_b": "ZQTB",
        "outcome_a": "ZQOC",
        "chain_1": "ZQYC",
        "placement_a": "ZQYS",
    }
    return World(users=users, records={k: records[k] for k in RECORDS}, token=token)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def _status(client: Client, url: str) -> int:
    return client.get(url).status_code


def _page_checks(world: World, role: str, client: Client) -> list[str]:
    """Each record's detail, edit and delete pages: 200 where allowed, 404 elsewhere."""
    wrong: list[str] = []
    for name in RECORDS:
        for action, allowed in (
            ("detail", SEES[role]),
            ("edit", CHANGES[role]),
            ("delete", DELETES[role]),
        ):
            url = world.url(name, action)
            if url is None:
                continue
            expected = 200 if name in allowed else 404
            got = _status(client, url)
            if got != expected:
                wrong.append(f"{role} {action} {name}: {got}, expected {expected}")
    return wrong


LISTS = {
    "organizations:organization": ("org_a", "org_b"),
    "centers:center": ("center_1", "center_2"),
    "agreements:agreement": ("agreement_a", "agreement_b"),
    "needs:technicalneed": ("need_a", "need_b", "need_secret"),
    "needs:servicerecord": ("service_a", "service_b"),
    "achievements:achievement": ("achievement_a", "achievement_b"),
    "people:person": ("person_r", "person_x"),
}
LOOKUPS = {
    "organizations.organization": ("org_a", "org_b"),
    "people.person": ("person_r", "person_x"),
    "needs.technicalneed": ("need_a", "need_b", "need_secret"),
    "agreements.agreement": ("agreement_a", "agreement_b"),
    "achievements.achievement": ("achievement_a", "achievement_b"),
    "centers.center": ("center_1", "center_2"),
}


def _listing_checks(world: World, role: str, client: Client) -> list[str]:
    """Lists, CSV exports, lookups and global search show exactly the records the role sees."""
    wrong: list[str] = []

    def check(where: str, body: str, names: tuple[str, ...]) -> None:
        for name in names:
            shown = world.token[name] in body
            if shown != (name in SEES[role]):
                wrong.append(f"{role} {where} {'shows' if shown else 'hides'} {name}")

    for prefix, names in LISTS.items():
        list_response = client.get(reverse(f"{prefix}_list"))
        if list_response.status_code == 200:
            check(f"{prefix} list", list_response.content.decode(), names)
        elif any(n in SEES[role] for n in names):
            wrong.append(f"{role} {prefix} list: {list_response.status_code}")
        export = client.get(reverse(f"{prefix}_export"), {"format": "csv"})
        body = b"".join(export.streaming_content).decode() if export.status_code == 200 else ""  # type: ignore[attr-defined]
        check(f"{prefix} export", body, names)
    for label, names in LOOKUPS.items():
        for name in names:
            response = client.get(reverse("lookup", args=(label,)), {"q": world.token[name]})
            option = f'value="{world.records[name].pk}"'
            shown = response.status_code == 200 and option in response.content.decode()
            if shown != (name in SEES[role]):
                wrong.append(f"{role} lookup {label} {'shows' if shown else 'hides'} {name}")
    for name in ("org_b", "need_b", "need_secret", "agreement_b", "achievement_b", "person_x"):
        # The page repeats what was searched: a result is a link to the record's page.
        response = client.get(reverse("search"), {"q": world.token[name]})
        link = f'href="{world.url(name, "detail")}"'
        shown = response.status_code == 200 and link in response.content.decode()
        if shown != (name in SEES[role]):
            wrong.append(f"{role} search {'shows' if shown else 'hides'} {name}")
    return wrong


# Pages beyond a record's own that show a record's neighbourhood, by the record they are of.
NEIGHBOURHOODS = (
    ("organizations:organization_timeline", "org_a"),
    ("organizations:organization_timeline", "org_b"),
    ("centers:center_chains", "center_1"),
    ("centers:center_chains", "center_2"),
    ("achievements:achievement_chains", "achievement_a"),
    ("achievements:achievement_chains", "achievement_b"),
    ("matching:need_candidates", "need_a"),
    ("matching:need_candidates", "need_b"),
    ("matching:need_candidates", "need_secret"),
    ("matching:achievement_enterprises", "achievement_b"),
)


def _neighbourhood_checks(world: World, role: str, client: Client) -> list[str]:
    wrong: list[str] = []
    for url_name, name in NEIGHBOURHOODS:
        url = reverse(url_name, args=(world.records[name].pk,))
        # The matching blocks answer htmx; a plain visit is sent to the record's page.
        got = client.get(url, headers={"HX-Request": "true"}).status_code
        expected = 200 if name in SEES[role] else 404
        if got != expected:
            wrong.append(f"{role} {url_name} {name}: {got}, expected {expected}")
    return wrong


def _admin_checks(world: World, role: str, client: Client) -> list[str]:
    """The admin's change pages follow the same rules (staff accounts only reach the admin)."""
    user = world.users[role]
    if not user.is_staff:
        return []
    wrong: list[str] = []
    for name in ("need_b", "need_secret", "agreement_a", "agreement_b", "org_b"):
        record = world.records[name]
        opts = record._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=(record.pk,))
        response = client.get(url)
        # Django's admin sends a record it cannot show to the admin's index with a message.
        shown = response.status_code == 200
        if shown != (name in SEES[role]):
            wrong.append(f"{role} admin {name}: {response.status_code}")
    return wrong


def _value_checks(world: World, role: str, client: Client) -> list[str]:
    wrong: list[str] = []
    if "agreement_a" in SEES[role]:
        url = world.url("agreement_a", "detail")
        assert url is not None
        shown = SECRET_VALUE in client.get(url).content.decode()
        if shown != (role in SEES_CONFIDENTIAL_VALUE):
            wrong.append(f"{role} {'sees' if shown else 'misses'} the confidential value")
    if "person_x" in SEES[role]:
        url = world.url("person_x", "detail")
        assert url is not None
        shown = EMAIL in client.get(url).content.decode()
        if shown != (role in SEES_CONTACTS):
            wrong.append(f"{role} {'sees' if shown else 'misses'} a person's email")
    return wrong


TITLE_FIELDS = {
    "organizations.organization": "name_en",
    "centers.center": "name_en",
    "agreements.agreement": "title_en",
    "needs.technicalneed": "title",
    "needs.servicerecord": "title",
    "achievements.achievement": "title_en",
    "financing.financinground": "announced_on",
    "people.person": "name_en",
    "incubation.incubation": "space",
    "opencalls.opencall": "title_en",
    "opencalls.callapplication": "proposal",
    "brokers.broker": "notes",
    "brokers.brokerengagement": "note",
    "brokers.commissionpayment": "reference",
    "market.marketevent": "title_en",
    "market.eventattendance": "attendees",
    "market.eventoutcome": "note",
    "chains.industrychain": "name_en",
    "chains.segmentplacement": "note",
}


def _write_checks(world: World, role: str) -> list[str]:
    """Each record written through its update service by the role: refused where not allowed,
    and the refusal leaves the record as it was."""
    wrong: list[str] = []
    user = User.objects.get(pk=world.users[role].pk)
    for name in RECORDS:
        stored = type(world.records[name])._base_manager.get(pk=world.records[name].pk)
        field = TITLE_FIELDS[stored._meta.label_lower]
        value: Any = (
            datetime.date(2022, 7, 1) if field == "announced_on" else f"{world.token.get(name)}-2"
        )
        try:
            writes.update(stored, by=user, version=stored.version, **{field: value})  # type: ignore[attr-defined]
            allowed = True
        except PermissionDenied:
            allowed = False
        if allowed != (name in CHANGES[role]):
            wrong.append(f"{role} update {name}: {'written' if allowed else 'refused'}")
    return wrong


def _create_checks(world: World, role: str) -> list[str]:
    """A need filed for each organization: an enterprise user only for its own."""
    wrong: list[str] = []
    for name in ("org_a", "org_b"):
        try:
            need = writes.create(
                TechnicalNeed,
                by=User.objects.get(pk=world.users[role].pk),
                title=f"新需求{name}",
                description="A new problem.",
                organization=world.records[name],
                submitted_on=datetime.date(2024, 1, 2),
            )
            created = True
            need.delete()
        except PermissionDenied:
            created = False
        expected = role in {"staff", "assigned", "admin"} or (
            role == "enterprise" and name == "org_a"
        )
        if created != expected:
            wrong.append(f"{role} creates a need for {name}: {created}")
    return wrong


def _api(client: Client, method: str, url: str, headers: dict[str, str], **kwargs: Any) -> Any:
    """An API request with the role's token in `headers`."""
    return getattr(client, method)(url, **kwargs, **headers)


def _api_url(world: World, name: str) -> str:
    record = world.records[name]
    endpoint = endpoint_for(type(record))
    assert endpoint is not None, f"{type(record).__name__} has no API endpoint"
    return f"/api/v1/{endpoint.slug}/{record.pk}/"


def _api_read_checks(world: World, role: str, client: Client, headers: dict[str, str]) -> list[str]:
    """Through the API: each record 200 or 404, each list exactly what the role sees, and the
    confidential value and contact data null and named hidden where the pages hide them."""
    wrong: list[str] = []
    for name in RECORDS:
        got = _api(client, "get", _api_url(world, name), headers).status_code
        expected = 200 if name in SEES[role] else 404
        if got != expected:
            wrong.append(f"{role} API read {name}: {got}, expected {expected}")
    for names in LISTS.values():
        endpoint = endpoint_for(type(world.records[names[0]]))
        assert endpoint is not None
        answer = _api(client, "get", f"/api/v1/{endpoint.slug}/", headers, data={"per_page": 200})
        listed = (
            {row["id"] for row in answer.json()["results"]} if answer.status_code == 200 else set()
        )
        for name in names:
            shown = world.records[name].pk in listed
            if shown != (name in SEES[role]):
                wrong.append(f"{role} API list {'shows' if shown else 'hides'} {name}")
    for name, field, cleared in (
        ("agreement_a", "value", SEES_CONFIDENTIAL_VALUE),
        ("person_x", "email", SEES_CONTACTS),
    ):
        if name not in SEES[role]:
            continue
        body = _api(client, "get", _api_url(world, name), headers).json()
        shown = body[field] is not None and field not in body["hidden_fields"]
        if shown != (role in cleared):
            wrong.append(f"{role} API {'shows' if shown else 'hides'} {name}'s {field}")
    return wrong


def _api_write_checks(
    world: World, role: str, client: Client, headers: dict[str, str]
) -> list[str]:
    """Through the API: each record changed (200, else 403 if seen, else 404) and deleted
    (204 or the service's 400, else 403 or 404); a refusal leaves the record as it was. Then a
    need filed for each organization."""
    wrong: list[str] = []
    for name in RECORDS:
        record = world.records[name]
        stored = type(record)._base_manager.get(pk=record.pk)
        field = TITLE_FIELDS[stored._meta.label_lower]
        value = "2022-07-02" if field == "announced_on" else f"{world.token.get(name)}-api"
        before = getattr(stored, field)
        version = {"HTTP_IF_MATCH": f'"v{stored.version}"'}  # type: ignore[attr-defined]
        got = _api(
            client,
            "patch",
            _api_url(world, name),
            {**headers, **version},
            data={field: value},
            content_type="application/json",
        ).status_code
        denied = 403 if name in SEES[role] else 404
        expected = 200 if name in CHANGES[role] else denied
        if got != expected:
            wrong.append(f"{role} API change {name}: {got}, expected {expected}")
        if got != 200 and getattr(type(record)._base_manager.get(pk=record.pk), field) != before:
            wrong.append(f"{role} API change {name}: refused, yet written")
        stored = type(record)._base_manager.get(pk=record.pk)
        version = {"HTTP_IF_MATCH": f'"v{stored.version}"'}  # type: ignore[attr-defined]
        with transaction.atomic():
            # Undone at once: the records stay for the checks after this one.
            got = _api(client, "delete", _api_url(world, name), {**headers, **version}).status_code
            transaction.set_rollback(True)
        allowed = name in DELETES[role]
        if (got in (204, 400)) != allowed or (not allowed and got != denied):
            wrong.append(f"{role} API delete {name}: {got}")
    for name in ("org_a", "org_b"):
        answer = _api(
            client,
            "post",
            "/api/v1/technical-needs/",
            headers,
            data={
                "title": f"新需求{name}",
                "description": "A new problem.",
                "organization": world.records[name].pk,
                "submitted_on": "2024-01-02",
            },
            content_type="application/json",
        )
        expected_created = role in {"staff", "assigned", "admin"} or (
            role == "enterprise" and name == "org_a"
        )
        if (answer.status_code == 201) != expected_created:
            wrong.append(f"{role} API creates a need for {name}: {answer.status_code}")
        if answer.status_code == 201:
            TechnicalNeed.objects.filter(pk=answer.json()["id"]).delete()
    return wrong


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_and_changes_exactly_what_its_rules_allow(world: World, role: str) -> None:
    client = Client()
    client.force_login(world.users[role])
    api = Client()
    token = bearer(make_token(world.users[role]))
    wrong = [
        *_page_checks(world, role, client),
        *_listing_checks(world, role, client),
        *_neighbourhood_checks(world, role, client),
        *_admin_checks(world, role, client),
        *_value_checks(world, role, client),
        *_api_read_checks(world, role, api, token),
        *_create_checks(world, role),
        *_write_checks(world, role),
        *_api_write_checks(world, role, api, token),
    ]
    assert not wrong, "\n".join(wrong)


def test_the_sides_are_what_the_matrix_says() -> None:
    # The enterprise and the center manager of side A: what they see is side A's.
    assert SEES["enterprise"] <= A_SIDE
    assert CHANGES["manager"] <= A_SIDE
