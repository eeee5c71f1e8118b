"""The metric catalogue: every figure the office reports, defined once, versioned, for any period.

A metric has a key, a bilingual name, a written definition a person can read, and a version.
A changed definition is a new version beside the old ones (`CATALOGUE` keeps every version;
`latest()` is what a new report uses, and a saved report names the versions it used). Each
metric gives the rows that make it — for a period, the whole institute or one center, over
what a reader may see (`SYSTEM`: every row) — and how they add up; a figure's drill-down is
those rows, so a number and its list can never disagree. A stock is counted as of the
period's end (organizations served so far), a flow within the period (agreements signed).
Some metrics are split into parts (by kind, by stage), each part with its own rows.

`additive` says whether a center's figures add up to the institute's: the records of no center
make the rest (`center=NO_CENTER`). A metric over organizations (served, partners) is not:
one organization served by two centers is one organization.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from liaison.achievements.choices import Stage
from liaison.achievements.models import StageEntry
from liaison.agreements.choices import TECHNICAL_CONTRACT_KINDS, AgreementKind
from liaison.agreements.models import Agreement, AgreementParty, PaymentMilestone
from liaison.centers.models import Appointment, Center
from liaison.core import permissions
from liaison.core.choices import Currency
from liaison.disclosures.models import Disclosure
from liaison.financing.choices import RoundKind
from liaison.financing.models import FinancingRound
from liaison.incubation.choices import IncubationStatus, Origin
from liaison.incubation.models import Incubation
from liaison.needs.choices import ServiceKind
from liaison.needs.models import ServiceRecord, TechnicalNeed
from liaison.organizations.choices import OrganizationKind
from liaison.organizations.models import Organization
from liaison.patents.choices import Jurisdiction, PatentKind
from liaison.patents.models import Patent
from liaison.training.choices import TraineeLevel, TraineeStatus
from liaison.training.models import Trainee
from liaison.transfer.choices import IncomeKind, RewardBasis
from liaison.transfer.models import Income, PriceNotice, RewardShare

from . import metrics
from .metrics import SYSTEM, FigureValue, seen
from .periods import Period
from .phrasing import Measure

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Flow(StrEnum):
    STOCK = "stock"  # as of the period's end
    FLOW = "flow"  # within the period


class Section(StrEnum):
    """The report's sections, in its order."""

    HEADLINE = "headline"
    AGREEMENTS = "agreements"
    MARKET = "market"
    NEEDS = "needs"
    SERVICES = "services"
    ACHIEVEMENTS = "achievements"
    FINANCING = "financing"
    PEOPLE = "people"
    # The annual transformation report (Art. 21) and the same data as the AUTM survey counts.
    TRANSFORMATION = "transformation"
    AUTM = "autm"
    # Incubated companies and students trained jointly (issue 21).
    INCUBATION = "incubation"


SECTION_TITLES: dict[Section, StrOrPromise] = {
    Section.HEADLINE: _("Headline figures"),
    Section.AGREEMENTS: _("Agreements"),
    Section.MARKET: _("Technology market"),
    Section.NEEDS: _("Enterprises' technical needs"),
    Section.SERVICES: _("Services"),
    Section.ACHIEVEMENTS: _("Achievements"),
    Section.FINANCING: _("Financing"),
    Section.PEOPLE: _("People and partners"),
    Section.TRANSFORMATION: _("Transformation of achievements (Art. 21)"),
    Section.AUTM: _("International metrics (AUTM survey)"),
    Section.INCUBATION: _("Incubation and joint training"),
}


class _NoCenter:
    """The records of no center: what makes a center-additive figure's rest."""

    pk = None

    def __repr__(self) -> str:
        return "NO_CENTER"


NO_CENTER: Any = _NoCenter()

CenterArg = Center | _NoCenter | None
Rows = Callable[[Period, Any, CenterArg], QuerySet[Any]]


@dataclass(frozen=True)
class Split:
    """A metric split into parts: a value per row (an expression) and each value's label."""

    expression: Any
    labels: Callable[[], dict[str, StrOrPromise]]
    # Rows may fall in several parts (an agreement with parties of two kinds): the parts
    # then do not add up to the whole, and the report says so.
    overlapping: bool = False


@dataclass(frozen=True)
class Metric:
    key: str
    version: int
    label: StrOrPromise
    definition: StrOrPromise
    section: Section
    measure: Measure
    flow: Flow
    rows: Rows
    total: Callable[[QuerySet[Any]], FigureValue]
    additive: bool
    # The field the metric adds up when a role may not be cleared for it.
    sums: str | None = None
    # Written exactly in the paragraph ("42", not "more than 40").
    exact: bool = False
    split: Split | None = None
    # What the value is when its rows are not summed or counted (a median): not drillable
    # part by part.
    summary: bool = False

    @property
    def unit(self) -> str:
        return {Measure.YUAN: "CNY", Measure.DAYS: "days"}.get(self.measure, "count")

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (a cached figure) as its key and version: its rows and total are functions
        # made inside the catalogue, and the catalogue has them.
        return (metric, (self.key, self.version))


@dataclass(frozen=True)
class Part:
    value: str
    label: str
    amount: FigureValue


@dataclass(frozen=True)
class Figure:
    """One metric's value for a period and a center, as a reader may see it."""

    metric: Metric
    period: Period
    center: CenterArg
    value: FigureValue
    hidden: int = 0
    parts: tuple[Part, ...] = ()

    @property
    def key(self) -> str:
        return self.metric.key


# Centers ----------------------------------------------------------------------------------------


def at_center(rows: QuerySet[Any], path: str, center: CenterArg) -> QuerySet[Any]:
    """`rows` of `center` (reached by `path`), of no center, or all of them for None."""
    if center is None:
        return rows
    if center is NO_CENTER:
        return rows.filter(**{f"{path}__isnull": True})
    return rows.filter(**{path: center.pk})


def _in(period: Period, field_name: str) -> Q:
    """Rows whose `field_name` falls in the period."""
    query = Q(**{f"{field_name}__lte": period.end})
    if period.start is not None:
        query &= Q(**{f"{field_name}__gte": period.start})
    return query


# Totals -----------------------------------------------------------------------------------------


def count(rows: QuerySet[Any]) -> int:
    return rows.count()


def yuan(field_name: str) -> Callable[[QuerySet[Any]], Decimal]:
    """The sum of `field_name` (an exact amount in yuan) over the rows, to the cent."""

    def total(rows: QuerySet[Any]) -> Decimal:
        found = rows.aggregate(total=Sum(field_name))["total"]
        return Decimal(found or 0).quantize(Decimal("0.01"))

    return total


def _yuan_cents(rows: QuerySet[Any]) -> Decimal:
    cents = rows.aggregate(total=Sum("amount_cny_cents"))["total"]
    return Decimal(int(cents or 0)).scaleb(-2)


def median_days(rows: QuerySet[Any]) -> Decimal:
    """The median of the days from submission to solution over the rows (one query)."""
    days = [
        (solved - submitted).days
        for submitted, solved in rows.values_list("submitted_on", "solved_on")
        if submitted is not None and solved is not None
    ]
    return Decimal(str(statistics.median(days))) if days else Decimal(0)


# Rows -------------------------------------------------------------------------------------------


def _headline(figure: metrics.FigureDefinition, path: str) -> Rows:
    """A headline figure's rows as of the period's end, at a center by `path`."""

    def rows(period: Period, user: Any, center: CenterArg) -> QuerySet[Any]:
        found = figure.rows(period.end, user)
        if center is None:
            return found
        # A path through a many-valued relation may reach a row twice: filter by pk instead.
        return found.filter(
            pk__in=at_center(found.model._default_manager.all(), path, center).values("pk")
        )

    return rows


def _organizations_served_at(period: Period, user: Any, center: CenterArg) -> QuerySet[Any]:
    rows = metrics.organizations_served_local(period.end, user)
    if center is None:
        return rows
    served = at_center(seen(ServiceRecord.objects.all(), user), "center", center).filter(
        organization=OuterRef("pk"), delivered_on__lte=period.end
    )
    return rows.filter(Exists(served))


def agreements_signed(period: Period, user: Any, center: CenterArg) -> QuerySet[Agreement]:
    rows = seen(Agreement.objects.all(), user).filter(_in(period, "signed_on"))
    if center is None:
        return rows
    return rows.filter(
        pk__in=at_center(Agreement.objects.all(), "founded_centers", center).values("pk")
    )


def _cny(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.filter(currency=Currency.CNY)


def agreements_signed_cny(period: Period, user: Any, center: CenterArg) -> QuerySet[Agreement]:
    return _cny(agreements_signed(period, user, center)).exclude(value__isnull=True)


def technical_contracts_registered(
    period: Period, user: Any, center: CenterArg
) -> QuerySet[Agreement]:
    """Technical contracts signed in the period that carry a registration number."""
    return (
        agreements_signed(period, user, center)
        .filter(kind__in=sorted(TECHNICAL_CONTRACT_KINDS))
        .exclude(registration_number="")
    )


def technical_contracts_registered_cny(
    period: Period, user: Any, center: CenterArg
) -> QuerySet[Agreement]:
    return _cny(technical_contracts_registered(period, user, center))


def milestones_received(period: Period, user: Any, center: CenterArg) -> QuerySet[PaymentMilestone]:
    rows = (
        seen(PaymentMilestone.objects.all(), user)
        .filter(_in(period, "done_on"), currency=Currency.CNY)
        .exclude(amount__isnull=True)
    )
    if center is None:
        return rows
    return rows.filter(
        agreement__in=at_center(Agreement.objects.all(), "founded_centers", center).values("pk")
    )


def needs_received(period: Period, user: Any, center: CenterArg) -> QuerySet[TechnicalNeed]:
    rows = seen(TechnicalNeed.objects.all(), user).filter(_in(period, "submitted_on"))
    return at_center(rows, "assigned_center", center)


def needs_solved(period: Period, user: Any, center: CenterArg) -> QuerySet[TechnicalNeed]:
    rows = seen(TechnicalNeed.objects.all(), user).filter(_in(period, "solved_on"))
    return at_center(rows, "assigned_center", center)


def services_delivered(period: Period, user: Any, center: CenterArg) -> QuerySet[ServiceRecord]:
    rows = seen(ServiceRecord.objects.all(), user).filter(_in(period, "delivered_on"))
    return at_center(rows, "center", center)


def service_revenue_cny(period: Period, user: Any, center: CenterArg) -> QuerySet[ServiceRecord]:
    return _cny(services_delivered(period, user, center)).exclude(revenue__isnull=True)


def stages_entered(period: Period, user: Any, center: CenterArg) -> QuerySet[StageEntry]:
    rows = seen(StageEntry.objects.all(), user).filter(_in(period, "reached_on"))
    return at_center(rows, "achievement__center", center)


def financing_closed(period: Period, user: Any, center: CenterArg) -> QuerySet[FinancingRound]:
    """The headline figure's rounds (with their yuan cents), closed within the period."""
    rows = metrics.financing_rounds_closed(period.end, user).filter(_in(period, "closed_on"))
    return at_center(rows, "achievement__center", center)


def people_appointed(period: Period, user: Any, center: CenterArg) -> QuerySet[Appointment]:
    rows = seen(Appointment.objects.all(), user).filter(_in(period, "starts_on"))
    return at_center(rows, "center", center)


def partners_new(period: Period, user: Any, center: CenterArg) -> QuerySet[Organization]:
    """Organizations whose first signed agreement with the institute was signed in the period."""
    parties = seen(AgreementParty.objects.all(), user).filter(agreement__signed_on__isnull=False)
    if center is not None:
        parties = parties.filter(
            agreement__in=at_center(Agreement.objects.all(), "founded_centers", center).values("pk")
        )
    first = (
        parties.filter(organization=OuterRef("pk"))
        .order_by()
        .values("organization")
        .annotate(first=Min("agreement__signed_on"))
        .values("first")
    )
    rows = (
        seen(Organization.objects.all(), user)
        .filter(is_institute=False)
        .annotate(first_signed=first)
    )
    return rows.filter(_in(period, "first_signed"))


# The transformation of achievements: the annual report of Art. 21 and the AUTM counts --------

# Transfers, licences and equity investments (作价投资) of the institute's achievements.
TRANSFER_KINDS = (AgreementKind.TECH_TRANSFER, AgreementKind.TECH_LICENSING)
# Development, consulting and service contracts: the "four technical services" without transfer.
SERVICE_CONTRACT_KINDS = (
    AgreementKind.TECH_DEVELOPMENT,
    AgreementKind.TECH_CONSULTING,
    AgreementKind.TECH_SERVICE,
)
# Cash received under a licence as the AUTM survey counts licence income: fees, royalties,
# transfer prices, cashed-in equity; not the value of shares formed.
LICENCE_INCOME_KINDS = (
    IncomeKind.TRANSFER,
    IncomeKind.LICENCE,
    IncomeKind.ROYALTY,
    IncomeKind.DIVIDEND,
    IncomeKind.OTHER,
)


def _agreements_at(rows: QuerySet[Agreement], center: CenterArg) -> QuerySet[Agreement]:
    if center is None:
        return rows
    return rows.filter(
        pk__in=at_center(Agreement.objects.all(), "founded_centers", center).values("pk")
    )


def transformation_deals(period: Period, user: Any, center: CenterArg) -> QuerySet[Agreement]:
    """Transfers and licences signed in the period, and investments of an achievement (one
    whose price was noticed or whose shares were received as income)."""
    of_achievement = Exists(PriceNotice.objects.filter(agreement=OuterRef("pk"))) | Exists(
        Income.objects.filter(agreement=OuterRef("pk"))
    )
    rows = agreements_signed(period, user, None).filter(
        Q(kind__in=TRANSFER_KINDS) | (Q(kind=AgreementKind.INVESTMENT) & of_achievement)
    )
    return _agreements_at(rows, center)


def transformation_deals_cny(period: Period, user: Any, center: CenterArg) -> QuerySet[Agreement]:
    return _cny(transformation_deals(period, user, center)).exclude(value__isnull=True)


def transformation_income(period: Period, user: Any, center: CenterArg) -> QuerySet[Income]:
    """Income in yuan received in the period under transfers, licences and investments."""
    rows = seen(Income.objects.all(), user).filter(
        _in(period, "received_on"), currency=Currency.CNY
    )
    return at_center(rows, "achievement__center", center)


def licence_income(period: Period, user: Any, center: CenterArg) -> QuerySet[Income]:
    return transformation_income(period, user, center).filter(kind__in=LICENCE_INCOME_KINDS)


def service_contracts(period: Period, user: Any, center: CenterArg) -> QuerySet[Agreement]:
    """Development, consulting and service contracts signed in the period."""
    return agreements_signed(period, user, center).filter(kind__in=SERVICE_CONTRACT_KINDS)


def service_contracts_cny(period: Period, user: Any, center: CenterArg) -> QuerySet[Agreement]:
    return _cny(service_contracts(period, user, center)).exclude(value__isnull=True)


def rewards_paid(period: Period, user: Any, center: CenterArg) -> QuerySet[RewardShare]:
    """The shares of rewards paid in the period, in yuan: one person-time each."""
    rows = seen(RewardShare.objects.all(), user).filter(
        _in(period, "paid_on"), reward__currency=Currency.CNY
    )
    return at_center(rows, "reward__achievement__center", center)


def spinoffs_formed(period: Period, user: Any, center: CenterArg) -> QuerySet[Organization]:
    """Companies founded in the period on the institute's achievements: financed for one of
    them, or having given the institute shares for one."""
    rounds: QuerySet[Any] = FinancingRound.objects.filter(
        venture=OuterRef("pk"), achievement__isnull=False
    )
    shares: QuerySet[Any] = Income.objects.filter(payer=OuterRef("pk"), kind=IncomeKind.EQUITY)
    if center is not None:
        rounds = at_center(rounds, "achievement__center", center)
        shares = at_center(shares, "achievement__center", center)
    rows = seen(Organization.objects.all(), user).filter(
        _in(period, "founded_on"), is_institute=False
    )
    return rows.filter(Exists(rounds) | Exists(shares))


def spinoffs_formed_v2(period: Period, user: Any, center: CenterArg) -> QuerySet[Organization]:
    """Version 2: also the companies an incubation center admitted as spin-offs of one of the
    institute's achievements (the office's own record of what a company was founded on), even
    before a round or shares name it."""
    incubated: QuerySet[Any] = Incubation.objects.filter(
        organization=OuterRef("pk"), origin=Origin.SPIN_OFF, achievement__isnull=False
    )
    if center is not None:
        incubated = at_center(incubated, "achievement__center", center)
    founded = spinoffs_formed(period, user, center).values("pk")
    rows = seen(Organization.objects.all(), user).filter(
        _in(period, "founded_on"), is_institute=False
    )
    return rows.filter(Q(pk__in=founded) | Exists(incubated))


def patent_applications_filed(period: Period, user: Any, center: CenterArg) -> QuerySet[Patent]:
    """Applications filed in the period; an international application entering a country
    counts on the day it entered."""
    rows = (
        seen(Patent.objects.all(), user)
        .annotate(filed_here_on=Coalesce("national_phase_on", "filed_on", output_field=DateField()))
        .filter(_in(period, "filed_here_on"))
    )
    return at_center(rows, "achievement__center", center)


def first_patent_applications(period: Period, user: Any, center: CenterArg) -> QuerySet[Patent]:
    """New applications as the AUTM survey counts them: first filings, not a national phase
    nor an application claiming an earlier one's priority."""
    return (
        patent_applications_filed(period, user, center)
        .filter(national_phase_on__isnull=True)
        .filter(Q(priority_on__isnull=True) | Q(priority_on__gte=F("filed_on")))
    )


def patents_granted(period: Period, user: Any, center: CenterArg) -> QuerySet[Patent]:
    rows = seen(Patent.objects.all(), user).filter(_in(period, "granted_on"))
    return at_center(rows, "achievement__center", center)


def disclosures_received(period: Period, user: Any, center: CenterArg) -> QuerySet[Disclosure]:
    rows = seen(Disclosure.objects.all(), user).filter(_in(period, "submitted_on"))
    return at_center(rows, "center", center)


# Incubation and joint training ----------------------------------------------------------------


def companies_admitted(period: Period, user: Any, center: CenterArg) -> QuerySet[Incubation]:
    """Admissions to an incubation center in the period (a company admitted twice, twice)."""
    rows = seen(Incubation.objects.all(), user).filter(_in(period, "admitted_on"))
    return at_center(rows, "center", center)


def companies_incubating(period: Period, user: Any, center: CenterArg) -> QuerySet[Incubation]:
    """Companies in incubation at the period's end: admitted by then, not yet out by then
    (graduated, moved out or closed on a later day, or not at all)."""
    rows = (
        seen(Incubation.objects.all(), user)
        .filter(admitted_on__lte=period.end)
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gt=period.end))
    )
    return at_center(rows, "center", center)


def companies_graduated(period: Period, user: Any, center: CenterArg) -> QuerySet[Incubation]:
    rows = seen(Incubation.objects.all(), user).filter(
        _in(period, "exited_on"), status=IncubationStatus.GRADUATED
    )
    return at_center(rows, "center", center)


def incubated_financing(period: Period, user: Any, center: CenterArg) -> QuerySet[FinancingRound]:
    """Rounds closed in the period by companies admitted to an incubation center on or before
    the closing day: raised while incubated or after graduating, not before admission."""
    incubations: QuerySet[Any] = Incubation.objects.filter(
        organization=OuterRef("venture"), admitted_on__lte=OuterRef("closed_on")
    )
    if center is not None:
        incubations = at_center(incubations, "center", center)
    return financing_closed(period, user, None).filter(Exists(incubations))


def trainees_in_training(period: Period, user: Any, center: CenterArg) -> QuerySet[Trainee]:
    """Students and postdocs in training on some day of the period: started by its end, not
    ended before its start."""
    rows = seen(Trainee.objects.all(), user).filter(starts_on__lte=period.end)
    if period.start is not None:
        rows = rows.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))
    return at_center(rows, "center", center)


def trainees_graduated(period: Period, user: Any, center: CenterArg) -> QuerySet[Trainee]:
    rows = seen(Trainee.objects.all(), user).filter(
        _in(period, "ends_on"), status=TraineeStatus.GRADUATED
    )
    return at_center(rows, "center", center)


ORIGIN_SPLIT = Split(expression=F("origin"), labels=lambda: dict(Origin.choices))
LEVEL_SPLIT = Split(expression=F("level"), labels=lambda: dict(TraineeLevel.choices))


DEAL_LABELS: dict[str, StrOrPromise] = {
    AgreementKind.TECH_TRANSFER: _("Transfer"),
    AgreementKind.TECH_LICENSING: _("Licence"),
    AgreementKind.INVESTMENT: _("Equity investment"),
}
DEAL_SPLIT = Split(expression=F("kind"), labels=lambda: dict(DEAL_LABELS))
SERVICE_CONTRACT_SPLIT = Split(
    expression=F("kind"),
    labels=lambda: {k: AgreementKind(k).label for k in SERVICE_CONTRACT_KINDS},
)


# Splits -----------------------------------------------------------------------------------------


def _choices(choices: Any) -> Callable[[], dict[str, StrOrPromise]]:
    return lambda: dict(choices.choices)


# The four types official statistics use: a licence is a transfer of the right to use.
FOUR_TYPES = {
    AgreementKind.TECH_DEVELOPMENT: AgreementKind.TECH_DEVELOPMENT,
    AgreementKind.TECH_TRANSFER: AgreementKind.TECH_TRANSFER,
    AgreementKind.TECH_LICENSING: AgreementKind.TECH_TRANSFER,
    AgreementKind.TECH_CONSULTING: AgreementKind.TECH_CONSULTING,
    AgreementKind.TECH_SERVICE: AgreementKind.TECH_SERVICE,
}
FOUR_TYPE_LABELS: dict[str, StrOrPromise] = {
    AgreementKind.TECH_DEVELOPMENT: _("Technology development"),
    AgreementKind.TECH_TRANSFER: _("Technology transfer (licensing included)"),
    AgreementKind.TECH_CONSULTING: _("Technology consulting"),
    AgreementKind.TECH_SERVICE: _("Technology service"),
}
FOUR_TYPES_SPLIT = Split(
    expression=Case(
        *(When(kind=kind, then=Value(str(four))) for kind, four in FOUR_TYPES.items()),
        output_field=CharField(),
    ),
    labels=lambda: dict(FOUR_TYPE_LABELS),
)
# The other party's kind: the kind of each party other than the institute.
PARTY_KIND_SPLIT = Split(
    expression=F("parties__organization__kind"),
    labels=_choices(OrganizationKind),
    overlapping=True,
)


# The catalogue ----------------------------------------------------------------------------------

_HEADLINE = {f.key: f for f in metrics.FIGURES}

CATALOGUE: tuple[Metric, ...] = (
    Metric(
        key="organizations_served_local",
        version=1,
        label=_HEADLINE["organizations_served_local"].label,
        definition=_HEADLINE["organizations_served_local"].definition,
        section=Section.HEADLINE,
        measure=Measure.ORGANIZATIONS,
        flow=Flow.STOCK,
        rows=_organizations_served_at,
        total=count,
        additive=False,
    ),
    Metric(
        key="cooperation_partners",
        version=1,
        label=_HEADLINE["cooperation_partners"].label,
        definition=_HEADLINE["cooperation_partners"].definition,
        section=Section.HEADLINE,
        measure=Measure.ORGANIZATIONS,
        flow=Flow.STOCK,
        rows=_headline(_HEADLINE["cooperation_partners"], "center_partnerships__center"),
        total=count,
        additive=False,
        exact=True,
    ),
    Metric(
        key="technical_problems_solved",
        version=1,
        label=_HEADLINE["technical_problems_solved"].label,
        definition=_HEADLINE["technical_problems_solved"].definition,
        section=Section.HEADLINE,
        measure=Measure.ITEMS,
        flow=Flow.STOCK,
        rows=_headline(_HEADLINE["technical_problems_solved"], "assigned_center"),
        total=count,
        additive=True,
    ),
    Metric(
        key="institutions_cooperating",
        version=1,
        label=_HEADLINE["institutions_cooperating"].label,
        definition=_HEADLINE["institutions_cooperating"].definition,
        section=Section.HEADLINE,
        measure=Measure.ORGANIZATIONS,
        flow=Flow.STOCK,
        rows=_headline(_HEADLINE["institutions_cooperating"], "center_partnerships__center"),
        total=count,
        additive=False,
    ),
    Metric(
        key="achievements_market_or_clinical",
        version=1,
        label=_HEADLINE["achievements_market_or_clinical"].label,
        definition=_HEADLINE["achievements_market_or_clinical"].definition,
        section=Section.HEADLINE,
        measure=Measure.ITEMS,
        flow=Flow.STOCK,
        rows=_headline(_HEADLINE["achievements_market_or_clinical"], "center"),
        total=count,
        additive=True,
    ),
    Metric(
        key="financing_cumulative_cny",
        version=1,
        label=_HEADLINE["financing_cumulative_cny"].label,
        definition=_HEADLINE["financing_cumulative_cny"].definition,
        section=Section.HEADLINE,
        measure=Measure.YUAN,
        flow=Flow.STOCK,
        rows=_headline(_HEADLINE["financing_cumulative_cny"], "achievement__center"),
        total=_yuan_cents,
        additive=True,
        sums="amount",
    ),
    Metric(
        key="agreements_signed",
        version=1,
        label=_("Agreements signed"),
        definition=_(
            "Agreements of every kind signed in the period, by kind. At a center: the "
            "agreements that founded it."
        ),
        section=Section.AGREEMENTS,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=agreements_signed,
        total=count,
        additive=False,
        exact=True,
        split=Split(expression=F("kind"), labels=_choices(AgreementKind)),
    ),
    Metric(
        key="contract_value_signed_cny",
        version=1,
        label=_("Contract value signed"),
        definition=_(
            "The sum of the values of the agreements in yuan signed in the period (agreements in "
            "other currencies are not converted and not counted), by kind."
        ),
        section=Section.AGREEMENTS,
        measure=Measure.YUAN,
        flow=Flow.FLOW,
        rows=agreements_signed_cny,
        total=yuan("value"),
        additive=False,
        sums="value",
        split=Split(expression=F("kind"), labels=_choices(AgreementKind)),
    ),
    Metric(
        key="contract_value_received_cny",
        version=1,
        label=_("Contract payments received"),
        definition=_("The sum of the payment milestones in yuan marked done in the period."),
        section=Section.AGREEMENTS,
        measure=Measure.YUAN,
        flow=Flow.FLOW,
        rows=milestones_received,
        total=yuan("amount"),
        additive=False,
        sums="amount",
    ),
    Metric(
        key="technical_contracts_registered",
        version=1,
        label=_("Technical contracts registered"),
        definition=_(
            "Technical contracts (development, transfer, licensing, consulting, service) signed "
            "in the period that carry a technical-contract registration number, by the four "
            "types of the official statistics (licensing counted with transfer) and by the kind "
            "of the parties (a contract with parties of two kinds counts under each)."
        ),
        section=Section.MARKET,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=technical_contracts_registered,
        total=count,
        additive=False,
        exact=True,
        split=FOUR_TYPES_SPLIT,
    ),
    Metric(
        key="technical_contracts_by_party_kind",
        version=1,
        label=_("Technical contracts registered, by the parties' kind"),
        definition=_(
            "The registered technical contracts of the period counted under the kind of each of "
            "their parties other than the institute (enterprise, university, research "
            "institute, hospital, …); a contract with parties of two kinds counts under each."
        ),
        section=Section.MARKET,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=lambda period, user, center: technical_contracts_registered(
            period, user, center
        ).filter(
            pk__in=AgreementParty.objects.filter(organization__is_institute=False).values(
                "agreement"
            )
        ),
        total=count,
        additive=False,
        exact=True,
        split=PARTY_KIND_SPLIT,
    ),
    Metric(
        key="technical_contract_value_cny",
        version=1,
        label=_("Technical contract value"),
        definition=_(
            "The sum of the values in yuan of the registered technical contracts signed in the "
            "period (技术合同成交额), by the four types."
        ),
        section=Section.MARKET,
        measure=Measure.YUAN,
        flow=Flow.FLOW,
        rows=technical_contracts_registered_cny,
        total=yuan("value"),
        additive=False,
        sums="value",
        split=FOUR_TYPES_SPLIT,
    ),
    Metric(
        key="technical_transaction_value_cny",
        version=1,
        label=_("Technical-transaction value"),
        definition=_(
            "The sum of the approved technical income in yuan (核定技术性收入额, the technical part "
            "of the contract value) of the registered technical contracts signed in the period, "
            "by the four types."
        ),
        section=Section.MARKET,
        measure=Measure.YUAN,
        flow=Flow.FLOW,
        rows=lambda period, user, center: technical_contracts_registered_cny(
            period, user, center
        ).exclude(technical_income__isnull=True),
        total=yuan("technical_income"),
        additive=False,
        sums="technical_income",
        split=FOUR_TYPES_SPLIT,
    ),
    Metric(
        key="needs_received",
        version=1,
        label=_("Technical needs received"),
        definition=_("Technical needs submitted in the period. At a center: those assigned to it."),
        section=Section.NEEDS,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=needs_received,
        total=count,
        additive=True,
        exact=True,
    ),
    Metric(
        key="needs_solved",
        version=1,
        label=_("Technical needs solved"),
        definition=_("Technical needs solved in the period. At a center: those assigned to it."),
        section=Section.NEEDS,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=needs_solved,
        total=count,
        additive=True,
        exact=True,
    ),
    Metric(
        key="needs_median_days_to_solution",
        version=1,
        label=_("Median days from submission to solution"),
        definition=_(
            "Over the technical needs solved in the period: the median number of days from the "
            "day a need was submitted to the day it was solved."
        ),
        section=Section.NEEDS,
        measure=Measure.DAYS,
        flow=Flow.FLOW,
        rows=needs_solved,
        total=median_days,
        additive=False,
        exact=True,
        summary=True,
    ),
    Metric(
        key="services_delivered",
        version=1,
        label=_("Services delivered"),
        definition=_("Service records delivered in the period, by kind of service."),
        section=Section.SERVICES,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=services_delivered,
        total=count,
        additive=True,
        exact=True,
        split=Split(expression=F("kind"), labels=_choices(ServiceKind)),
    ),
    Metric(
        key="service_revenue_cny",
        version=1,
        label=_("Service revenue"),
        definition=_(
            "The sum of the revenue in yuan of the services delivered in the period, by kind of "
            "service."
        ),
        section=Section.SERVICES,
        measure=Measure.YUAN,
        flow=Flow.FLOW,
        rows=service_revenue_cny,
        total=yuan("revenue"),
        additive=True,
        sums="revenue",
        split=Split(expression=F("kind"), labels=_choices(ServiceKind)),
    ),
    Metric(
        key="achievements_entering_stage",
        version=1,
        label=_("Achievements entering a stage"),
        definition=_(
            "Steps of achievements into a stage of their commercialization (prototype, pilot, "
            "clinical trial, registration, market, …) dated in the period, by stage."
        ),
        section=Section.ACHIEVEMENTS,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=stages_entered,
        total=count,
        additive=True,
        exact=True,
        split=Split(expression=F("stage"), labels=_choices(Stage)),
    ),
    Metric(
        key="financing_closed_cny",
        version=1,
        label=_("Financing closed"),
        definition=_(
            "The sum of the financing rounds closed in the period, each converted to yuan at its "
            "own rate and rounded to the cent, by kind of round."
        ),
        section=Section.FINANCING,
        measure=Measure.YUAN,
        flow=Flow.FLOW,
        rows=financing_closed,
        total=_yuan_cents,
        additive=True,
        sums="amount",
        split=Split(expression=F("kind"), labels=_choices(RoundKind)),
    ),
    Metric(
        key="people_appointed",
        version=1,
        label=_("Appointments made"),
        definition=_("Appointments to a center's posts and committees starting in the period."),
        section=Section.PEOPLE,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=people_appointed,
        total=count,
        additive=True,
        exact=True,
    ),
    Metric(
        key="partners_new",
        version=1,
        label=_("New partners"),
        definition=_(
            "Organizations other than the institute whose first signed agreement with it was "
            "signed in the period."
        ),
        section=Section.PEOPLE,
        measure=Measure.ORGANIZATIONS,
        flow=Flow.FLOW,
        rows=partners_new,
        total=count,
        additive=False,
        exact=True,
    ),
    Metric(
        key="transformation_deals",
        version=1,
        label=_("Transfers, licences and equity investments"),
        definition=_(
            "Technology transfer and licensing contracts signed in the period, and investment "
            "agreements signed in it that put an achievement's value into a company (its price "
            "noticed, or shares received for it as income), by kind."
        ),
        section=Section.TRANSFORMATION,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=transformation_deals,
        total=count,
        additive=False,
        exact=True,
        split=DEAL_SPLIT,
    ),
    Metric(
        key="transformation_deal_value_cny",
        version=1,
        label=_("Contract value of transfers, licences and investments"),
        definition=_(
            "The sum of the values in yuan of those transfers, licences and investments signed "
            "in the period, by kind."
        ),
        section=Section.TRANSFORMATION,
        measure=Measure.YUAN,
        flow=Flow.FLOW,
        rows=transformation_deals_cny,
        total=yuan("value"),
        additive=False,
        sums="value",
        split=DEAL_SPLIT,
    ),
    Metric(
        key="transformation_income_cny",
        version=1,
        label=_("Income received from transfers, licences and investments"),
        definition=_(
            "The income in yuan recorded as received in the period under transfer, licence and "
            "investment agreements (prices, fees, royalties, shares formed valued as agreed, "
            "dividends), by kind."
        ),
        section=Section.TRANSFORMATION,
        measure=Measure.YUAN,
        flow=Flow.FLOW,
        rows=transformation_income,
        total=yuan("amount"),
        additive=True,
        sums="amount",
        split=Split(expression=F("kind"), labels=_choices(IncomeKind)),
    ),
    Metric(
        key="service_contracts",
        version=1,
        label=_("Development, consulting and service contracts"),
        definition=_(
            "Technology development, consulting and service contracts signed in the period, "
            "registered or not, by kind."
        ),
        section=Section.TRANSFORMATION,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=service_contracts,
        total=count,
        additive=False,
        exact=True,
        split=SERVICE_CONTRACT_SPLIT,
    ),
    Metric(
        key="service_contract_value_cny",
        version=1,
        label=_("Contract value of development, consulting and service contracts"),
        definition=_(
            "The sum of the values in yuan of the development, consulting and service contracts "
            "signed in the period, by kind."
        ),
        section=Section.TRANSFORMATION,
        measure=Measure.YUAN,
        flow=Flow.FLOW,
        rows=service_contracts_cny,
        total=yuan("value"),
        additive=False,
        sums="value",
        split=SERVICE_CONTRACT_SPLIT,
    ),
    Metric(
        key="service_contract_technical_income_cny",
        version=1,
        label=_("Technical income of development, consulting and service contracts"),
        definition=_(
            "The sum of the approved technical income in yuan (核定技术性收入额, from the "
            "contracts' registration) of the development, consulting and service contracts "
            "signed in the period, by kind."
        ),
        section=Section.TRANSFORMATION,
        measure=Measure.YUAN,
        flow=Flow.FLOW,
        rows=lambda period, user, center: service_contracts_cny(period, user, center).exclude(
            technical_income__isnull=True
        ),
        total=yuan("technical_income"),
        additive=False,
        sums="technical_income",
        split=SERVICE_CONTRACT_SPLIT,
    ),
    Metric(
        key="rewards_paid_person_times",
        version=1,
        label=_("Rewards paid (person-times)"),
        definition=_(
            "The shares of rewards in yuan paid to contributors in the period, one person-time "
            "each (a person paid under two rewards counts twice), by what the reward rests on."
        ),
        section=Section.TRANSFORMATION,
        measure=Measure.PERSON_TIMES,
        flow=Flow.FLOW,
        rows=rewards_paid,
        total=count,
        additive=True,
        exact=True,
        split=Split(expression=F("reward__basis"), labels=_choices(RewardBasis)),
    ),
    Metric(
        key="rewards_paid_cny",
        version=1,
        label=_("Rewards paid"),
        definition=_(
            "The sum in yuan of the shares of rewards paid to contributors in the period, by "
            "what the reward rests on."
        ),
        section=Section.TRANSFORMATION,
        measure=Measure.YUAN,
        flow=Flow.FLOW,
        rows=rewards_paid,
        total=yuan("amount"),
        additive=True,
        sums="amount",
        split=Split(expression=F("reward__basis"), labels=_choices(RewardBasis)),
    ),
    Metric(
        key="spinoffs_formed",
        version=1,
        label=_("Spin-off companies founded"),
        definition=_(
            "Companies founded in the period on the institute's achievements: those with a "
            "financing round for one of its achievements, or that gave the institute shares for "
            "one (income of the kind equity)."
        ),
        section=Section.TRANSFORMATION,
        measure=Measure.ORGANIZATIONS,
        flow=Flow.FLOW,
        rows=spinoffs_formed,
        total=count,
        additive=False,
        exact=True,
    ),
    Metric(
        key="patent_applications_filed",
        version=1,
        label=_("Patent applications filed"),
        definition=_(
            "Patent applications filed in the period, in every country, an international "
            "application entering a country counted on the day it entered; by kind."
        ),
        section=Section.TRANSFORMATION,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=patent_applications_filed,
        total=count,
        additive=True,
        exact=True,
        split=Split(expression=F("kind"), labels=_choices(PatentKind)),
    ),
    Metric(
        key="patents_granted",
        version=1,
        label=_("Patents granted"),
        definition=_("Patents granted in the period, in every country, by kind."),
        section=Section.TRANSFORMATION,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=patents_granted,
        total=count,
        additive=True,
        exact=True,
        split=Split(expression=F("kind"), labels=_choices(PatentKind)),
    ),
    Metric(
        key="disclosures_received",
        version=1,
        label=_("Invention disclosures received"),
        definition=_("Invention disclosures submitted to the office in the period."),
        section=Section.TRANSFORMATION,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=disclosures_received,
        total=count,
        additive=True,
        exact=True,
    ),
    Metric(
        key="autm_disclosures",
        version=1,
        label=_("Invention disclosures received"),
        definition=_(
            "AUTM: invention disclosures received. The disclosures submitted to the office in "
            "the period."
        ),
        section=Section.AUTM,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=disclosures_received,
        total=count,
        additive=True,
        exact=True,
    ),
    Metric(
        key="autm_new_patent_applications",
        version=1,
        label=_("New patent applications filed"),
        definition=_(
            "AUTM: new patent applications filed. First filings in the period: no national "
            "phase of an international application, no application claiming an earlier one's "
            "priority; by country."
        ),
        section=Section.AUTM,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=first_patent_applications,
        total=count,
        additive=True,
        exact=True,
        split=Split(expression=F("jurisdiction"), labels=_choices(Jurisdiction)),
    ),
    Metric(
        key="autm_patents_issued",
        version=1,
        label=_("Patents issued"),
        definition=_("AUTM: patents issued. Patents granted in the period, by country."),
        section=Section.AUTM,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=patents_granted,
        total=count,
        additive=True,
        exact=True,
        split=Split(expression=F("jurisdiction"), labels=_choices(Jurisdiction)),
    ),
    Metric(
        key="autm_licences_executed",
        version=1,
        label=_("Licences and options executed"),
        definition=_(
            "AUTM: licences and options executed. Licensing and transfer (assignment) contracts "
            "signed in the period; Liaison records no options apart. By kind."
        ),
        section=Section.AUTM,
        measure=Measure.ITEMS,
        flow=Flow.FLOW,
        rows=lambda period, user, center: transformation_deals(period, user, center).filter(
            kind__in=TRANSFER_KINDS
        ),
        total=count,
        additive=False,
        exact=True,
        split=DEAL_SPLIT,
    ),
    Metric(
        key="autm_licence_income_cny",
        version=1,
        label=_("Licence income received"),
        definition=_(
            "AUTM: licence income received. The cash in yuan received in the period under "
            "transfers, licences and investments (fees, royalties, prices, dividends and shares "
            "sold, other), without the value of shares formed; by kind."
        ),
        section=Section.AUTM,
        measure=Measure.YUAN,
        flow=Flow.FLOW,
        rows=licence_income,
        total=yuan("amount"),
        additive=True,
        sums="amount",
        split=Split(expression=F("kind"), labels=_choices(IncomeKind)),
    ),
    Metric(
        key="autm_startups_formed",
        version=1,
        label=_("Start-up companies formed"),
        definition=_(
            "AUTM: start-ups formed. The spin-off companies founded in the period on the "
            "institute's achievements (as in the annual report)."
        ),
        section=Section.AUTM,
        measure=Measure.ORGANIZATIONS,
        flow=Flow.FLOW,
        rows=spinoffs_formed,
        total=count,
        additive=False,
        exact=True,
    ),
    Metric(
        key="companies_admitted",
        version=1,
        label=_("Companies admitted to incubation"),
        definition=_(
            "Companies admitted to an incubation center in the period, by origin (spin-off of an "
            "achievement, start-up of the institute's researchers, outside tenant); a company "
            "admitted twice counts twice."
        ),
        section=Section.INCUBATION,
        measure=Measure.ORGANIZATIONS,
        flow=Flow.FLOW,
        rows=companies_admitted,
        total=count,
        additive=True,
        exact=True,
        split=ORIGIN_SPLIT,
    ),
    Metric(
        key="companies_incubating",
        version=1,
        label=_("Companies in incubation"),
        definition=_(
            "Companies in an incubation center at the period's end: admitted by then and not "
            "graduated, moved out or closed by then; by origin."
        ),
        section=Section.INCUBATION,
        measure=Measure.ORGANIZATIONS,
        flow=Flow.STOCK,
        rows=companies_incubating,
        total=count,
        additive=True,
        exact=True,
        split=ORIGIN_SPLIT,
    ),
    Metric(
        key="companies_graduated",
        version=1,
        label=_("Companies graduated from incubation"),
        definition=_("Incubated companies that graduated in the period, by origin."),
        section=Section.INCUBATION,
        measure=Measure.ORGANIZATIONS,
        flow=Flow.FLOW,
        rows=companies_graduated,
        total=count,
        additive=True,
        exact=True,
        split=ORIGIN_SPLIT,
    ),
    Metric(
        key="incubated_financing_cny",
        version=1,
        label=_("Financing raised by incubated companies"),
        definition=_(
            "The financing rounds closed in the period by companies admitted to an incubation "
            "center on or before the closing day (while incubated or after), in yuan at each "
            "round's rate, by kind. At a center: the companies it admitted."
        ),
        section=Section.INCUBATION,
        measure=Measure.YUAN,
        flow=Flow.FLOW,
        rows=incubated_financing,
        total=_yuan_cents,
        # A company admitted by two centers brings its rounds to both.
        additive=False,
        sums="amount",
        split=Split(expression=F("kind"), labels=_choices(RoundKind)),
    ),
    Metric(
        key="trainees_in_training",
        version=1,
        label=_("Students trained jointly"),
        definition=_(
            "Students and postdocs trained under an agreement with a university or enterprise "
            "who were in training on some day of the period, by level."
        ),
        section=Section.INCUBATION,
        measure=Measure.PERSON_TIMES,
        flow=Flow.FLOW,
        rows=trainees_in_training,
        total=count,
        additive=True,
        exact=True,
        split=LEVEL_SPLIT,
    ),
    Metric(
        key="trainees_graduated",
        version=1,
        label=_("Jointly trained students graduated"),
        definition=_(
            "Students and postdocs trained jointly who graduated (or completed their postdoc) "
            "in the period, by level."
        ),
        section=Section.INCUBATION,
        measure=Measure.PERSON_TIMES,
        flow=Flow.FLOW,
        rows=trainees_graduated,
        total=count,
        additive=True,
        exact=True,
        split=LEVEL_SPLIT,
    ),
    Metric(
        key="spinoffs_formed",
        version=2,
        label=_("Spin-off companies founded"),
        definition=_(
            "Companies founded in the period on the institute's achievements: those with a "
            "financing round for one of its achievements, that gave the institute shares for "
            "one (income of the kind equity), or that an incubation center admitted as a "
            "spin-off of one."
        ),
        section=Section.TRANSFORMATION,
        measure=Measure.ORGANIZATIONS,
        flow=Flow.FLOW,
        rows=spinoffs_formed_v2,
        total=count,
        additive=False,
        exact=True,
    ),
    Metric(
        key="autm_startups_formed",
        version=2,
        label=_("Start-up companies formed"),
        definition=_(
            "AUTM: start-ups formed. The spin-off companies founded in the period on the "
            "institute's achievements (as in the annual report), incubated spin-offs included."
        ),
        section=Section.AUTM,
        measure=Measure.ORGANIZATIONS,
        flow=Flow.FLOW,
        rows=spinoffs_formed_v2,
        total=count,
        additive=False,
        exact=True,
    ),
)


class UnknownMetricError(LookupError):
    def __init__(self, key: str, version: int | None = None) -> None:
        named = key if version is None else f"{key} version {version}"
        super().__init__(f"no metric is defined under {named!r}")
        self.key = key


def versions(key: str) -> list[Metric]:
    """Every version of the metric `key`, oldest first."""
    return sorted((m for m in CATALOGUE if m.key == key), key=lambda m: m.version)


def metric(key: str, version: int | None = None) -> Metric:
    """The metric `key` at `version`, or its latest version."""
    found = versions(key)
    if version is not None:
        found = [m for m in found if m.version == version]
    if not found:
        raise UnknownMetricError(key, version)
    return found[-1]


def headline() -> list[Metric]:
    """The six headline figures of the announcement (their latest versions)."""
    return [m for m in latest() if m.section == Section.HEADLINE]


def latest() -> list[Metric]:
    """The latest version of every metric, in catalogue order."""
    keys = list(dict.fromkeys(m.key for m in CATALOGUE))
    return [metric(key) for key in keys]


def _parts(metric_: Metric, rows: QuerySet[Any], user: Any) -> tuple[Part, ...]:
    split = metric_.split
    if split is None:
        return ()
    if metric_.sums is not None and user is not SYSTEM:
        rows = permissions.cleared(rows, user, metric_.sums)
    labels = split.labels()
    grouped = rows.annotate(_part=split.expression).order_by().values("_part")
    if metric_.total is count or metric_.measure != Measure.YUAN:
        amounts = grouped.annotate(amount=Count("pk", distinct=True))
    elif "amount_cny_cents" in rows.query.annotations:
        amounts = grouped.annotate(amount=Sum("amount_cny_cents"))
    else:
        amounts = grouped.annotate(amount=Sum(metric_.sums or "value"))
    found: dict[str, FigureValue] = {}
    for row in amounts:
        value = row["_part"]
        if value is None:
            continue
        amount = row["amount"] or 0
        if metric_.measure == Measure.YUAN:
            amount = Decimal(amount)
            if "amount_cny_cents" in rows.query.annotations:
                amount = Decimal(int(amount)).scaleb(-2)
            amount = amount.quantize(Decimal("0.01"))
        found[str(value)] = amount
    return tuple(
        Part(value=value, label=str(label), amount=found[value])
        for value, label in labels.items()
        if value in found
    )


def part_rows(metric_: Metric, rows: QuerySet[Any], value: str) -> QuerySet[Any]:
    """The rows of one part of a split metric (its drill-down)."""
    assert metric_.split is not None
    matching = rows.annotate(_part=metric_.split.expression).filter(_part=value).values("pk")
    return rows.filter(pk__in=matching)


def compute(
    metric_: Metric, *, period: Period, user: Any = SYSTEM, center: CenterArg = None
) -> Figure:
    """One metric for a period and a center, over what `user` may see (a few queries)."""
    rows = metric_.rows(period, user, center)
    hidden = 0
    counted = rows
    if metric_.sums is not None and user is not SYSTEM:
        hidden = permissions.hidden_count(rows, user, metric_.sums)
        counted = permissions.cleared(rows, user, metric_.sums)
    return Figure(
        metric=metric_,
        period=period,
        center=center,
        value=metric_.total(counted),
        hidden=hidden,
        parts=_parts(metric_, rows, user),
    )


def catalogue_for(
    *,
    period: Period,
    user: Any = SYSTEM,
    center: CenterArg = None,
    chosen: Sequence[Metric] | None = None,
) -> list[Figure]:
    """Every metric (the latest versions, or `chosen`) for the period and center."""
    return [
        compute(m, period=period, user=user, center=center)
        for m in (chosen if chosen is not None else latest())
    ]
