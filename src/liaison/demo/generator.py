"""The demo institute's records: the announcement, the records behind its figures, and volume.

Two parts, each from its own random stream of the seed:

- the core: the announcement's facts and the records the report's figures count as of
  2023-05-08. Their number is fixed, so the six figures come out exactly as reported at
  every scale and seed; only names and texts change with the seed.
- the volume, multiplied by the scale: everything the figures of 2023-05-08 do not count —
  records dated after it (so the figures keep growing to today), and records before it that
  fall outside the definitions (open or withdrawn needs, services to organizations elsewhere
  or to organizations already counted, unsigned drafts, agreements with partners already
  counted, achievements still in research, rounds not yet closed).

Every record that could move a figure passes a guard that refuses it (as a programming
error) unless it keeps the figures of 2023-05-08 as reported.

The history is dated as the story goes, from a random stream of its own (so dating it moves
no record): each record is created when the office would have written it down, and needs,
agreements, achievements, rounds and joint centers get a row for each step of their
lifecycle. The records that belong to them (parties, milestones, candidates, stage entries)
have only their creation: a row for each candidate's decision and each payment would add
nearly a tenth to the time a large demo takes to load.
"""

from __future__ import annotations

import datetime
import random
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Model
from django.utils import timezone
from faker import Faker

from liaison.achievements.choices import AchievementKind, Stage, TransferMode
from liaison.achievements.models import Achievement, StageEntry
from liaison.agreements.choices import AgreementKind, AgreementStatus, PartyRole
from liaison.agreements.models import Agreement, AgreementParty, PaymentMilestone, SigningEvent
from liaison.centers.choices import AppointmentRole, CenterKind, CenterStatus, CommitteeKind
from liaison.centers.models import Appointment, Center, CenterPartner, Committee
from liaison.core.choices import Confidentiality, Currency
from liaison.financing.choices import RoundKind, RoundStatus
from liaison.financing.models import FinancingRound, RoundInvestor
from liaison.needs.choices import CandidateKind, Decision, NeedStatus, ServiceKind
from liaison.needs.models import MatchCandidate, ServiceRecord, TechnicalNeed
from liaison.organizations.choices import OrganizationKind, OrganizationSize
from liaison.organizations.models import Organization
from liaison.people.choices import Honour, PersonKind
from liaison.people.models import Affiliation, Person

from . import announcement as report
from .institutions import (
    DOMESTIC_INSTITUTIONS,
    FIRST_AFFILIATED_HOSPITAL,
    FOREIGN_INSTITUTIONS,
    FOREIGN_POOL,
    GOVERNMENT_BODIES,
    LOCAL_SERVED,
    OTHER_INSTITUTIONS,
    PARTNER_HOSPITALS,
    WENZHOU_UNIVERSITY,
)
from .names import (
    CITIES_BY_NAME,
    FOREIGN_PLACES,
    OTHER_CITIES,
    OTHER_CITY_WEIGHTS,
    WENZHOU,
    WENZHOU_DISTRICT_WEIGHTS,
    City,
    CreditCodes,
    District,
    Namer,
    PersonName,
    association_names,
    hospital_names,
    institute_names,
    university_names,
)
from .texts import (
    STAGE_EVIDENCE,
    Topic,
    achievement_description,
    achievement_titles,
    agreement_description,
    center_description,
    contact_profile,
    contract_obligations,
    enterprise_description,
    expert_profile,
    foreign_enterprise_description,
    need_description,
    need_title,
    researcher_profile,
    service_text,
    solution_summary,
    topic,
)
from .vocabulary import (
    ACADEMIC_EXPERT_TITLES,
    CANCEL_REASONS,
    CLINICAL_EXPERT_TITLES,
    CLOSE_REASONS,
    CONTACT_TITLES,
    DEGREE_UNIVERSITIES,
    DOMAIN_KEYS,
    DOMAINS,
    INVESTOR_TITLES,
    REJECT_REASONS,
    RESEARCHER_TITLES,
    STAFF_TITLES,
    TERMINATION_REASONS,
    WITHDRAW_REASONS,
    Term,
    Trade,
)
from .writer import BulkWriter, Change

Entry = TypeVar("Entry", bound=tuple[Any, ...])

AS_OF = report.AS_OF
DAY = datetime.timedelta(days=1)
FIRST_DAY = datetime.date(2019, 6, 1)
# Nothing is in the history before the institute was established.
HISTORY_STARTS = report.INSTITUTE_FOUNDED_ON

# What the figures count (the reports app's definitions); the guards below keep them exact.
LOCAL_SERVED_KINDS = frozenset(
    {OrganizationKind.ENTERPRISE, OrganizationKind.UNIVERSITY, OrganizationKind.RESEARCH_INSTITUTE}
)
HORIZONTAL_PARTNER_KINDS = frozenset({OrganizationKind.ENTERPRISE, OrganizationKind.HOSPITAL})
TECHNICAL_KINDS = (
    AgreementKind.TECH_DEVELOPMENT,
    AgreementKind.TECH_TRANSFER,
    AgreementKind.TECH_LICENSING,
    AgreementKind.TECH_CONSULTING,
    AgreementKind.TECH_SERVICE,
)
HORIZONTAL_AGREEMENT_KINDS = frozenset(
    {*TECHNICAL_KINDS, AgreementKind.JOINT_CENTER, AgreementKind.FRAMEWORK}
)
INSTITUTION_KINDS = frozenset(
    {OrganizationKind.UNIVERSITY, OrganizationKind.RESEARCH_INSTITUTE, OrganizationKind.HOSPITAL}
)
DEEP_AGREEMENT_KINDS = frozenset(
    {
        AgreementKind.FRAMEWORK,
        AgreementKind.JOINT_CENTER,
        AgreementKind.TALENT_TRAINING,
        AgreementKind.MOU,
    }
)
COUNTED_STAGES = frozenset({Stage.CLINICAL_TRIAL, Stage.REGISTRATION, Stage.MARKET})

# The core's composition. The report's organizations and the known institutions carry their
# own place in the figures (announcement.py, institutions.py); these synthetic enterprises
# complete the counts.
CORE_LOCAL_SERVED_ENTERPRISES = {
    "biomaterials": 22,
    "medical_engineering": 18,
    "life_health": 16,
    "food": 18,
    "materials": 25,
}
CORE_LOCAL_PARTNERS_PER_DOMAIN = {
    "biomaterials": 6,
    "medical_engineering": 5,
    "life_health": 4,
    "food": 4,
    "materials": 5,
}
CORE_OTHER_PARTNERS = (
    "biomaterials",
    "biomaterials",
    "medical_engineering",
    "medical_engineering",
    "life_health",
    "life_health",
    "food",
    "materials",
)
CORE_JOINT_RD_CENTERS = 6
CORE_ACHIEVEMENTS = {
    "biomaterials": 18,
    "medical_engineering": 12,
    "life_health": 10,
    "food": 9,
    "materials": 7,
}
DOMAIN_WEIGHTS = {
    "biomaterials": 28,
    "medical_engineering": 20,
    "life_health": 17,
    "food": 15,
    "materials": 20,
}
RESEARCHERS_PER_DOMAIN = 7
HOME_CENTERS: dict[str, tuple[Term, str]] = {
    "biomaterials": (
        Term("组织修复材料实验室", "Tissue Repair Materials Laboratory"),
        CenterKind.LABORATORY,
    ),
    "medical_engineering": (
        Term("医学工程研究中心", "Medical Engineering Research Center"),
        CenterKind.RESEARCH_CENTER,
    ),
    "life_health": (
        Term("生命健康研究中心", "Life and Health Research Center"),
        CenterKind.RESEARCH_CENTER,
    ),
    "food": (
        Term("食品营养与安全实验室", "Food Nutrition and Safety Laboratory"),
        CenterKind.LABORATORY,
    ),
    "materials": (
        Term("先进功能材料研究中心", "Advanced Functional Materials Research Center"),
        CenterKind.RESEARCH_CENTER,
    ),
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
}

KIND_CODES: dict[str, str] = {
    AgreementKind.FRAMEWORK: "KJ",
    AgreementKind.JOINT_CENTER: "GJ",
    AgreementKind.TECH_DEVELOPMENT: "JK",
    AgreementKind.TECH_TRANSFER: "JZ",
    AgreementKind.TECH_LICENSING: "XK",
    AgreementKind.TECH_CONSULTING: "ZX",
    AgreementKind.TECH_SERVICE: "FW",
    AgreementKind.TALENT_TRAINING: "PY",
    AgreementKind.INCUBATION: "FH",
    AgreementKind.INVESTMENT: "TZ",
    AgreementKind.MOU: "BW",
}
STAGE_ORDER: tuple[str, ...] = (
    Stage.RESEARCH,
    Stage.PROTOTYPE,
    Stage.PILOT,
    Stage.CLINICAL_TRIAL,
    Stage.REGISTRATION,
    Stage.MARKET,
)
STAGE_TRL: dict[str, tuple[int, int]] = {
    Stage.RESEARCH: (2, 3),
    Stage.PROTOTYPE: (4, 5),
    Stage.PILOT: (6, 7),
    Stage.CLINICAL_TRIAL: (7, 7),
    Stage.REGISTRATION: (8, 8),
    Stage.MARKET: (9, 9),
}
END_REASONS: dict[str, tuple[Term, ...]] = {
    NeedStatus.CLOSED: CLOSE_REASONS,
    NeedStatus.WITHDRAWN: WITHDRAW_REASONS,
    NeedStatus.REJECTED: REJECT_REASONS,
}
# The kind of center a joint-center agreement founds with a partner of each kind, and its name.
JOINT_CENTER_KINDS: dict[str, str] = {
    OrganizationKind.ENTERPRISE: CenterKind.JOINT_RD,
    OrganizationKind.HOSPITAL: CenterKind.MEDICAL_RESEARCH,
}
JOINT_CENTER_LABELS: dict[str, Term] = {
    CenterKind.JOINT_RD: Term("联合研发中心", "Joint R&D Center"),
    CenterKind.MEDICAL_RESEARCH: Term("医学研究中心", "Medical Research Center"),
    CenterKind.JOINT_RESEARCH: Term("联合研究中心", "Joint Research Center"),
}
ROUND_NAMES_ZH: dict[str, str] = {
    RoundKind.GRANT: "科技项目资助",
    RoundKind.ANGEL: "天使轮融资",
    RoundKind.SEED: "种子轮融资",
    RoundKind.PRE_A: "Pre-A轮融资",
    RoundKind.SERIES_A: "A轮融资",
    RoundKind.SERIES_B: "B轮融资",
    RoundKind.SERIES_C: "C轮及以后融资",
    RoundKind.GOVERNMENT_FUND: "政府引导基金投资",
    RoundKind.LOAN: "科技贷款",
}
# What technical contracts are worth, in thousands of yuan.
CONTRACT_VALUES: dict[str, tuple[int, int]] = {
    AgreementKind.TECH_DEVELOPMENT: (200, 3000),
    AgreementKind.TECH_TRANSFER: (500, 5000),
    AgreementKind.TECH_LICENSING: (200, 3000),
    AgreementKind.TECH_CONSULTING: (30, 300),
    AgreementKind.TECH_SERVICE: (20, 500),
}
# How large rounds of each kind are, in units of 10,000 yuan.
ROUND_SIZES: dict[str, tuple[int, int]] = {
    RoundKind.GRANT: (50, 300),
    RoundKind.ANGEL: (100, 500),
    RoundKind.SEED: (200, 800),
    RoundKind.PRE_A: (500, 1200),
    RoundKind.SERIES_A: (800, 2000),
    RoundKind.SERIES_B: (1500, 4000),
    RoundKind.SERIES_C: (3000, 8000),
    RoundKind.GOVERNMENT_FUND: (200, 800),
    RoundKind.LOAN: (100, 1000),
}
ROUND_WEIGHTS: dict[str, int] = {
    RoundKind.GRANT: 15,
    RoundKind.ANGEL: 15,
    RoundKind.SEED: 12,
    RoundKind.PRE_A: 12,
    RoundKind.SERIES_A: 12,
    RoundKind.SERIES_B: 6,
    RoundKind.SERIES_C: 3,
    RoundKind.GOVERNMENT_FUND: 10,
    RoundKind.LOAN: 15,
}
SOLVING_SERVICES = (ServiceKind.JOINT_RD, ServiceKind.CONSULTING, ServiceKind.TESTING)
HOSPITAL_CONTRACT_KINDS = (AgreementKind.TECH_SERVICE, AgreementKind.TECH_DEVELOPMENT)
CLINICAL_ACHIEVEMENT_KINDS = frozenset(
    {AchievementKind.MEDICAL_DEVICE, AchievementKind.DRUG, AchievementKind.MATERIAL}
)


# A need as it is submitted, before triage, matching, work and its end.
NEED_SUBMITTED: dict[str, object] = {
    "status": NeedStatus.SUBMITTED,
    "triaged_on": None,
    "assigned_center": None,
    "solved_on": None,
    "solution_summary": "",
    "satisfaction": None,
    "ended_on": None,
    "close_reason": "",
}
ROUND_ANNOUNCED: dict[str, object] = {
    "status": RoundStatus.ANNOUNCED,
    "closed_on": None,
    "cancel_reason": "",
}
# An agreement as it is drafted, before review, signature and force.
AGREEMENT_DRAFT: dict[str, object] = {
    "status": AgreementStatus.DRAFT,
    "signed_on": None,
    "effective_on": None,
    "ended_on": None,
    "end_reason": "",
    "registration_number": "",
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


SMALL_WORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to", "with"})


def _title_case(text: str) -> str:
    """English name style: "carbon fibre composites" → "Carbon Fibre Composites"."""
    words = text.split()
    return " ".join(
        w if (i and w in SMALL_WORDS) or w[:1].isupper() else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-") or "org"


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _own(obj: Model, *names: str) -> dict[str, object]:
    """The values of `names` that `obj` has: what the last step of its lifecycle gave it."""
    return {name: getattr(obj, name) for name in names}


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class DemoGenerator:
    """Generates the demo institute into a `BulkWriter`."""

    def __init__(self, *, scale: int, seed: int, today: datetime.date, writer: BulkWriter) -> None:
        if today <= AS_OF + 30 * DAY:
            raise ValueError("the demo runs from the report of 2023-05-08 to a later today")
        self.scale = scale
        self.seed = seed
        self.today = today
        self.writer = writer
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
        self.agreement_number = 0
        self.patent_number = 0

        # The figures of 2023-05-08 as the core builds them.
        self.solved_by_then = 0
        self.achievements_by_then = 0
        self.financing_by_then = Decimal(0)

    # Random streams and dates ----------------------------------------------------------------

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

    # The whole demo -------------------------------------------------------------------------

    def run(self) -> None:
        self._core()
        self._check_core()
        self._use_stream(f"scale-{self.scale}")
        self.in_core = False
        self._volume()
        self._date_organizations_and_people()
        self.writer.finish()

    def _core(self) -> None:
        self._core_organizations()
        self._core_people()
        self._core_agreements_and_centers()
        self._core_achievements()
        self._core_needs_and_services()
        self._core_financing()

    def _volume(self) -> None:
        self._volume_organizations()
        self._volume_people()
        self._volume_agreements_and_centers()
        self._volume_achievements()
        self._volume_needs()
        self._volume_services()
        self._volume_financing()

    def _check_core(self) -> None:
        """Refuse a core that does not give the report's figures (a bug of the demo)."""
        problems = []
        for org in self.orgs:
            if org.served and not org.served_by_then:
                problems.append(f"{org.obj.name_zh} is to be served by 2023-05-08 but is not")
            if org.partner and not org.partnered_by_then:
                problems.append(f"{org.obj.name_zh} is to be a partner by 2023-05-08 but is not")
            if org.institution and not org.cooperating_then:
                problems.append(f"{org.obj.name_zh} is to cooperate on 2023-05-08 but does not")
        expected = report.FIGURES_AS_OF
        counts = {
            "organizations_served_local": sum(o.served for o in self.orgs),
            "cooperation_partners": sum(o.partner for o in self.orgs),
            "technical_problems_solved": self.solved_by_then,
            "institutions_cooperating": sum(o.institution for o in self.orgs),
            "achievements_market_or_clinical": self.achievements_by_then,
            "financing_cumulative_cny": self.financing_by_then,
        }
        problems += [
            f"{key}: {counts[key]} instead of {value}"
            for key, value in expected.items()
            if counts[key] != value
        ]
        if problems:
            raise FigureGuardError("; ".join(problems))

    def _date_organizations_and_people(self) -> None:
        """Date each organization and person in the history a little before it was first needed.

        A record that refers to an organization or a person needs it (the writer noted when);
        an organization is needed when one of its people or of the organizations under it is,
        and a researcher or staff member when they join the institute. An organization never
        needed was entered some day after it was founded; a person never needed, with their
        organization.
        """
        needed = dict(self.writer.first_needed)

        def need(obj: object, moment: datetime.datetime | None) -> None:
            if moment is not None and (id(obj) not in needed or moment < needed[id(obj)]):
                needed[id(obj)] = moment

        def entered(obj: object, floor: datetime.datetime) -> datetime.datetime:
            first = needed.get(id(obj))
            if first is None:
                return floor
            return min(first, max(floor, self._at(first.date(), lead=(1, 60))))

        institute = self.by_key["institute"].obj
        affiliations = [a for a in self.writer.dated_later if isinstance(a, Affiliation)]
        for affiliation in affiliations:
            if affiliation.organization is institute and affiliation.starts_on is not None:
                need(affiliation.person, self._at(affiliation.starts_on))
        for affiliation in affiliations:
            need(affiliation.organization, needed.get(id(affiliation.person)))
        for org in reversed(self.orgs):  # an organization comes after its parent
            if org.obj.parent is not None:
                need(org.obj.parent, needed.get(id(org.obj)))

        created: dict[int, datetime.datetime] = {}
        for org in self.orgs:
            obj = org.obj
            founded = max(obj.founded_on or HISTORY_STARTS, HISTORY_STARTS)
            floor = datetime.datetime.combine(founded, datetime.time(9), tzinfo=self.zone)
            if obj.parent is not None:
                floor = max(floor, created[id(obj.parent)])
            if id(obj) not in needed:
                floor = max(floor, self._at(self.today, lead=(0, (self.today - founded).days)))
            created[id(obj)] = entered(obj, min(floor, self.latest))
            self.writer.date(obj, created[id(obj)])
        joined: dict[int, datetime.datetime] = {}  # the latest of a person's organizations
        for affiliation in affiliations:
            organization, key = created[id(affiliation.organization)], id(affiliation.person)
            joined[key] = max(joined.get(key, organization), organization)
        for affiliation in affiliations:
            person = affiliation.person
            if id(person) not in created:
                created[id(person)] = entered(person, joined[id(person)])
                self.writer.date(person, created[id(person)])
            self.writer.date(affiliation, created[id(person)])

    # Organizations --------------------------------------------------------------------------

    def _add_org(
        self,
        *,
        name_zh: str,
        name_en: str,
        kind: str,
        city: City | None = None,
        district: District | None = None,
        foreign: tuple[str, str] | None = None,
        domains: tuple[str, ...] = (),
        trade: Trade | None = None,
        short: Term | None = None,
        parent: Org | None = None,
        key: str | None = None,
        **fields: object,
    ) -> Org:
        if parent is not None and parent.obj.pk is None:
            self.writer.flush()  # a parent is written before the organizations under it
        self.namer.reserve_organization(name_zh)
        if foreign is not None:
            country, city_name = foreign
            place: dict[str, str] = {"country": country, "city": city_name}
            credit_code = ""
        else:
            assert city is not None
            place = {
                "country": "CN",
                "province": city.province,
                "city": city.zh,
                "district": district.zh if district else "",
            }
            credit_code = self.codes.issue(
                kind=kind, region=district.code if district else city.code
            )
        obj = Organization(
            name_zh=name_zh,
            name_en=name_en,
            kind=kind,
            credit_code=credit_code,
            parent=parent.obj if parent else None,
            tags=[DOMAINS[d].name.zh for d in domains],
            **place,
            **fields,
        )
        org = Org(
            obj=obj,
            domains=domains,
            trade=trade,
            short=short or Term(name_zh, name_en),
            email_domain=f"{_slug(short.en if short else name_en)}.example.com",
        )
        self.writer.add(obj)
        self.orgs.append(org)
        if key:
            self.by_key[key] = org
        if kind == OrganizationKind.ENTERPRISE and org.domain and not self._young(org):
            self.enterprises[org.domain].append(org)
        return org

    @staticmethod
    def _young(org: Org) -> bool:
        """Founded after the report: nothing of it is dated before its founding."""
        return org.obj.founded_on is not None and org.obj.founded_on > AS_OF

    def _add_known(self, known: report.KnownOrganization) -> Org:
        city = district = foreign = None
        if known.country == "CN":
            city = CITIES_BY_NAME[known.city]
            district = next((d for d in city.districts if d.zh == known.district), None)
        else:
            foreign = (known.country, known.city)
        org = self._add_org(
            city=city,
            district=district,
            foreign=foreign,
            aliases=list(known.aliases),
            name_zh=known.name_zh,
            name_en=known.name_en,
            kind=known.kind,
            domains=known.domains,
            parent=self.by_key[known.parent] if known.parent else None,
            key=known.key,
            is_institute=known is report.INSTITUTE,
            founded_on=known.founded_on,
            industry=known.industry,
            description=known.description,
        )
        org.served, org.partner, org.institution = known.served, known.partner, known.institution
        if known.key == "institute":
            org.email_domain = "wiucas.example.com"
        return org

    def _new_enterprise(
        self,
        *,
        domain: str,
        local: bool,
        foreign: bool = False,
        young: bool = False,
        kind: str = OrganizationKind.ENTERPRISE,
        trade: Trade | None = None,
    ) -> Org:
        vocabulary = DOMAINS[domain]
        trade = trade or self.rng.choice(vocabulary.trades)
        subjects = self.rng.sample(vocabulary.subjects, 2)
        application = self.rng.choice(vocabulary.applications)
        if young:  # founded after the report, and at least a year old today
            founded_on = self._day(AS_OF + DAY, max(AS_OF + DAY, self.today - 400 * DAY))
        else:
            founded_on = (
                datetime.date(self.rng.randrange(1993, 2019), 1, 1) + self.rng.randrange(365) * DAY
            )
        size = self.rng.choices(
            OrganizationSize.values, weights=(20, 45, 25, 10) if not foreign else (0, 2, 4, 4)
        )[0]
        city = district = abroad = None
        if foreign:
            place = self.rng.choice(FOREIGN_PLACES)
            abroad = (place.country, place.city)
            name = self.namer.foreign_enterprise(country=place.country, trade=trade)
            description = foreign_enterprise_description(
                name=name.en, subjects=subjects, application=application
            )
            slug = _slug(name.en)
        else:
            if local:
                city = WENZHOU
                district = self.rng.choices(WENZHOU.districts, weights=WENZHOU_DISTRICT_WEIGHTS)[0]
            else:
                city = self.rng.choices(OTHER_CITIES, weights=OTHER_CITY_WEIGHTS)[0]
                district = self.rng.choice(city.districts)
            name = self.namer.enterprise(city=city, district=district, trade=trade)
            description = enterprise_description(
                self.rng,
                name=name.zh,
                founded_year=founded_on.year,
                place=f"{city.zh}{district.zh}",
                subjects=subjects,
                application=application,
            )
            slug = _slug(f"{name.short_en}-{trade.en}")
        return self._add_org(
            name_zh=name.zh,
            name_en=name.en,
            kind=kind,
            city=city,
            district=district,
            foreign=abroad,
            domains=(domain,),
            trade=trade,
            short=Term(name.short_zh, name.short_en),
            industry=trade.industry,
            size=size,
            founded_on=founded_on,
            description=description,
            website=f"https://www.{slug}.example.com",
        )

    def _new_investor(self, *, foreign: bool = False) -> Org:
        if foreign:
            place = self.rng.choice(FOREIGN_PLACES)
            name = self.namer.foreign_investor()
            org = self._add_org(
                name_zh=name.zh,
                name_en=name.en,
                kind=OrganizationKind.INVESTOR,
                foreign=(place.country, place.city),
                short=Term(name.short_zh, name.short_en),
                industry="风险投资",
            )
            self.foreign_investors.append(org)
            return org
        city = self.rng.choice(
            [
                WENZHOU,
                WENZHOU,
                CITIES_BY_NAME["杭州市"],
                CITIES_BY_NAME["上海市"],
                CITIES_BY_NAME["深圳市"],
                CITIES_BY_NAME["北京市"],
            ]
        )
        district = self.rng.choice(city.districts)
        name = self.namer.investor(city=city)
        org = self._add_org(
            name_zh=name.zh,
            name_en=name.en,
            kind=OrganizationKind.INVESTOR,
            city=city,
            district=district,
            short=Term(name.short_zh, name.short_en),
            industry="创业投资",
            founded_on=datetime.date(self.rng.randrange(2008, 2020), self.rng.randrange(1, 13), 1),
        )
        self.investors.append(org)
        return org

    def _core_organizations(self) -> None:
        for known in report.REPORTED_ORGANIZATIONS:
            self._add_known(known)
        for known in (
            FIRST_AFFILIATED_HOSPITAL,
            WENZHOU_UNIVERSITY,
            *LOCAL_SERVED,
            *PARTNER_HOSPITALS,
            *DOMESTIC_INSTITUTIONS,
            *FOREIGN_INSTITUTIONS,
            *OTHER_INSTITUTIONS,
            *GOVERNMENT_BODIES,
        ):
            self._add_known(known)
        # The partner of the third joint research center of February 2023.
        february = self._new_enterprise(domain="life_health", local=True)
        february.served = february.partner = True
        self.by_key["february_enterprise"] = february
        for domain, count in CORE_LOCAL_SERVED_ENTERPRISES.items():
            for number in range(count):
                org = self._new_enterprise(domain=domain, local=True)
                org.served = True
                org.partner = number < CORE_LOCAL_PARTNERS_PER_DOMAIN[domain]
        for domain in CORE_OTHER_PARTNERS:
            org = self._new_enterprise(domain=domain, local=False)
            org.partner = True
        for _ in range(8):
            self._new_investor()
        for _ in range(2):
            self._new_investor(foreign=True)

    # People ---------------------------------------------------------------------------------

    def _add_person(
        self,
        *,
        name: PersonName | Term,
        kind: str,
        title: str,
        organization: Org,
        position: str = "",
        starts_on: datetime.date | None = None,
        expertise: list[str] | None = None,
        profile: str = "",
        honours: list[str] | None = None,
        foreign: bool = False,
    ) -> Person:
        local = name.email_local if isinstance(name, PersonName) else _slug(name.en)
        person = Person(
            name_zh=name.zh,
            name_en=name.en,
            kind=kind,
            title=title,
            honours=honours or [],
            expertise=expertise or [],
            profile=profile,
            available=self.rng.random() < 0.85,
            email=f"{local}@{organization.email_domain}",
            phone=self.namer.phone(foreign=foreign),
        )
        self.writer.add(person)
        self.writer.add(
            Affiliation(
                person=person,
                organization=organization.obj,
                position=position or title,
                starts_on=starts_on,
                is_primary=True,
            )
        )
        return person

    def _register(self, expert: Expert) -> Expert:
        self.experts[expert.domain].append(expert)
        if expert.internal:
            self.researchers[expert.domain].append(expert)
        for subject in expert.subjects:
            self.by_subject[(expert.domain, subject.zh)].append(expert)
        expert.organization.experts.append(expert)
        return expert

    def _researcher(
        self, *, domain: str, subjects: list[Term], joined: datetime.date, english: bool
    ) -> Expert:
        vocabulary = DOMAINS[domain]
        name = self.namer.chinese_person()
        title = self.rng.choice(RESEARCHER_TITLES)
        methods = self.rng.sample(vocabulary.methods, 2)
        applications = self.rng.sample(vocabulary.applications, 2)
        center = self.home_centers[domain]
        honours: list[str] = []
        if title.zh in {"研究员", "特聘研究员"}:
            roll = self.rng.random()
            if roll < 0.15:
                honours.append(Honour.NATIONAL_TALENT)
            elif roll < 0.45:
                honours.append(Honour.PROVINCIAL_TALENT)
        person = self._add_person(
            name=name,
            kind=PersonKind.RESEARCHER,
            title=title.zh,
            organization=self.by_key["institute"],
            position=f"{center.obj.name_zh}课题组长",
            starts_on=joined,
            expertise=[t.zh for t in (*subjects, *methods)],
            profile=researcher_profile(
                self.rng,
                name=Term(name.zh, name.en),
                title=title,
                university=self.rng.choice(DEGREE_UNIVERSITIES[domain]),
                center=center.name,
                expertise=[*subjects, *methods],
                applications=applications,
                english=english,
            ),
            honours=honours,
        )
        return self._register(
            Expert(
                person, domain, list(subjects), internal=True, organization=self.by_key["institute"]
            )
        )

    def _outside_expert(self, *, organization: Org, domain: str) -> Expert:
        vocabulary = DOMAINS[domain]
        foreign = organization.foreign
        name: PersonName = self.namer.foreign_person() if foreign else self.namer.chinese_person()
        clinical = organization.kind == OrganizationKind.HOSPITAL
        title = self.rng.choice(CLINICAL_EXPERT_TITLES if clinical else ACADEMIC_EXPERT_TITLES)
        subjects = self.rng.sample(vocabulary.subjects, 3)
        method = self.rng.choice(vocabulary.methods)
        person = self._add_person(
            name=name,
            kind=PersonKind.EXPERT,
            title=title.en if foreign else title.zh,
            organization=organization,
            starts_on=datetime.date(self.rng.randrange(2002, 2020), 9, 1),
            expertise=[t.en if foreign else t.zh for t in (*subjects, method)],
            profile=expert_profile(
                self.rng,
                name=Term(name.zh, name.en),
                title=title,
                organization=organization.name,
                expertise=subjects,
                applications=self.rng.sample(vocabulary.applications, 2),
                clinical=clinical,
                english=foreign,
            ),
            honours=[Honour.NATIONAL_TALENT] if self.rng.random() < 0.1 else [],
            foreign=foreign,
        )
        return self._register(
            Expert(person, domain, subjects, internal=False, organization=organization)
        )

    def _contact(self, org: Org) -> Person:
        name = self.namer.foreign_person() if org.foreign else self.namer.chinese_person()
        if org.kind == OrganizationKind.INVESTOR:
            title = self.rng.choice(INVESTOR_TITLES)
            kind, expertise, profile = PersonKind.INVESTOR_CONTACT, [], ""
        else:
            title = self.rng.choice(CONTACT_TITLES)
            kind = PersonKind.ENTERPRISE_CONTACT
            subjects = self.rng.sample(DOMAINS[org.domain or "materials"].subjects, 2)
            expertise = [s.en if org.foreign else s.zh for s in subjects]
            profile = contact_profile(
                name=name.zh, title=title.zh, organization=org.obj.name_zh, subjects=subjects
            )
        person = self._add_person(
            name=name,
            kind=kind,
            title=title.en if org.foreign else title.zh,
            organization=org,
            starts_on=org.obj.founded_on,
            expertise=expertise,
            profile=profile,
            foreign=org.foreign,
        )
        org.contacts.append(person)
        return person

    def _add_known_person(self, known: report.KnownPerson) -> Person:
        person = Person(
            name_zh=known.name_zh,
            name_en=known.name_en,
            kind=known.kind,
            title=known.title,
            honours=list(known.honours),
            expertise=list(known.expertise),
            profile=known.profile,
        )
        self.writer.add(person)
        for key, position, primary in known.affiliations:
            self.writer.add(
                Affiliation(
                    person=person,
                    organization=self.by_key[key].obj,
                    position=position,
                    is_primary=primary,
                )
            )
        return person

    def _core_people(self) -> None:
        self._add_known_person(report.YANG_GUOQIANG)
        self.zhang = self._add_known_person(report.ZHANG_HONGJIE)
        # The institute's own research units, set up with it: a record of any day may use them.
        for domain, (name, kind) in HOME_CENTERS.items():
            vocabulary = DOMAINS[domain]
            focus = self.rng.sample(vocabulary.subjects, 4)
            self.home_centers[domain] = self._center(
                name=name,
                kind=kind,
                domains=(domain,),
                established_on=report.INSTITUTE_FOUNDED_ON,
                focus=focus,
                application=self.rng.choice(vocabulary.applications),
            )
        for domain in DOMAIN_KEYS:
            # Between them the domain's researchers know every subject of it.
            subjects = list(DOMAINS[domain].subjects)
            self.rng.shuffle(subjects)
            for number in range(RESEARCHERS_PER_DOMAIN):
                mine = subjects[number::RESEARCHERS_PER_DOMAIN][:4]
                self._researcher(
                    domain=domain,
                    subjects=mine,
                    joined=self._day(report.INSTITUTE_FOUNDED_ON, datetime.date(2022, 6, 30)),
                    english=self.rng.random() < 0.2,
                )
        institute = self.by_key["institute"]
        for title in STAFF_TITLES:
            self._add_person(
                name=self.namer.chinese_person(),
                kind=PersonKind.STAFF,
                title=title.zh,
                organization=institute,
                starts_on=self._day(report.INSTITUTE_FOUNDED_ON, datetime.date(2020, 12, 31)),
            )
        for org in self.orgs:
            if org.kind in INSTITUTION_KINDS and not org.is_institute and org.domains:
                for _ in range(1 if org.foreign else self.rng.randrange(1, 3)):
                    self._outside_expert(organization=org, domain=self.rng.choice(org.domains))
            elif org.kind in {OrganizationKind.ENTERPRISE, OrganizationKind.INVESTOR}:
                self._contact(org)

    # Centers --------------------------------------------------------------------------------

    def _center(
        self,
        *,
        name: Term,
        kind: str,
        domains: tuple[str, ...],
        established_on: datetime.date | None,
        focus: list[Term] | None = None,
        application: Term | None = None,
        partners: tuple[Org, ...] = (),
        agreement: Agreement | None = None,
        event: SigningEvent | None = None,
        status: str = CenterStatus.ACTIVE,
    ) -> CenterRecord:
        vocabulary = DOMAINS[domains[0]]
        focus = focus or [
            *self.rng.sample(vocabulary.subjects, 3),
            *(self.rng.sample(DOMAINS[domains[1]].subjects, 1) if len(domains) > 1 else []),
        ]
        center = Center(
            name_zh=name.zh,
            name_en=name.en,
            kind=kind,
            status=status,
            founding_agreement=agreement,
            established_on=established_on,
            established_at=event,
            focus_areas=[f.zh for f in focus],
            description=center_description(
                name=name.zh,
                focus=focus,
                application=application or self.rng.choice(vocabulary.applications),
            ),
        )
        if established_on is None:  # a planned center: a recent idea
            created = self._at(self.today, lead=(10, 300))
        else:
            created = self._at(established_on)
        # A joint center closes when its agreement ends.
        changes: list[Change] = []
        if status == CenterStatus.CLOSED:
            assert agreement is not None
            assert agreement.ended_on is not None
            changes.append((self._at(agreement.ended_on), {"status": status}))
        self.writer.add(center, created, before={"status": CenterStatus.ACTIVE}, changes=changes)
        for partner in partners:
            self.writer.add(
                CenterPartner(
                    center=center,
                    organization=partner.obj,
                    role="共建单位",
                    joined_on=established_on,
                ),
                created,
            )
        record = CenterRecord(center, domains)
        for domain in domains:
            self.centers[domain].append(record)
        for partner in partners:
            partner.centers.append(record)
        return record

    def _appoint(
        self,
        person: Person,
        center: CenterRecord,
        role: str,
        starts_on: datetime.date,
        *,
        years: int = 5,
        committee: Committee | None = None,
        event: SigningEvent | None = None,
    ) -> None:
        self.writer.add(
            Appointment(
                person=person,
                center=center.obj,
                committee=committee,
                role=role,
                starts_on=starts_on,
                ends_on=_years_later(starts_on, years) - DAY,
                announced_at=event,
            ),
            self._at(starts_on),
        )

    def _staff_center(
        self,
        center: CenterRecord,
        starts_on: datetime.date,
        *,
        partner: Org | None = None,
        event: SigningEvent | None = None,
    ) -> None:
        """A director from the institute and, for a joint center, a deputy from the partner."""
        director = self.rng.choice(self.researchers[center.domains[0]])
        self._appoint(director.obj, center, AppointmentRole.DIRECTOR, starts_on, event=event)
        if partner is not None and partner.contacts:
            deputy = partner.contacts[0]
        elif partner is not None and partner.experts:
            deputy = partner.experts[0].obj
        else:
            deputy = self.rng.choice(self.researchers[center.domains[-1]]).obj
        if deputy is not director.obj:
            self._appoint(deputy, center, AppointmentRole.DEPUTY_DIRECTOR, starts_on, event=event)

    # Agreements -----------------------------------------------------------------------------

    def _event(
        self, title: Term, held_on: datetime.date, place: str, description: str = ""
    ) -> SigningEvent:
        event = SigningEvent(
            title_zh=title.zh,
            title_en=title.en,
            held_on=held_on,
            place=place,
            description=description,
        )
        self.writer.add(event, self._at(held_on, lead=(30, 60)))
        return event

    def _guard_agreement(
        self,
        kind: str,
        parties: list[tuple[Org, str]],
        signed_on: datetime.date | None,
        ended_on: datetime.date | None,
    ) -> None:
        if signed_on is None or signed_on > AS_OF:
            return
        running = ended_on is None or ended_on > AS_OF
        for org, _role in parties:
            if org.is_institute:
                continue
            if kind in HORIZONTAL_AGREEMENT_KINDS and org.kind in HORIZONTAL_PARTNER_KINDS:
                if not org.partner:
                    raise FigureGuardError(
                        f"{org.obj.name_zh} would become a horizontal partner by 2023-05-08"
                    )
                org.partnered_by_then = True
            if kind in DEEP_AGREEMENT_KINDS and running and org.kind in INSTITUTION_KINDS:
                if not org.institution:
                    raise FigureGuardError(
                        f"{org.obj.name_zh} would be in in-depth cooperation on 2023-05-08"
                    )
                org.cooperating_then = True

    def _agreement(
        self,
        *,
        kind: str,
        partners: list[tuple[Org, str]],
        title: Term,
        signed_on: datetime.date | None,
        term_days: int,
        event: SigningEvent | None = None,
        value: Decimal | None = None,
        description: str = "",
        obligations: str = "",
        unsigned_status: str = AgreementStatus.DRAFT,
        running_on: datetime.date | None = None,
        ended_by: datetime.date | None = None,
        terminable: bool = True,
    ) -> Agreement:
        """An agreement whose status and dates agree with each other and with today.

        `running_on`: still running on that day; `ended_by`: ended on or before that day;
        `terminable`: may be ended early.
        """
        self.agreement_number += 1
        year = (signed_on or self.today).year
        status: str = unsigned_status
        effective_on = expires_on = ended_on = None
        end_reason = ""
        if signed_on is None:
            if self.rng.random() < 0.5:
                expires_on = self.today + self.rng.randrange(200, 1500) * DAY
        elif (self.today - signed_on).days < 30 and self.rng.random() < 0.5:
            status = AgreementStatus.SIGNED  # and not yet in force
            expires_on = signed_on + term_days * DAY
        else:
            effective_on = min(signed_on + self.rng.randrange(0, 8) * DAY, self.today)
            expires_on = effective_on + term_days * DAY
            if running_on is not None and expires_on <= running_on:
                expires_on = running_on + self.rng.randrange(30, 700) * DAY
            if ended_by is not None:
                expires_on = max(min(expires_on, ended_by), effective_on)
            # The earliest it may end: near its expiry, or when ended early, not in its first
            # two months; never on or before `running_on`.
            if expires_on < self.today:
                earliest = max(effective_on, expires_on - 150 * DAY)
            else:
                earliest = effective_on + 60 * DAY
            if running_on is not None:
                earliest = max(earliest, running_on + DAY)
            if expires_on < self.today:
                if kind in TECHNICAL_KINDS and self.rng.random() < 0.7:
                    status = AgreementStatus.COMPLETED
                    ended_on = self._day(min(earliest, expires_on), expires_on)
                else:
                    status, ended_on = AgreementStatus.EXPIRED, expires_on
            elif terminable and earliest < self.today and self.rng.random() < 0.04:
                status = AgreementStatus.TERMINATED
                ended_on = self._day(earliest, self.today)
                end_reason = self.rng.choice(TERMINATION_REASONS)
            else:
                status = AgreementStatus.IN_FORCE
        self._guard_agreement(kind, partners, signed_on, ended_on)
        technical = kind in TECHNICAL_KINDS
        agreement = Agreement(
            number=f"WZI-{year}-{KIND_CODES[kind]}-{self.agreement_number:05d}",
            title_zh=title.zh,
            title_en=title.en,
            kind=kind,
            status=status,
            signed_on=signed_on,
            effective_on=effective_on,
            expires_on=expires_on,
            ended_on=ended_on,
            end_reason=end_reason,
            value=value,
            currency=Currency.CNY,
            description=description,
            obligations=obligations,
            confidentiality=self.rng.choices(
                Confidentiality.values, weights=(10, 60, 28, 2) if technical else (40, 55, 5, 0)
            )[0],
            registration_number=(
                f"{year}330304{self.agreement_number:06d}"
                if technical and signed_on is not None and self.rng.random() < 0.8
                else ""
            ),
            signing_event=event,
        )
        if signed_on is None:  # a draft of this year's, as its number says
            drafted = self._at(self.today, lead=(0, min(150, self.today.timetuple().tm_yday - 1)))
        else:
            drafted = self._at(signed_on, lead=(10, 60))
        self.writer.add(
            agreement,
            drafted,
            before=AGREEMENT_DRAFT,
            changes=self._agreement_steps(agreement, drafted),
        )
        self.writer.add(
            AgreementParty(
                agreement=agreement,
                organization=self.by_key["institute"].obj,
                role=PartyRole.INSTITUTE,
            ),
            drafted,
        )
        for org, role in partners:
            self.writer.add(
                AgreementParty(agreement=agreement, organization=org.obj, role=role), drafted
            )
        if technical and value is not None:
            self._milestones(agreement, value, drafted)
        return agreement

    def _agreement_steps(self, agreement: Agreement, drafted: datetime.datetime) -> list[Change]:
        """The steps from a draft to the agreement's status: review, signature, force, end."""
        signed_on = agreement.signed_on
        last = signed_on or self.today
        steps: list[Change] = []
        if agreement.status != AgreementStatus.DRAFT:
            reviewed_on = drafted.date() + (last - drafted.date()) // 2
            steps.append((self._at(reviewed_on), {"status": AgreementStatus.UNDER_REVIEW}))
        if signed_on is None:
            return steps
        signed = {"status": AgreementStatus.SIGNED}
        steps.append(
            (self._at(signed_on), signed | _own(agreement, "signed_on", "registration_number"))
        )
        if agreement.effective_on is not None:
            in_force = {"status": AgreementStatus.IN_FORCE, "effective_on": agreement.effective_on}
            steps.append((self._at(agreement.effective_on), in_force))
        if agreement.ended_on is not None:
            ended = _own(agreement, "status", "ended_on", "end_reason")
            steps.append((self._at(agreement.ended_on), ended))
        return steps

    def _milestones(self, agreement: Agreement, value: Decimal, drafted: datetime.datetime) -> None:
        start = agreement.signed_on or self.today
        end = agreement.expires_on or _years_later(start, 1)
        shares = (
            (Decimal("0.4"), "合同签订后预付款"),
            (Decimal("0.3"), "中期成果交付"),
            (Decimal("0.3"), "项目验收结题"),
        )
        last = agreement.ended_on or self.today
        for number, (share, title) in enumerate(shares):
            due_on = [start + 15 * DAY, start + (end - start) // 2, end][number]
            done_on = None
            signed_on = agreement.signed_on
            if signed_on and agreement.status != AgreementStatus.SIGNED and due_on <= last:
                paid_on = min(due_on + self.rng.randrange(0, 20) * DAY, last)
                done_on = max(signed_on, paid_on)
            self.writer.add(
                PaymentMilestone(
                    agreement=agreement,
                    title=title,
                    due_on=due_on,
                    amount=_cents(value * share),
                    currency=Currency.CNY,
                    done_on=done_on,
                ),
                drafted,
            )

    def _titles(self, kind: str, partner: Org, t: Topic | None, center: Term | None = None) -> Term:
        p = partner.name
        if kind == AgreementKind.FRAMEWORK:
            return Term(
                f"国科温州研究院与{p.zh}全面合作框架协议",
                f"Framework agreement on all-round cooperation with {p.en}",
            )
        if kind == AgreementKind.JOINT_CENTER:
            assert center is not None
            return Term(f"共建{center.zh}协议", f"Agreement to jointly build the {center.en}")
        if kind == AgreementKind.TALENT_TRAINING:
            return Term(
                f"国科温州研究院与{p.zh}研究生联合培养协议",
                f"Joint postgraduate training agreement with {p.en}",
            )
        if kind == AgreementKind.MOU:
            return Term(
                f"国科温州研究院与{p.zh}科技合作谅解备忘录",
                f"Memorandum of understanding on scientific cooperation with {p.en}",
            )
        if kind == AgreementKind.INCUBATION:
            return Term(f"{p.zh}入驻孵化协议", f"Incubation agreement: {p.en}")
        if kind == AgreementKind.INVESTMENT:
            return Term(f"{p.zh}投资协议", f"Investment agreement: {p.en}")
        assert t is not None
        s, m = t.subject, t.method
        test = self.rng.choice(t.domain.tests)
        titles: dict[str, Term] = {
            AgreementKind.TECH_DEVELOPMENT: Term(
                f"{s.zh}{m.zh}技术开发合同", f"Technology development contract: {m.en} for {s.en}"
            ),
            AgreementKind.TECH_TRANSFER: Term(
                f"{s.zh}技术转让合同", f"Technology transfer contract: {s.en}"
            ),
            AgreementKind.TECH_LICENSING: Term(
                f"{s.zh}专利实施许可合同", f"Patent licence contract: {s.en}"
            ),
            AgreementKind.TECH_CONSULTING: Term(
                f"{s.zh}{t.problem.zh}技术咨询合同",
                f"Technology consulting contract: {t.problem.en} of {s.en}",
            ),
            AgreementKind.TECH_SERVICE: Term(
                f"{s.zh}{test.zh}技术服务合同", f"Technology service contract: {test.en} of {s.en}"
            ),
        }
        return titles[kind]

    def _contract(
        self,
        *,
        partner: Org,
        signed_on: datetime.date | None,
        event: SigningEvent | None = None,
        unsigned_status: str = AgreementStatus.DRAFT,
    ) -> Agreement:
        """A technical contract (one of the five kinds) with `partner` about its domain."""
        if partner.kind == OrganizationKind.HOSPITAL:
            kind: str = self.rng.choice(HOSPITAL_CONTRACT_KINDS)
        else:
            kind = self.rng.choices(TECHNICAL_KINDS, weights=(35, 8, 7, 15, 35))[0]
        t = topic(self.rng, DOMAINS[partner.domain or self._domain()])
        role = (
            PartyRole.LICENSEE
            if kind in {AgreementKind.TECH_TRANSFER, AgreementKind.TECH_LICENSING}
            else PartyRole.CLIENT
        )
        return self._agreement(
            kind=kind,
            partners=[(partner, role)],
            title=self._titles(kind, partner, t),
            signed_on=signed_on,
            term_days=self.rng.randrange(180, 800),
            event=event,
            value=Decimal(self.rng.randrange(*CONTRACT_VALUES[kind]) * 1000),
            description=f"{t.subject.zh}{t.method.zh}研究与应用，面向{t.application.zh}。",
            obligations=contract_obligations(self.rng, t),
            unsigned_status=unsigned_status,
        )

    def _cooperation(
        self,
        *,
        kind: str,
        partner: Org,
        signed_on: datetime.date | None,
        event: SigningEvent | None = None,
        running_on: datetime.date | None = None,
        ended_by: datetime.date | None = None,
        years: tuple[int, int] = (3, 6),
        renew: bool = False,
    ) -> Agreement:
        """A framework, talent-training agreement or memorandum with `partner`.

        `renew`: when it runs out before today, the parties sign it again on the day it ends.
        """
        domains = partner.domains or (self._domain(),)
        focus = [self.rng.choice(DOMAINS[d].subjects) for d in domains[:3]]
        title = self._titles(kind, partner, None)
        agreement = self._agreement(
            kind=kind,
            partners=[(partner, PartyRole.PARTNER)],
            title=title,
            signed_on=signed_on,
            term_days=self.rng.randrange(*years) * 365,
            event=event,
            description=agreement_description(partner=partner.obj.name_zh, focus=focus),
            running_on=running_on,
            ended_by=ended_by,
            terminable=not renew,
        )
        first = agreement
        while renew and agreement.status == AgreementStatus.EXPIRED:
            assert agreement.ended_on is not None
            agreement = self._agreement(
                kind=kind,
                partners=[(partner, PartyRole.PARTNER)],
                title=Term(f"{title.zh}（续签）", f"{title.en} (renewal)"),
                signed_on=agreement.ended_on,
                term_days=self.rng.randrange(*years) * 365,
                description=agreement_description(partner=partner.obj.name_zh, focus=focus),
                terminable=False,
            )
        return first

    def _joint_center(
        self,
        *,
        partners: tuple[Org, ...],
        name: Term,
        center_kind: str,
        domains: tuple[str, ...],
        signed_on: datetime.date,
        event: SigningEvent | None = None,
        running_on: datetime.date | None = None,
    ) -> CenterRecord:
        """A joint-center agreement and the center it founds, staffed from its first day."""
        focus = [s for d in domains for s in self.rng.sample(DOMAINS[d].subjects, 2)][:6]
        agreement = self._agreement(
            kind=AgreementKind.JOINT_CENTER,
            partners=[(p, PartyRole.PARTNER) for p in partners],
            title=self._titles(AgreementKind.JOINT_CENTER, partners[0], None, name),
            signed_on=signed_on,
            term_days=self.rng.randrange(3, 6) * 365,
            event=event,
            value=Decimal(self.rng.randrange(50, 1000) * 10000),
            description=agreement_description(
                partner="、".join(p.obj.name_zh for p in partners), focus=focus
            ),
            running_on=running_on,
        )
        center = self._center(
            name=name,
            kind=center_kind,
            domains=domains,
            established_on=signed_on,
            focus=focus,
            partners=partners,
            agreement=agreement,
            event=event,
            status=(
                CenterStatus.CLOSED
                if agreement.status in {AgreementStatus.TERMINATED, AgreementStatus.EXPIRED}
                else CenterStatus.ACTIVE
            ),
        )
        # The ceremony announces the center, not its director (the report names none).
        self._staff_center(center, signed_on, partner=partners[0])
        return center

    def _core_agreements_and_centers(self) -> None:
        k = self.by_key
        # 2023-05-06: the ceremony of the report.
        may = report.MAY_SIGNING
        may_event = self._event(
            Term(may.title_zh, may.title_en), may.held_on, may.place, may.description
        )
        self._cooperation(
            kind=AgreementKind.FRAMEWORK,
            partner=k["ningbo_university"],
            signed_on=may.held_on,
            event=may_event,
            running_on=self.today,
            years=(5, 6),
        )
        for reported in (
            report.JOINT_RD_CENTER,
            report.MEDICAL_RESEARCH_CENTER,
            report.INCUBATION_CENTER,
        ):
            self._joint_center(
                partners=tuple(k[key] for key in reported.partners),
                name=Term(reported.name_zh, reported.name_en),
                center_kind=reported.kind,
                domains=reported.domains,
                signed_on=may.held_on,
                event=may_event,
                running_on=self.today,
            )
        base = report.INTERNATIONAL_BASE
        self._center(
            name=Term(base.name_zh, base.name_en),
            kind=base.kind,
            domains=base.domains,
            established_on=may.held_on,
            event=may_event,
        )
        bmc_facts = report.BIOMEDICAL_MATERIALS_CENTER
        bmc = self._center(
            name=Term(bmc_facts.name_zh, bmc_facts.name_en),
            kind=bmc_facts.kind,
            domains=bmc_facts.domains,
            established_on=may.held_on,
            event=may_event,
        )
        committee = Committee(
            center=bmc.obj,
            kind=CommitteeKind.ACADEMIC,
            name_zh=report.ACADEMIC_COMMITTEE[0],
            name_en=report.ACADEMIC_COMMITTEE[1],
            established_on=may.held_on,
        )
        self.writer.add(committee, self._at(may.held_on))
        self._appoint(
            self.zhang, bmc, AppointmentRole.CHIEF_SCIENTIST, may.held_on, event=may_event
        )
        director = self.rng.choice(self.researchers["biomaterials"])
        self._appoint(director.obj, bmc, AppointmentRole.DIRECTOR, may.held_on)
        outside = [e for d in bmc.domains for e in self.experts[d] if not e.internal]
        inside = [e for d in bmc.domains for e in self.researchers[d] if e is not director]
        chosen = min(len(outside), 6)
        members = self.rng.sample(outside, chosen) + self.rng.sample(inside, 9 - chosen)
        roles = [AppointmentRole.COMMITTEE_CHAIR, AppointmentRole.COMMITTEE_VICE_CHAIR] + [
            AppointmentRole.COMMITTEE_MEMBER
        ] * (len(members) - 2)
        for member, role in zip(members, roles, strict=True):
            self._appoint(
                member.obj,
                bmc,
                role,
                may.held_on,
                years=4,
                committee=committee,
                event=may_event,
            )

        # February 2023: the three joint research centers.
        february = report.FEBRUARY_SIGNING
        feb_event = self._event(
            Term(february.title_zh, february.title_en),
            february.held_on,
            february.place,
            february.description,
        )
        feb_enterprise = k["february_enterprise"]
        for partner, name, domains in (
            (
                k["wmu_first_hospital"],
                Term(
                    "生物材料临床转化联合研究中心",
                    "Joint Research Center for the Clinical Translation of Biomaterials",
                ),
                ("biomaterials", "medical_engineering"),
            ),
            (
                k["wzu"],
                Term(
                    "绿色功能材料联合研究中心",
                    "Joint Research Center for Green Functional Materials",
                ),
                ("materials",),
            ),
            (
                feb_enterprise,
                Term(
                    f"{feb_enterprise.short.zh}创新药物递送联合研究中心",
                    f"{feb_enterprise.short.en} Joint Research Center for Innovative Drug Delivery",
                ),
                ("life_health",),
            ),
        ):
            self._joint_center(
                partners=(partner,),
                name=name,
                center_kind=CenterKind.JOINT_RESEARCH,
                domains=domains,
                signed_on=february.held_on,
                event=feb_event,
                running_on=self.today,
            )

        # Earlier ceremonies of the institute's own (the report does not name them).
        core_events = [
            self._event(
                Term(
                    "产学研合作项目签约仪式",
                    "Industry-university-research cooperation signing ceremony",
                ),
                datetime.date(2020, 11, 20),
                "国科温州研究院",
            ),
            self._event(
                Term(
                    "生物医药产业技术合作签约活动",
                    "Biomedical industry technology cooperation signing",
                ),
                datetime.date(2021, 12, 10),
                "温州国家大学科技园",
            ),
        ]

        # Every institution in in-depth cooperation: a framework, a memorandum or joint training.
        for org in self.orgs:
            if org.institution and not org.cooperating_then:
                kind = (
                    AgreementKind.MOU
                    if org.foreign
                    else AgreementKind.TALENT_TRAINING
                    if org.kind == OrganizationKind.UNIVERSITY and self.rng.random() < 0.3
                    else AgreementKind.FRAMEWORK
                )
                self._cooperation(
                    kind=kind,
                    partner=org,
                    signed_on=self._before_report(start=datetime.date(2019, 9, 1), late=False),
                    running_on=AS_OF,
                    renew=True,
                )

        # Every enterprise and hospital in horizontal cooperation: joint R&D centers for a few,
        # technical contracts for the others.
        waiting = [o for o in self.orgs if o.partner and not o.partnered_by_then]
        local_enterprises = [
            o for o in waiting if o.kind == OrganizationKind.ENTERPRISE and o.local
        ]
        for org in self.rng.sample(local_enterprises, CORE_JOINT_RD_CENTERS):
            assert org.domain is not None
            subject = self.rng.choice(DOMAINS[org.domain].subjects)
            self._joint_center(
                partners=(org,),
                name=Term(
                    f"{org.short.zh}{subject.zh}联合研发中心",
                    f"{org.short.en} Joint R&D Center for {_title_case(subject.en)}",
                ),
                center_kind=CenterKind.JOINT_RD,
                domains=(org.domain,),
                signed_on=self._day(datetime.date(2020, 3, 1), datetime.date(2022, 12, 31)),
            )
        for org in self.orgs:
            if org.partner and not org.partnered_by_then:
                for _ in range(self.rng.choice((1, 1, 2))):
                    event = self.rng.choice([None, None, None, *core_events])
                    signed_on = event.held_on if event else self._before_report(late=True)
                    self._contract(partner=org, signed_on=signed_on, event=event)

    # Achievements ---------------------------------------------------------------------------

    def _stage_plan(
        self,
        path: list[str],
        start: datetime.date,
        *,
        counted_by: datetime.date | None,
        counted_after: datetime.date | None,
    ) -> list[tuple[str, datetime.date]]:
        """Dated stages along `path` from `start`, moving forward in time, none after today.

        `counted_by`: the first stage the figure counts is reached on or before that day;
        `counted_after`: no counted stage is reached on or before that day.
        """
        first_counted = next(i for i, s in enumerate(path) if s in COUNTED_STAGES)
        plan: list[tuple[str, datetime.date]] = [(path[0], start)]
        if counted_by is not None:
            counted_on = self._day(min(start + 300 * DAY, counted_by), counted_by)
            steps = first_counted
            for number in range(1, steps):
                share = number / steps + self.rng.uniform(-0.08, 0.08) / steps
                plan.append((path[number], start + round(share * (counted_on - start).days) * DAY))
            plan.append((path[first_counted], counted_on))
            number = first_counted + 1
        else:
            number = 1
        last_stop = len(path) if self.rng.random() < 0.5 else self.rng.randrange(1, len(path) + 1)
        while number < min(len(path), last_stop):
            day = plan[-1][1] + self.rng.randrange(90, 420) * DAY
            if (
                counted_after is not None
                and path[number] in COUNTED_STAGES
                and day <= counted_after
            ):
                day = counted_after + self.rng.randrange(1, 300) * DAY
            if day > self.today:
                break
            plan.append((path[number], day))
            number += 1
        # Stages strictly forward in time.
        for index in range(1, len(plan)):
            if plan[index][1] <= plan[index - 1][1]:
                plan[index] = (plan[index][0], plan[index - 1][1] + DAY)
        return [entry for entry in plan if entry[1] <= self.today]

    def _achievement(
        self,
        *,
        domain: str,
        start: datetime.date,
        counted_by: datetime.date | None = None,
        counted_after: datetime.date | None = None,
    ) -> AchievementRecord:
        vocabulary = DOMAINS[domain]
        lead = self.rng.choice(self.researchers[domain])
        subject = self.rng.choice(lead.subjects)
        t = topic(self.rng, vocabulary, subject=subject)
        kind = self.rng.choice(vocabulary.achievement_kinds)
        clinical_path = vocabulary.clinical and kind in CLINICAL_ACHIEVEMENT_KINDS
        path: list[str] = (
            list(STAGE_ORDER)
            if clinical_path
            else [Stage.RESEARCH, Stage.PROTOTYPE, Stage.PILOT, Stage.MARKET]
        )
        plan = self._stage_plan(path, start, counted_by=counted_by, counted_after=counted_after)
        counted = next((day for stage, day in plan if stage in COUNTED_STAGES), None)
        if counted is not None and counted <= AS_OF:
            if not self.in_core:
                raise FigureGuardError("an achievement would reach the market before 2023-05-08")
            self.achievements_by_then += 1
        stage, since = plan[-1]
        title_zh, title_en = achievement_titles(self.rng, t, kind=kind)
        patent_number = ""
        if kind == AchievementKind.PATENT and len(plan) > 1:
            self.patent_number += 1
            digits = f"{plan[1][1].year}1{(self.seed * 7919 + self.patent_number) % 10**7:07d}"
            check = (
                sum(
                    int(d) * w
                    for d, w in zip(digits, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5), strict=True)
                )
                % 11
            )
            patent_number = f"ZL{digits}.{'X' if check == 10 else check}"
        center = self.rng.choice([c for c in self.centers[domain] if c.established(start)])
        achievement = Achievement(
            title_zh=title_zh,
            title_en=title_en,
            kind=kind,
            description=achievement_description(self.rng, t, english=self.rng.random() < 0.2),
            keywords=t.keywords_zh,
            center=center.obj,
            trl=self.rng.randint(*STAGE_TRL[stage]),
            stage=stage,
            stage_since=since,
            transfer_mode=(
                self.rng.choice(TransferMode.values)
                if stage in {Stage.REGISTRATION, Stage.MARKET} or self.rng.random() < 0.1
                else ""
            ),
            patent_number=patent_number,
        )
        # It moves from stage to stage, at the lowest readiness of each until the last.
        moves: list[Change] = [
            (self._at(day), {"stage": s, "stage_since": day, "trl": STAGE_TRL[s][0]})
            for s, day in plan
        ]
        moves[-1][1]["trl"] = achievement.trl
        created = moves[0][0]
        self.writer.add(achievement, created, before=moves[0][1], changes=moves[1:])
        owners = [self.by_key["institute"]]
        if self.rng.random() < 0.35 and self.enterprises[domain]:
            owners.append(self.rng.choice(self.enterprises[domain]))
        for owner in owners:
            self.writer.add(
                Achievement.owners.through(achievement=achievement, organization=owner.obj),
                created,
            )
        inventors = [lead, *self.rng.sample(self.researchers[domain], self.rng.randrange(0, 3))]
        for inventor in dict.fromkeys(inventors):
            self.writer.add(
                Achievement.inventors.through(achievement=achievement, person=inventor.obj),
                created,
            )
        for entry_stage, day in plan:
            self.writer.add(
                StageEntry(
                    achievement=achievement,
                    stage=entry_stage,
                    reached_on=day,
                    evidence=self.rng.choice(STAGE_EVIDENCE[entry_stage]),
                ),
                self._at(day),
            )
        record = AchievementRecord(achievement, domain, subject, start)
        self.achievements[domain].append(record)
        return record

    def _core_achievements(self) -> None:
        for domain, count in CORE_ACHIEVEMENTS.items():
            for _ in range(count):
                start = self._day(FIRST_DAY, AS_OF - 420 * DAY)
                self._achievement(domain=domain, start=start, counted_by=AS_OF)

    # Needs and services ---------------------------------------------------------------------

    @staticmethod
    def _may_serve_before(org: Org) -> bool:
        """Whether a service to `org` may be dated by 2023-05-08 (the figure counts it or not)."""
        return org.served or not org.counts_when_served

    def _guard_service(self, org: Org, delivered_on: datetime.date) -> None:
        if delivered_on > AS_OF or not org.counts_when_served:
            return
        if not org.served:
            raise FigureGuardError(f"{org.obj.name_zh} would be served locally by 2023-05-08")
        org.served_by_then = True

    def _service(
        self,
        *,
        org: Org,
        delivered_on: datetime.date,
        domain: str | None = None,
        kind: str | None = None,
        need: TechnicalNeed | None = None,
        provider: Expert | None = None,
        center: CenterRecord | None = None,
        t: Topic | None = None,
        english: bool = False,
    ) -> None:
        self._guard_service(org, delivered_on)
        domain = domain or org.domain or self._domain()
        provider = provider or self.rng.choice(self.researchers[domain])
        t = t or topic(self.rng, DOMAINS[domain], subject=self.rng.choice(provider.subjects))
        kind = kind or self.rng.choices(ServiceKind.values, weights=(40, 20, 15, 10, 15))[0]
        title, description = service_text(self.rng, t, kind=kind, english=english)
        self.writer.add(
            ServiceRecord(
                organization=org.obj,
                kind=kind,
                title=title,
                description=description,
                delivered_on=delivered_on,
                need=need,
                center=(center or self.home_centers[domain]).obj,
                provided_by=provider.obj,
                revenue=Decimal(self.rng.randrange(2, 80) * 1000)
                if self.rng.random() < 0.7
                else None,
                currency=Currency.CNY,
            ),
            self._at(delivered_on),
        )

    def _candidates(
        self,
        need: TechnicalNeed,
        t: Topic,
        solver: Expert,
        *,
        proposed: datetime.datetime,
        decided_on: datetime.date,
        accepted: bool,
        center: CenterRecord,
    ) -> None:
        """The candidates proposed at `proposed`; the staff decide on them on `decided_on`."""
        domain = t.domain.key
        sharing = [e for e in self.by_subject[(domain, t.subject.zh)] if e is not solver]
        others = [e for e in self.experts[domain] if e is not solver and e not in sharing[:3]]
        experts = [solver, *self.rng.sample(sharing, min(len(sharing), self.rng.randrange(0, 3)))]
        if others and self.rng.random() < 0.5:
            experts.append(self.rng.choice(others))
        proposals: list[tuple[float, str, Expert | CenterRecord | AchievementRecord]] = []
        for expert in dict.fromkeys(experts):
            shares = t.subject in expert.subjects
            score = self.rng.uniform(0.62, 0.95) if shares else self.rng.uniform(0.3, 0.6)
            proposals.append((score, CandidateKind.EXPERT, expert))
        if self.rng.random() < 0.5:
            proposals.append((self.rng.uniform(0.4, 0.8), CandidateKind.CENTER, center))
        related = [
            a
            for a in self.achievements[domain]
            if a.subject == t.subject and a.started_on <= proposed.date()
        ]
        if related and self.rng.random() < 0.6:
            proposals.append(
                (self.rng.uniform(0.5, 0.9), CandidateKind.ACHIEVEMENT, self.rng.choice(related))
            )
        proposals.sort(key=lambda p: -p[0])
        for rank, (score, kind, target) in enumerate(proposals, start=1):
            if target is solver:
                decision = Decision.ACCEPTED if accepted else Decision.PENDING
            elif accepted:
                decision = self.rng.choice((Decision.REJECTED, Decision.PENDING))
            else:
                decision = Decision.PENDING
            shared = [t.subject.zh]
            if isinstance(target, Expert):
                shared = [s.zh for s in target.subjects if s.zh in t.keywords_zh] or [
                    t.domain.name.zh
                ]
            self.writer.add(
                MatchCandidate(
                    need=need,
                    kind=kind,
                    person=target.obj if isinstance(target, Expert) else None,
                    center=target.obj if isinstance(target, CenterRecord) else None,
                    achievement=target.obj if isinstance(target, AchievementRecord) else None,
                    score=round(score, 3),
                    rank=rank,
                    explanation={"shared_terms": shared, "domain": domain},
                    decision=decision,
                    decided_by=self.writer.by if decision != Decision.PENDING else None,
                    decided_at=self._moment(decided_on) if decision != Decision.PENDING else None,
                ),
                proposed,
            )

    def _need(
        self,
        *,
        org: Org,
        status: str,
        submitted_on: datetime.date,
        done_on: datetime.date | None = None,
        domain: str | None = None,
    ) -> None:
        """A need of `org` in `status`; `done_on` is when it was solved or ended."""
        domain = domain or self._need_domain(org)
        vocabulary = DOMAINS[domain]
        solver = self.rng.choice(self.researchers[domain])
        t = topic(self.rng, vocabulary, subject=self.rng.choice(solver.subjects))
        english = org.foreign or self.rng.random() < 0.1
        if status == NeedStatus.SOLVED:
            assert done_on is not None
            if done_on <= AS_OF:
                if not self.in_core:
                    raise FigureGuardError("a need would be solved by 2023-05-08")
                self.solved_by_then += 1
        last = done_on or self.today
        triaged_on = None
        if status not in {NeedStatus.SUBMITTED, NeedStatus.WITHDRAWN} or (
            status == NeedStatus.WITHDRAWN and self.rng.random() < 0.5
        ):
            triaged_on = min(submitted_on + self.rng.randrange(1, 12) * DAY, last)
        center = self.home_centers[domain]
        partnered = [c for c in org.centers if domain in c.domains and c.established(submitted_on)]
        if partnered and self.rng.random() < 0.7:
            center = self.rng.choice(partnered)
        budget = Decimal(self.rng.randrange(5, 200) * 10000) if self.rng.random() < 0.7 else None
        need = TechnicalNeed(
            title=need_title(self.rng, t, english=english),
            description=need_description(
                self.rng,
                t,
                english=english,
                organization=org.obj.name_en if english else org.obj.name_zh,
                trade=org.trade,
            ),
            organization=org.obj,
            contact=org.contacts[0]
            if org.contacts
            else (org.experts[0].obj if org.experts else None),
            domains=[domain],
            budget=budget,
            currency=Currency.CNY,
            deadline=submitted_on + self.rng.randrange(90, 540) * DAY
            if self.rng.random() < 0.8
            else None,
            confidentiality=self.rng.choices(Confidentiality.values, weights=(15, 65, 19, 1))[0],
            status=status,
            submitted_on=submitted_on,
            triaged_on=triaged_on,
            solved_on=done_on if status == NeedStatus.SOLVED else None,
            ended_on=done_on
            if status in {NeedStatus.CLOSED, NeedStatus.WITHDRAWN, NeedStatus.REJECTED}
            else None,
            assigned_center=center.obj if triaged_on else None,
            solution_summary=(
                solution_summary(
                    self.rng,
                    t,
                    english=english,
                    center=center.name,
                    person=Term(solver.obj.name_zh, solver.obj.name_en),
                )
                if status == NeedStatus.SOLVED
                else ""
            ),
            satisfaction=(
                self.rng.choices((5, 4, 3, 2), weights=(55, 35, 8, 2))[0]
                if status == NeedStatus.SOLVED and self.rng.random() < 0.9
                else None
            ),
            close_reason=self._reason(status, english),
        )
        matched = status in {NeedStatus.MATCHED, NeedStatus.IN_PROGRESS, NeedStatus.SOLVED} or (
            status == NeedStatus.CLOSED and triaged_on is not None and self.rng.random() < 0.5
        )
        accepted = status in {NeedStatus.IN_PROGRESS, NeedStatus.SOLVED}
        steps: list[Change] = []
        proposed = decided_on = None
        if triaged_on is not None:
            triaged = self._at(triaged_on)
            triage = _own(need, "triaged_on", "assigned_center")
            steps.append((triaged, {"status": NeedStatus.TRIAGED} | triage))
            if matched:  # the candidates are proposed as it is triaged
                proposed = triaged
                decided_on = min(triaged_on + self.rng.randrange(2, 20) * DAY, last)
                steps.append((proposed, {"status": NeedStatus.MATCHED}))
                if accepted:
                    steps.append((self._at(decided_on), {"status": NeedStatus.IN_PROGRESS}))
        if done_on is not None:
            ended = ("solved_on", "solution_summary", "satisfaction", "ended_on", "close_reason")
            steps.append((self._at(done_on), _own(need, "status", *ended)))
        self.writer.add(need, self._at(submitted_on), before=NEED_SUBMITTED, changes=steps)
        if proposed is not None and decided_on is not None:
            self._candidates(
                need,
                t,
                solver,
                proposed=proposed,
                decided_on=decided_on,
                accepted=accepted,
                center=center,
            )

        def serve(delivered_on: datetime.date, kind: str) -> None:
            self._service(
                org=org,
                delivered_on=delivered_on,
                domain=domain,
                kind=kind,
                need=need,
                provider=solver,
                center=center,
                t=t,
                english=english,
            )

        if status == NeedStatus.SOLVED:
            assert done_on is not None
            assert triaged_on is not None
            serve(done_on, self.rng.choice(SOLVING_SERVICES))
            # A test on the way, never before the report for an organization it did not count.
            first = triaged_on if self._may_serve_before(org) else max(triaged_on, AS_OF + DAY)
            if self.rng.random() < 0.3 and first < done_on:
                serve(self._day(first, done_on), ServiceKind.TESTING)
        elif (
            status == NeedStatus.IN_PROGRESS and triaged_on is not None and self.rng.random() < 0.3
        ):
            start = max(triaged_on, AS_OF + DAY)
            if start <= self.today:
                serve(self._day(start, self.today), ServiceKind.TESTING)

    def _need_domain(self, org: Org) -> str:
        """What a need of `org` is about: an enterprise's own domain, or one of an institution's."""
        if org.kind == OrganizationKind.ENTERPRISE and org.domain:
            return org.domain
        return self.rng.choice(org.domains or DOMAIN_KEYS)

    def _reason(self, status: str, english: bool) -> str:
        reasons = END_REASONS.get(status)
        if reasons is None:
            return ""
        reason = self.rng.choice(reasons)
        return reason.en if english else reason.zh

    def _core_needs_and_services(self) -> None:
        total = report.FIGURES_AS_OF["technical_problems_solved"]
        assert isinstance(total, int)
        submitters = [
            o
            for o in self.orgs
            if not o.is_institute
            and (
                o.kind == OrganizationKind.ENTERPRISE
                or (o.kind == OrganizationKind.HOSPITAL and o.partner)
            )
            and (o.served or not o.counts_when_served)
        ]
        weights = [6 if o.served else 2 if o.partner else 1 for o in submitters]
        for _ in range(total):
            org = self.rng.choices(submitters, weights=weights)[0]
            domain = self._need_domain(org)
            solved_on = self._before_report(start=datetime.date(2019, 8, 1))
            submitted_on = max(FIRST_DAY, solved_on - self.rng.randrange(30, 320) * DAY)
            self._need(
                org=org,
                status=NeedStatus.SOLVED,
                submitted_on=submitted_on,
                done_on=solved_on,
                domain=domain,
            )
        # Every local organization the report counts was served at least once by then.
        for org in self.orgs:
            if org.served and not org.served_by_then:
                founded = org.obj.founded_on or FIRST_DAY
                self._service(
                    org=org, delivered_on=self._before_report(start=max(FIRST_DAY, founded))
                )
        for org in self.orgs:
            if org.served and self.rng.random() < 0.5:
                self._service(org=org, delivered_on=self._before_report())

    # Financing ------------------------------------------------------------------------------

    def _round(
        self,
        *,
        venture: Org | None,
        achievement: AchievementRecord | None,
        kind: str,
        amount: Decimal,
        announced_on: datetime.date,
        status: str,
        closed_on: datetime.date | None = None,
        currency: str = Currency.CNY,
        cny_rate: Decimal = Decimal(1),
    ) -> None:
        if status == RoundStatus.CLOSED:
            assert closed_on is not None
            if closed_on <= AS_OF:
                if not self.in_core:
                    raise FigureGuardError("a round would close before 2023-05-08")
                self.financing_by_then += _cents(amount * cny_rate)
        public = kind in {RoundKind.GRANT, RoundKind.GOVERNMENT_FUND}
        if public:
            pool = [self.by_key["wenzhou_stb"], self.by_key["zhejiang_stb"]]
        elif currency != Currency.CNY and self.foreign_investors:
            pool = self.foreign_investors
        else:
            pool = self.investors
        investors = self.rng.sample(pool, min(len(pool), 1 if public else self.rng.randrange(1, 4)))
        subject = venture.name if venture else Term("", "")
        financing_round = FinancingRound(
            venture=venture.obj if venture else None,
            achievement=achievement.obj if achievement else None,
            kind=kind,
            amount=amount,
            currency=currency,
            cny_rate=cny_rate,
            status=status,
            announced_on=announced_on,
            closed_on=closed_on,
            note=f"{subject.zh}{ROUND_NAMES_ZH[kind]}" if venture else "",
            cancel_reason=self.rng.choice(CANCEL_REASONS)
            if status == RoundStatus.CANCELLED
            else "",
        )
        announced = self._at(announced_on)
        ended: list[Change] = []
        if status != RoundStatus.ANNOUNCED:  # closed, or given up a couple of months later
            ended_on = closed_on or min(announced_on + 60 * DAY, self.today)
            ended.append((self._at(ended_on), _own(financing_round, *ROUND_ANNOUNCED)))
        self.writer.add(financing_round, announced, before=ROUND_ANNOUNCED, changes=ended)
        remaining = amount
        for number, investor in enumerate(investors):
            stake = None
            if self.rng.random() < 0.8:
                if number == len(investors) - 1:
                    stake = remaining
                else:
                    stake = _cents(remaining * Decimal(self.rng.randrange(40, 70)) / 100)
                remaining -= stake
            self.writer.add(
                RoundInvestor(
                    round=financing_round,
                    organization=investor.obj,
                    amount=stake,
                    is_lead=number == 0,
                ),
                announced,
            )

    def _core_financing(self) -> None:
        """Rounds closed by 2023-05-08 that add up to the report's cumulative financing."""
        target = report.FIGURES_AS_OF["financing_cumulative_cny"]
        assert isinstance(target, Decimal)
        plan = (
            [RoundKind.ANGEL] * 4
            + [RoundKind.SEED] * 3
            + [RoundKind.PRE_A] * 3
            + [RoundKind.SERIES_A] * 2
            + [RoundKind.GRANT] * 3
            + [RoundKind.GOVERNMENT_FUND] * 2
        )
        rounds: list[tuple[str, Decimal, str, Decimal]] = []  # kind, amount, currency, rate
        for _ in range(3):
            amount = Decimal(self.rng.randrange(80, 201) * 10000)
            rate = Decimal(self.rng.randrange(63500, 71500)) / 10000
            rounds.append((RoundKind.SERIES_A, amount, Currency.USD, rate))
        foreign_total = sum(a * r for _k, a, _c, r in rounds)
        domestic = [Decimal(self.rng.randrange(*ROUND_SIZES[kind]) * 10000) for kind in plan]
        last = Decimal(self.rng.randrange(800, 2000) * 10000)
        room = target - foreign_total - last
        factor = room / sum(domestic)
        domestic = [
            max(Decimal(10000), (a * factor / 10000).quantize(Decimal(1)) * 10000) for a in domestic
        ]
        rounds += [
            (kind, amount, Currency.CNY, Decimal(1))
            for kind, amount in zip(plan, domestic, strict=True)
        ]
        closing = target - foreign_total - sum(domestic)
        if closing <= 0:
            raise FigureGuardError("the core's financing does not add up")
        rounds.append((RoundKind.SERIES_B, closing, Currency.CNY, Decimal(1)))
        ventures = self.rng.sample(
            [o for o in self.orgs if o.served and o.kind == OrganizationKind.ENTERPRISE], 8
        )
        order = {k: i for i, k in enumerate(RoundKind.values)}
        for index, venture in enumerate(ventures):  # the rounds dealt out, each's in order
            entries = sorted(rounds[index :: len(ventures)], key=lambda e: order[e[0]])
            day = self._day(datetime.date(2019, 10, 1), datetime.date(2021, 6, 30))
            step = max(1, ((AS_OF - 60 * DAY) - day).days // len(entries))
            for kind, amount, currency, rate in entries:
                announced_on = day
                closed_on = min(announced_on + self.rng.randrange(10, 60) * DAY, AS_OF)
                related = [
                    a
                    for a in self.achievements.get(venture.domain or "", [])
                    if a.started_on <= announced_on and self.rng.random() < 0.1
                ]
                self._round(
                    venture=venture,
                    achievement=related[0] if related else None,
                    kind=kind,
                    amount=amount,
                    announced_on=announced_on,
                    status=RoundStatus.CLOSED,
                    closed_on=closed_on,
                    currency=currency,
                    cny_rate=rate,
                )
                day = min(day + self.rng.randrange(step // 2 + 1, step + 1) * DAY, AS_OF - 60 * DAY)

    # The volume -----------------------------------------------------------------------------

    def _volume_organizations(self) -> None:
        for _ in range(self._count("local_enterprises")):
            org = self._new_enterprise(
                domain=self._domain(),
                local=True,
                young=self.rng.random() < 0.2,
            )
            self._contact(org)
        for _ in range(self._count("other_enterprises")):
            self._contact(self._new_enterprise(domain=self._domain(), local=False))
        for _ in range(self._count("foreign_enterprises")):
            self._contact(self._new_enterprise(domain=self._domain(), local=False, foreign=True))
        for _ in range(self._count("service_providers")):
            trade = Trade("检测技术", "Testing Technology", "检验检测服务")
            self._new_enterprise(
                domain=self._domain(),
                local=self.rng.random() < 0.6,
                kind=OrganizationKind.SERVICE_PROVIDER,
                trade=trade,
            )
        for _ in range(self._count("investors")):
            self._contact(self._new_investor())
        for _ in range(self._count("foreign_investors")):
            self._contact(self._new_investor(foreign=True))
        for zh, en, city, district in self._unused_names("hospitals", hospital_names()):
            self._add_org(
                name_zh=zh,
                name_en=en,
                kind=OrganizationKind.HOSPITAL,
                city=city,
                district=district,
                domains=("medical_engineering", "life_health", "biomaterials"),
            )
        for zh, en, city in self._unused_names("universities", university_names()):
            self._add_org(
                name_zh=zh,
                name_en=en,
                kind=OrganizationKind.UNIVERSITY,
                city=city,
                domains=(self._domain(), self._domain()),
            )
        for zh, en, city in self._unused_names("institutes", institute_names()):
            self._add_org(
                name_zh=zh,
                name_en=en,
                kind=OrganizationKind.RESEARCH_INSTITUTE,
                city=city,
                domains=(self._domain(),),
            )
        for zh, en, city_en, country in self._unused_names("foreign_universities", FOREIGN_POOL):
            self._add_org(
                name_zh=zh,
                name_en=en,
                kind=OrganizationKind.UNIVERSITY,
                foreign=(country, city_en),
                domains=(self._domain(),),
            )
        for zh, en, city in self._unused_names("associations", association_names()):
            self._add_org(name_zh=zh, name_en=en, kind=OrganizationKind.ASSOCIATION, city=city)

    def _unused_names(self, key: str, pool: Sequence[Entry]) -> Iterator[Entry]:
        """Names for the volume's `key` from `pool`, as long as it has unused ones."""
        remaining = list(pool)
        for _ in range(self._count(key)):
            entry = self.namer.from_pool(remaining)
            if entry is not None:
                yield entry

    def _volume_people(self) -> None:
        for _ in range(self._count("researchers")):
            domain = self._domain()
            subjects = self.rng.sample(DOMAINS[domain].subjects, 3)
            self._researcher(
                domain=domain,
                subjects=subjects,
                joined=self._day(report.INSTITUTE_FOUNDED_ON, self.today),
                english=self.rng.random() < 0.2,
            )
        hosts = [
            o for o in self.orgs if o.kind in INSTITUTION_KINDS and not o.is_institute and o.domains
        ]
        for _ in range(self._count("experts")):
            org = self.rng.choice(hosts)
            self._outside_expert(organization=org, domain=self.rng.choice(org.domains))

    def _signing_after(
        self, events: list[SigningEvent], org: Org
    ) -> tuple[SigningEvent | None, datetime.date]:
        """When an agreement with `org` is signed after the report: at a ceremony, or any day."""
        founded = org.obj.founded_on or FIRST_DAY
        if events and self.rng.random() < 0.35:
            event = self.rng.choice(events)
            if event.held_on > founded:
                return event, event.held_on
        return None, self._day(max(AS_OF, founded) + DAY, self.today, late=True)

    def _venture_agreement(
        self,
        *,
        kind: str,
        org: Org,
        signed_on: datetime.date,
        event: SigningEvent | None = None,
    ) -> None:
        """An incubation or investment agreement: counted by no figure."""
        extra = []
        value = None
        if kind == AgreementKind.INVESTMENT:
            extra = [(self.rng.choice(self.investors), PartyRole.INVESTOR)]
            value = Decimal(self.rng.randrange(50, 2000) * 10000)
        self._agreement(
            kind=kind,
            partners=[(org, PartyRole.PARTNER), *extra],
            title=self._titles(kind, org, None),
            signed_on=signed_on,
            term_days=self.rng.randrange(365, 1500),
            event=event,
            value=value,
        )

    def _volume_agreements_and_centers(self) -> None:
        partners = [o for o in self.orgs if o.partner]
        enterprises = [o for o in self.orgs if o.kind == OrganizationKind.ENTERPRISE]
        established = [o for o in enterprises if not self._young(o)]
        institutions = [o for o in self.orgs if o.kind in INSTITUTION_KINDS and not o.is_institute]
        hospitals = [o for o in institutions if o.kind == OrganizationKind.HOSPITAL]
        academic = [o for o in institutions if o.kind != OrganizationKind.HOSPITAL]
        # Before the report: contracts with partners already counted, at ceremonies too.
        events_before = [
            self._event(
                Term(
                    f"{day.year}年产学研合作项目签约仪式",
                    f"{day.year} industry-university-research cooperation signing",
                ),
                day,
                "国科温州研究院",
            )
            for day in sorted(
                self._before_report(start=datetime.date(2019, 9, 1))
                for _ in range(self._count("events_before"))
            )
        ]
        for _ in range(self._count("partner_contracts_before")):
            event = None
            if events_before and self.rng.random() < 0.3:
                event = self.rng.choice(events_before)
            self._contract(
                partner=self.rng.choice(partners),
                signed_on=event.held_on if event else self._before_report(),
                event=event,
            )
        # Memoranda and joint training that had ended by the report's day.
        for _ in range(self._count("ended_memoranda_before")):
            self._cooperation(
                kind=self.rng.choice((AgreementKind.MOU, AgreementKind.TALENT_TRAINING)),
                partner=self.rng.choice(academic),
                signed_on=self._day(datetime.date(2019, 9, 1), datetime.date(2021, 6, 30)),
                ended_by=AS_OF - self.rng.randrange(1, 300) * DAY,
                years=(1, 3),
            )
        # Incubation and investment agreements: counted by no figure.
        for _ in range(self._count("other_agreements_before")):
            self._venture_agreement(
                kind=self.rng.choice((AgreementKind.INCUBATION, AgreementKind.INVESTMENT)),
                org=self.rng.choice(established),
                signed_on=self._before_report(),
            )
        # Drafts and agreements under review: not signed, so not counted.
        for _ in range(self._count("drafts")):
            self._contract(
                partner=self.rng.choice(enterprises),
                signed_on=None,
                unsigned_status=self.rng.choice(
                    (AgreementStatus.DRAFT, AgreementStatus.UNDER_REVIEW)
                ),
            )
        # After the report: everything, at ceremonies and centers too.
        events_after = []
        for day in sorted(self._after_report() for _ in range(self._count("events_after"))):
            years = day.year - report.INSTITUTE_FOUNDED_ON.year
            title = self.rng.choice(
                [
                    Term(
                        f"{day.year}年产学研合作项目集中签约仪式",
                        f"{day.year} industry-university-research cooperation signing ceremony",
                    ),
                    Term(
                        f"{day.year}年生命健康产业合作对接会签约活动",
                        f"{day.year} life and health industry matchmaking and signing",
                    ),
                    Term(
                        f"国科温州研究院成立{years}周年科技成果转化签约仪式",
                        f"Technology transfer signing on the institute's {years}th anniversary",
                    ),
                ]
            )
            events_after.append(
                self._event(
                    title,
                    day,
                    self.rng.choice(("国科温州研究院", "温州国家大学科技园", "温州市会展中心")),
                )
            )
        contract_partners = enterprises + hospitals
        center_partners = enterprises + institutions
        # The figures keep growing: new institutions and new partners every year.
        newcomers = [o for o in institutions if not o.institution]
        for _ in range(self._count("new_institutions_after")):
            if not newcomers:
                break
            org = newcomers.pop(self.rng.randrange(len(newcomers)))
            event, signed_on = self._signing_after(events_after, org)
            kind = AgreementKind.MOU if org.foreign else AgreementKind.FRAMEWORK
            self._cooperation(kind=kind, partner=org, signed_on=signed_on, event=event, renew=True)
        newcomers = [o for o in contract_partners if not o.partner]
        for _ in range(self._count("new_partners_after")):
            if not newcomers:
                break
            org = newcomers.pop(self.rng.randrange(len(newcomers)))
            event, signed_on = self._signing_after(events_after, org)
            self._contract(partner=org, signed_on=signed_on, event=event)
        for _ in range(self._count("agreements_after")):
            roll = self.rng.random()
            if roll < 0.62:
                org = self.rng.choice(contract_partners)
                event, signed_on = self._signing_after(events_after, org)
                self._contract(partner=org, signed_on=signed_on, event=event)
            elif roll < 0.72:
                org = self.rng.choice(center_partners)
                event, signed_on = self._signing_after(events_after, org)
                domain = org.domain or self.rng.choice(org.domains or DOMAIN_KEYS)
                subject = self.rng.choice(DOMAINS[domain].subjects)
                center_kind = JOINT_CENTER_KINDS.get(org.kind, CenterKind.JOINT_RESEARCH)
                label = JOINT_CENTER_LABELS[center_kind]
                name = Term(
                    f"{org.short.zh}{subject.zh}{label.zh}",
                    f"{org.short.en} {label.en} for {_title_case(subject.en)}",
                )
                self._joint_center(
                    partners=(org,),
                    name=name,
                    center_kind=center_kind,
                    domains=(domain,),
                    signed_on=signed_on,
                    event=event,
                )
            elif roll < 0.84:
                org = self.rng.choice(institutions)
                event, signed_on = self._signing_after(events_after, org)
                kind = self.rng.choice(
                    (AgreementKind.FRAMEWORK, AgreementKind.MOU, AgreementKind.TALENT_TRAINING)
                )
                self._cooperation(kind=kind, partner=org, signed_on=signed_on, event=event)
            else:
                org = self.rng.choice(enterprises)
                event, signed_on = self._signing_after(events_after, org)
                kind = self.rng.choice(
                    (AgreementKind.INCUBATION, AgreementKind.INVESTMENT, AgreementKind.FRAMEWORK)
                )
                if kind == AgreementKind.FRAMEWORK:
                    self._cooperation(kind=kind, partner=org, signed_on=signed_on, event=event)
                else:
                    self._venture_agreement(kind=kind, org=org, signed_on=signed_on, event=event)
        for _ in range(self._count("laboratories")):
            domain = self._domain()
            subject = self.rng.choice(DOMAINS[domain].subjects)
            day = self._after_report()
            lab = self._center(
                name=Term(f"{subject.zh}实验室", f"{_title_case(subject.en)} Laboratory"),
                kind=CenterKind.LABORATORY,
                domains=(domain,),
                established_on=day,
            )
            self._staff_center(lab, day)
        for _ in range(self._count("planned_centers")):
            domain = self._domain()
            subject = self.rng.choice(DOMAINS[domain].subjects)
            self._center(
                name=Term(
                    f"{subject.zh}产业创新中心",
                    f"Industrial Innovation Center for {_title_case(subject.en)}",
                ),
                kind=CenterKind.RESEARCH_CENTER,
                domains=(domain,),
                established_on=None,
                status=CenterStatus.PLANNED,
            )

    def _volume_achievements(self) -> None:
        for _ in range(self._count("achievements_before")):
            start = self._day(FIRST_DAY, AS_OF - 30 * DAY)
            self._achievement(domain=self._domain(), start=start, counted_after=AS_OF)
        for _ in range(self._count("achievements_after")):
            self._achievement(
                domain=self._domain(), start=self._after_report(), counted_after=AS_OF
            )

    def _volume_needs(self) -> None:
        enterprises = [o for o in self.orgs if o.kind == OrganizationKind.ENTERPRISE]
        established = [o for o in enterprises if not self._young(o)]
        hospitals = [o for o in self.orgs if o.kind == OrganizationKind.HOSPITAL]
        newcomers = [o for o in enterprises if not o.served]  # firms the report did not count
        ended = (NeedStatus.CLOSED, NeedStatus.WITHDRAWN, NeedStatus.REJECTED)
        still_open = (
            NeedStatus.SUBMITTED,
            NeedStatus.TRIAGED,
            NeedStatus.MATCHED,
            NeedStatus.IN_PROGRESS,
        )

        def submitter(*, after: bool) -> Org:
            roll = self.rng.random()
            if roll < 0.08:
                return self.rng.choice(hospitals)
            if after and roll < 0.5:
                return self.rng.choice(newcomers)
            return self.rng.choice(enterprises if after else established)

        def submitted_after(
            org: Org, *, earliest: datetime.date, latest: datetime.date
        ) -> datetime.date:
            start = max(earliest, AS_OF + DAY, (org.obj.founded_on or AS_OF) + DAY)
            return self._day(start, max(start, latest), late=True)

        # Before the report, and not solved by then.
        for _ in range(self._count("needs_ended_before")):
            submitted_on = self._before_report(start=datetime.date(2019, 8, 1))
            status = self.rng.choices(ended, weights=(40, 35, 25))[0]
            self._need(
                org=submitter(after=False),
                status=status,
                submitted_on=submitted_on,
                done_on=self._after(submitted_on, 10, 200),
            )
        for _ in range(self._count("needs_solved_later")):
            submitted_on = self._day(AS_OF - 200 * DAY, AS_OF)
            solved_on = self._day(AS_OF + DAY, min(self.today, AS_OF + 300 * DAY))
            self._need(
                org=submitter(after=False),
                status=NeedStatus.SOLVED,
                submitted_on=submitted_on,
                done_on=solved_on,
            )
        for _ in range(self._count("needs_open_before")):
            submitted_on = self._day(AS_OF - 330 * DAY, AS_OF)
            self._need(
                org=submitter(after=False), status=NeedStatus.IN_PROGRESS, submitted_on=submitted_on
            )
        # After the report.
        for _ in range(self._count("needs_solved_after")):
            org = submitter(after=True)
            submitted_on = submitted_after(org, earliest=AS_OF, latest=self.today - 20 * DAY)
            solved_on = self._day(
                submitted_on + 15 * DAY, min(self.today, submitted_on + 300 * DAY)
            )
            self._need(
                org=org, status=NeedStatus.SOLVED, submitted_on=submitted_on, done_on=solved_on
            )
        for _ in range(self._count("needs_open_after")):
            org = submitter(after=True)
            submitted_on = submitted_after(org, earliest=self.today - 240 * DAY, latest=self.today)
            status = self.rng.choices(still_open, weights=(30, 20, 25, 25))[0]
            self._need(org=org, status=status, submitted_on=submitted_on)
        for _ in range(self._count("needs_ended_after")):
            org = submitter(after=True)
            submitted_on = submitted_after(org, earliest=AS_OF, latest=self.today - 5 * DAY)
            status = self.rng.choices(ended, weights=(40, 35, 25))[0]
            done_on = self._after(submitted_on, 5, 200)
            self._need(org=org, status=status, submitted_on=submitted_on, done_on=done_on)

    def _volume_services(self) -> None:
        counted = [o for o in self.orgs if o.served]
        elsewhere = [
            o
            for o in self.orgs
            if not o.is_institute
            and not o.counts_when_served
            and o.kind != OrganizationKind.GOVERNMENT
        ]
        anyone = [
            o
            for o in self.orgs
            if not o.is_institute
            and o.kind
            in {
                OrganizationKind.ENTERPRISE,
                OrganizationKind.UNIVERSITY,
                OrganizationKind.RESEARCH_INSTITUTE,
                OrganizationKind.HOSPITAL,
            }
        ]
        local_new = [o for o in anyone if o.counts_when_served and not o.served]
        for _ in range(self._count("services_counted_before")):
            self._service(org=self.rng.choice(counted), delivered_on=self._before_report())
        for _ in range(self._count("services_elsewhere_before")):
            self._service(org=self.rng.choice(elsewhere), delivered_on=self._before_report())
        for _ in range(self._count("services_after")):
            org = (
                self.rng.choice(local_new)
                if local_new and self.rng.random() < 0.5
                else self.rng.choice(anyone)
            )
            founded = org.obj.founded_on
            start = AS_OF + DAY if founded is None or founded <= AS_OF else founded
            self._service(
                org=org, delivered_on=self._day(start, self.today, late=True), english=org.foreign
            )

    def _volume_financing(self) -> None:
        ventures = [o for firms in self.enterprises.values() for o in firms if o.local]
        for _ in range(self._count("rounds_before")):
            venture = self.rng.choice(ventures)
            announced_on = self._day(datetime.date(2020, 1, 1), AS_OF - DAY)
            status = self.rng.choices(
                (RoundStatus.CLOSED, RoundStatus.CANCELLED, RoundStatus.ANNOUNCED),
                weights=(60, 25, 15),
            )[0]
            self._volume_round(venture, announced_on, status, closes_after=AS_OF)
        for _ in range(self._count("rounds_after")):
            venture = self.rng.choice(ventures)
            announced_on = self._after_report(late=True)
            status = self.rng.choices(
                (RoundStatus.CLOSED, RoundStatus.CANCELLED, RoundStatus.ANNOUNCED),
                weights=(75, 10, 15),
            )[0]
            self._volume_round(venture, announced_on, status, closes_after=announced_on - DAY)

    def _volume_round(
        self,
        venture: Org,
        announced_on: datetime.date,
        status: str,
        *,
        closes_after: datetime.date,
    ) -> None:
        closed_on = None
        if status == RoundStatus.CLOSED:
            earliest = max(announced_on, closes_after + DAY)
            closed_on = self._day(earliest, min(self.today, earliest + 150 * DAY))
        kind = self.rng.choices(list(ROUND_WEIGHTS), weights=list(ROUND_WEIGHTS.values()))[0]
        currency, rate = Currency.CNY, Decimal(1)
        if self.rng.random() < 0.1 and self.foreign_investors:
            currency, rate = Currency.USD, Decimal(self.rng.randrange(68000, 73000)) / 10000
        amount = Decimal(self.rng.randrange(*ROUND_SIZES[kind]) * 10000)
        related = [
            a
            for a in self.achievements.get(venture.domain or "", [])
            if a.started_on <= announced_on
        ]
        self._round(
            venture=venture,
            achievement=self.rng.choice(related) if related and self.rng.random() < 0.3 else None,
            kind=kind,
            amount=amount,
            announced_on=announced_on,
            status=status,
            closed_on=closed_on,
            currency=currency,
            cny_rate=rate,
        )
