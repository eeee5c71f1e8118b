"""The story the demo tells: its random streams, its clock, and what it has generated so far."""

from __future__ import annotations

import datetime
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Model
from django.utils import timezone
from faker import Faker

from liaison.accounts.models import User
from liaison.achievements.models import Achievement
from liaison.agreements.models import Agreement, PaymentMilestone
from liaison.centers.models import Center
from liaison.organizations.choices import OrganizationKind
from liaison.organizations.models import Organization
from liaison.people.models import Person

from .. import announcement as report
from ..names import CreditCodes, Namer
from ..vocabulary import DOMAIN_KEYS, Term, Trade
from ..writer import BulkWriter

AS_OF = report.AS_OF
DAY = datetime.timedelta(days=1)
FIRST_DAY = datetime.date(2019, 6, 1)
# Nothing is in the history before the institute was established.
HISTORY_STARTS = report.INSTITUTE_FOUNDED_ON

# What the figures count (the reports app's definitions); each generator's guards keep them exact.
LOCAL_SERVED_KINDS = frozenset(
    {OrganizationKind.ENTERPRISE, OrganizationKind.UNIVERSITY, OrganizationKind.RESEARCH_INSTITUTE}
)
INSTITUTION_KINDS = frozenset(
    {OrganizationKind.UNIVERSITY, OrganizationKind.RESEARCH_INSTITUTE, OrganizationKind.HOSPITAL}
)
DOMAIN_WEIGHTS = {
    "biomaterials": 28,
    "medical_engineering": 20,
    "life_health": 17,
    "food": 15,
    "materials": 20,
}

# The volume of one unit of scale.
PER_SCALE = {
    "local_enterprises": 30.0,
    "other_enterprises": 10.0,
    "foreign_enterprises": 1.0,
    "hospitals": 1.0,
    "universities": 1.0,
    "institutes": 0.5,
    "foreign_universities": 0.2,
    "investors": 2.0,
    "foreign_investors": 0.3,
    "associations": 0.3,
    "service_providers": 0.5,
    "researchers": 4.0,
    "experts": 6.0,
    "events_before": 0.3,
    "events_after": 1.0,
    "agreements_after": 16.0,
    "new_institutions_after": 2.0,
    "new_partners_after": 3.0,
    "drafts": 3.0,
    "partner_contracts_before": 7.0,
    "ended_memoranda_before": 1.0,
    "other_agreements_before": 1.0,
    "laboratories": 0.2,
    "planned_centers": 0.2,
    "achievements_before": 12.0,
    "achievements_after": 18.0,
    "needs_ended_before": 40.0,
    "needs_solved_later": 15.0,
    "needs_open_before": 8.0,
    "needs_solved_after": 95.0,
    "needs_open_after": 60.0,
    "needs_ended_after": 32.0,
    "services_counted_before": 90.0,
    "services_elsewhere_before": 30.0,
    "services_after": 180.0,
    "rounds_before": 3.5,
    "rounds_after": 4.5,
    # The transfer side (its own random stream): disclosures the office did not keep, and
    # those in its queue today; transfers and licences a year after the report.
    "disclosures_declined": 16.0,
    "disclosures_withdrawn": 1.0,
    "disclosures_open": 5.0,
    "transfers_per_year": 4.0,
}


class FigureGuardError(RuntimeError):
    """A generated record would have changed a figure of 2023-05-08: a bug of the demo."""


@dataclass(eq=False)
class Org:
    """An organization being generated, with its place in the report's figures."""

    obj: Organization
    domains: tuple[str, ...] = ()
    trade: Trade | None = None
    short: Term = field(default_factory=lambda: Term("", ""))
    email_domain: str = "example.com"
    served: bool = False  # one of the local organizations served by 2023-05-08
    partner: bool = False  # one of the enterprises and hospitals in horizontal cooperation
    institution: bool = False  # one of the institutions in in-depth cooperation
    contacts: list[Person] = field(default_factory=list)
    experts: list[Expert] = field(default_factory=list)
    centers: list[CenterRecord] = field(default_factory=list)
    # What the core has given it so far.
    served_by_then: bool = False
    partnered_by_then: bool = False
    cooperating_then: bool = False

    @property
    def kind(self) -> str:
        return self.obj.kind

    @property
    def domain(self) -> str | None:
        """Its main domain."""
        return self.domains[0] if self.domains else None

    @property
    def name(self) -> Term:
        return Term(self.obj.name_zh, self.obj.name_en)

    @property
    def is_institute(self) -> bool:
        return self.obj.is_institute

    @property
    def local(self) -> bool:
        return self.obj.city in settings.LIAISON_LOCAL_CITIES

    @property
    def foreign(self) -> bool:
        return self.obj.country != "CN"

    @property
    def counts_when_served(self) -> bool:
        return self.local and self.kind in LOCAL_SERVED_KINDS and not self.is_institute


@dataclass(eq=False)
class Expert:
    """A researcher of the institute or an outside expert, with the subjects they know."""

    obj: Person
    domain: str
    subjects: list[Term]
    internal: bool
    organization: Org


@dataclass(eq=False)
class CenterRecord:
    obj: Center
    domains: tuple[str, ...]

    @property
    def name(self) -> Term:
        return Term(self.obj.name_zh, self.obj.name_en or self.obj.name_zh)

    def established(self, day: datetime.date) -> bool:
        """Whether the center existed on `day`."""
        return self.obj.established_on is not None and self.obj.established_on <= day


@dataclass(eq=False)
class AchievementRecord:
    obj: Achievement
    domain: str
    subject: Term
    started_on: datetime.date
    # The lead inventor first; the organizations that own it, the institute first.
    inventors: list[Expert] = field(default_factory=list)
    owners: list[Org] = field(default_factory=list)


@dataclass(eq=False)
class ContractRecord:
    """A technical contract with the domain and subject it is about."""

    obj: Agreement
    domain: str
    subject: Term
    partner: Org


def slug_of(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-") or "org"


def years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def values_of(obj: Model, *names: str) -> dict[str, object]:
    """The values of `names` that `obj` has: what the last step of its lifecycle gave it."""
    return {name: getattr(obj, name) for name in names}


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class Story:
    """The state every generator shares: the seed's random streams, the history's clock, the
    writer, and the records generated so far with their place in the report's figures."""

    def __init__(
        self,
        *,
        scale: int,
        seed: int,
        today: datetime.date,
        writer: BulkWriter,
        office: User | None = None,
    ) -> None:
        if today <= AS_OF + 30 * DAY:
            raise ValueError("the demo runs from the report of 2023-05-08 to a later today")
        self.scale = scale
        self.seed = seed
        self.today = today
        self.writer = writer
        # The office's demo account, responsible for disclosures and proposing rewards.
        self.office = office
        self.faker_zh = Faker("zh_CN")
        self.faker_en = Faker("en_US")
        self.rng = random.Random()
        # The times of the history: a stream of its own, so dating it moves no record.
        self.clock = random.Random(f"liaison-demo:{seed}:history")
        self.zone = ZoneInfo(settings.TIME_ZONE)
        end_of_today = datetime.datetime.combine(today, datetime.time(23, 59), tzinfo=self.zone)
        self.latest = min(timezone.now(), end_of_today)
        self.namer = Namer(self.rng, self.faker_zh, self.faker_en)
        self.codes = CreditCodes(self.rng)
        self._use_stream("core")
        self.in_core = True

        self.orgs: list[Org] = []
        self.by_key: dict[str, Org] = {}
        self.enterprises: dict[str, list[Org]] = defaultdict(list)
        self.investors: list[Org] = []
        self.foreign_investors: list[Org] = []
        self.experts: dict[str, list[Expert]] = defaultdict(list)
        self.researchers: dict[str, list[Expert]] = defaultdict(list)
        self.by_subject: dict[tuple[str, str], list[Expert]] = defaultdict(list)
        self.home_centers: dict[str, CenterRecord] = {}
        self.centers: dict[str, list[CenterRecord]] = defaultdict(list)
        self.achievements: dict[str, list[AchievementRecord]] = defaultdict(list)
        self.contracts: list[ContractRecord] = []
        # Indexes for the needs' candidates, rebuilt when the lists they index have grown:
        # where each expert stands in its domain's list, by id(), and a domain's achievements
        # on a subject (with how many the domain had).
        self.expert_positions: dict[int, tuple[str, int]] = {}
        self.achievements_on_subject: dict[
            tuple[str, Term], tuple[int, list[AchievementRecord]]
        ] = {}
        # The development contracts of a domain (with how many contracts there were).
        self.developments: dict[str, tuple[int, list[ContractRecord]]] = {}
        self.milestones: dict[int, list[PaymentMilestone]] = {}  # by id() of the agreement
        self.agreement_number = 0
        self.patent_number = 0

        # The figures of 2023-05-08 as the core builds them.
        self.solved_by_then = 0
        self.achievements_by_then = 0
        self.financing_by_then = Decimal(0)

    def _use_stream(self, name: str) -> None:
        """Draw from the seed's stream `name`: the core does not move when the scale does."""
        self.rng.seed(f"liaison-demo:{self.seed}:{name}")
        self.faker_zh.seed_instance(self.rng.getrandbits(32))
        self.faker_en.seed_instance(self.rng.getrandbits(32))

    def _count(self, key: str) -> int:
        expected = PER_SCALE[key] * self.scale
        whole = int(expected)
        return whole + (1 if self.rng.random() < expected - whole else 0)

    def _day(
        self, start: datetime.date, end: datetime.date, *, late: bool = False
    ) -> datetime.date:
        """A day from `start` to `end` inclusive; `late` favours the later ones (growth)."""
        span = (end - start).days
        if span <= 0:
            return min(start, end)
        fraction = self.rng.triangular(0, 1, 1) if late else self.rng.random()
        return start + round(fraction * span) * DAY

    def _after(self, day: datetime.date, low: int, high: int) -> datetime.date:
        """A day `low` to `high` days after `day`, but never after today."""
        return min(day + self.rng.randrange(low, high + 1) * DAY, self.today)

    def _after_report(self, *, late: bool = False) -> datetime.date:
        return self._day(AS_OF + DAY, self.today, late=late)

    def _before_report(
        self, *, start: datetime.date = FIRST_DAY, late: bool = True
    ) -> datetime.date:
        return self._day(start, AS_OF, late=late)

    def _domain(self) -> str:
        return self.rng.choices(DOMAIN_KEYS, weights=[DOMAIN_WEIGHTS[d] for d in DOMAIN_KEYS])[0]

    def _moment(self, day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(self.rng.randrange(9, 18)))
        )

    def _at(self, day: datetime.date, *, lead: tuple[int, int] | None = None) -> datetime.datetime:
        """When the office wrote down what happened on `day` (or `lead` days before it)."""
        if lead is not None:
            day -= self.clock.randrange(lead[0], lead[1] + 1) * DAY
        day = min(max(day, HISTORY_STARTS), self.today)
        hour, minute = self.clock.randrange(9, 18), self.clock.randrange(60)
        moment = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=self.zone)
        return min(moment, self.latest)
