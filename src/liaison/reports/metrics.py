"""The institute's six headline figures, as of a date: what `liaison figures` prints.

Each figure is a named, versioned definition: a written definition that says what is
counted, the rows that make it as of a date (a queryset, so a dashboard can drill down) and
how those rows add up to the value. Counting happens in the database: one query per figure,
whatever the number of rows. The metric catalogue (`catalogue.py`) makes them its first
entries, for any period and center, beside the office's other figures; it leaves out of a
sum the values a reader is not cleared for.

The rows are those a user may see, every table they read narrowed for that user, or every
row for the office's own count (`SYSTEM`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import BigIntegerField, Exists, F, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Round
from django.utils.translation import gettext_lazy as _

from liaison.achievements.choices import MARKET_OR_CLINICAL_STAGES
from liaison.achievements.models import Achievement, StageEntry
from liaison.agreements.choices import TECHNICAL_CONTRACT_KINDS, AgreementKind
from liaison.agreements.models import AgreementParty
from liaison.financing.choices import RoundStatus
from liaison.financing.models import FinancingRound
from liaison.needs.models import ServiceRecord, TechnicalNeed
from liaison.organizations.choices import OrganizationKind
from liaison.organizations.models import Organization

from .phrasing import Measure

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Who counts as served locally, as a horizontal partner, as a cooperating institution.
LOCAL_SERVED_KINDS = frozenset(
    {OrganizationKind.ENTERPRISE, OrganizationKind.UNIVERSITY, OrganizationKind.RESEARCH_INSTITUTE}
)
HORIZONTAL_PARTNER_KINDS = frozenset({OrganizationKind.ENTERPRISE, OrganizationKind.HOSPITAL})
HORIZONTAL_AGREEMENT_KINDS = frozenset(
    {*TECHNICAL_CONTRACT_KINDS, AgreementKind.JOINT_CENTER, AgreementKind.FRAMEWORK}
)
INSTITUTION_KINDS = frozenset(
    {OrganizationKind.UNIVERSITY, OrganizationKind.RESEARCH_INSTITUTE, OrganizationKind.HOSPITAL}
)
DEEP_COOPERATION_AGREEMENT_KINDS = frozenset(
    {
        AgreementKind.FRAMEWORK,
        AgreementKind.JOINT_CENTER,
        AgreementKind.TALENT_TRAINING,
        AgreementKind.MOU,
    }
)

FigureValue = int | Decimal


class _System:
    """Whose figures count every row: the office's own, as `liaison figures` prints them."""

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Any = _System()


def seen(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """The rows of `queryset` that `user` may see; every row for `SYSTEM`."""
    if user is SYSTEM:
        return queryset
    restricted: QuerySet[Any] = queryset.restrict(user, "view")  # type: ignore[attr-defined]
    return restricted


@dataclass(frozen=True)
class FigureDefinition:
    """A named, versioned figure: what it counts, its rows as of a date, their total."""

    key: str
    version: int
    label: StrOrPromise
    definition: StrOrPromise
    measure: Measure
    # Written exactly in the paragraph instead of rounded down ("42", not "more than 40").
    exact: bool
    # The rows as of a date that a user may see (`SYSTEM`: every row).
    rows: Callable[[datetime.date, Any], QuerySet[Any]]
    total: Callable[[QuerySet[Any]], FigureValue]

    @property
    def unit(self) -> str:
        return "CNY" if self.measure == Measure.YUAN else "count"

    def value_as_of(self, as_of: datetime.date) -> FigureValue:
        """The figure's value as of `as_of`, over every row (one query)."""
        return self.total(self.rows(as_of, SYSTEM))


def _sorted(values: frozenset[str]) -> list[str]:
    # A stable order keeps the SQL the same from one run to the next.
    return sorted(values)


def _count(rows: QuerySet[Any]) -> int:
    return rows.count()


def _yuan_total(rows: QuerySet[Any]) -> Decimal:
    cents = rows.aggregate(total=Sum("amount_cny_cents"))["total"]
    return Decimal(int(cents or 0)).scaleb(-2)


def organizations_served_local(as_of: datetime.date, user: Any = SYSTEM) -> QuerySet[Organization]:
    """Local enterprises, universities and institutes served at least once by the date."""
    served = seen(ServiceRecord.objects.all(), user).filter(
        organization=OuterRef("pk"), delivered_on__lte=as_of
    )
    return seen(Organization.objects.all(), user).filter(
        Exists(served),
        city__in=list(settings.LIAISON_LOCAL_CITIES),
        kind__in=_sorted(LOCAL_SERVED_KINDS),
        is_institute=False,
    )


def cooperation_partners(as_of: datetime.date, user: Any = SYSTEM) -> QuerySet[Organization]:
    """Enterprises and hospitals party to a technical or cooperation agreement signed by the date."""
    parties = seen(AgreementParty.objects.all(), user).filter(
        organization=OuterRef("pk"),
        agreement__kind__in=_sorted(HORIZONTAL_AGREEMENT_KINDS),
        agreement__signed_on__lte=as_of,
    )
    return seen(Organization.objects.all(), user).filter(
        Exists(parties), kind__in=_sorted(HORIZONTAL_PARTNER_KINDS), is_institute=False
    )


def technical_problems_solved(as_of: datetime.date, user: Any = SYSTEM) -> QuerySet[TechnicalNeed]:
    """Technical needs solved on or before the date."""
    return seen(TechnicalNeed.objects.all(), user).filter(solved_on__lte=as_of)


def institutions_cooperating(as_of: datetime.date, user: Any = SYSTEM) -> QuerySet[Organization]:
    """Universities, institutes and hospitals in a cooperation agreement still running on the date."""
    parties = seen(AgreementParty.objects.all(), user).filter(
        Q(agreement__ended_on__isnull=True) | Q(agreement__ended_on__gt=as_of),
        organization=OuterRef("pk"),
        agreement__kind__in=_sorted(DEEP_COOPERATION_AGREEMENT_KINDS),
        agreement__signed_on__lte=as_of,
    )
    return seen(Organization.objects.all(), user).filter(
        Exists(parties), kind__in=_sorted(INSTITUTION_KINDS), is_institute=False
    )


def achievements_market_or_clinical(
    as_of: datetime.date, user: Any = SYSTEM
) -> QuerySet[Achievement]:
    """Achievements that had reached clinical trial, registration or market by the date."""
    reached = seen(StageEntry.objects.all(), user).filter(
        achievement=OuterRef("pk"),
        stage__in=_sorted(MARKET_OR_CLINICAL_STAGES),
        reached_on__lte=as_of,
    )
    return seen(Achievement.objects.all(), user).filter(Exists(reached))


def financing_rounds_closed(as_of: datetime.date, user: Any = SYSTEM) -> QuerySet[FinancingRound]:
    """Rounds closed by the date, each with its amount in yuan cents (`amount_cny_cents`).

    The cents are an annotation, which no mask hides: a figure adds up only the rows whose
    amount the user is cleared for (the catalogue's `sums`), and a table shows them only beside a shown amount.
    """
    # Rounded to the cent per round, as `FinancingRound.amount_cny` does, and summed as whole
    # cents: exact on PostgreSQL and on SQLite alike, where decimals are stored as floats.
    cents = Cast(Round(F("amount") * F("cny_rate") * Value(100)), output_field=BigIntegerField())
    return (
        seen(FinancingRound.objects.all(), user)
        .filter(status=RoundStatus.CLOSED, closed_on__lte=as_of)
        .annotate(amount_cny_cents=cents)
    )


FIGURES: tuple[FigureDefinition, ...] = (
    FigureDefinition(
        key="organizations_served_local",
        version=1,
        label=_("Local organizations served"),
        definition=_(
            "Distinct enterprises, universities and research institutes in the institute's own "
            "city, other than the institute itself, that received at least one technical "
            "service delivered on or before the date."
        ),
        measure=Measure.ORGANIZATIONS,
        exact=False,
        rows=organizations_served_local,
        total=_count,
    ),
    FigureDefinition(
        key="cooperation_partners",
        version=1,
        label=_("Enterprises and hospitals in horizontal cooperation"),
        definition=_(
            "Distinct enterprises and hospitals, other than the institute itself, that are a "
            "party to a technical contract (development, transfer, licensing, consulting or "
            "service), a joint-center agreement or a framework agreement signed on or before "
            "the date."
        ),
        measure=Measure.ORGANIZATIONS,
        exact=True,
        rows=cooperation_partners,
        total=_count,
    ),
    FigureDefinition(
        key="technical_problems_solved",
        version=1,
        label=_("Technical problems solved"),
        definition=_("Technical needs solved on or before the date."),
        measure=Measure.ITEMS,
        exact=False,
        rows=technical_problems_solved,
        total=_count,
    ),
    FigureDefinition(
        key="institutions_cooperating",
        version=1,
        label=_("Institutions in in-depth cooperation"),
        definition=_(
            "Distinct universities, research institutes and hospitals at home and abroad, other "
            "than the institute itself, that are a party to a framework, joint-center, "
            "talent-training agreement or memorandum of understanding signed on or before the "
            "date and not ended by then."
        ),
        measure=Measure.ORGANIZATIONS,
        exact=False,
        rows=institutions_cooperating,
        total=_count,
    ),
    FigureDefinition(
        key="achievements_market_or_clinical",
        version=1,
        label=_("Achievements at market or clinical-trial stage"),
        definition=_(
            "Achievements that reached the clinical trial, registration or market stage on or "
            "before the date."
        ),
        measure=Measure.ITEMS,
        exact=False,
        rows=achievements_market_or_clinical,
        total=_count,
    ),
    FigureDefinition(
        key="financing_cumulative_cny",
        version=1,
        label=_("Cumulative financing"),
        definition=_(
            "Sum of the financing rounds closed on or before the date, each converted to yuan at "
            "its own rate and rounded to the cent."
        ),
        measure=Measure.YUAN,
        exact=False,
        rows=financing_rounds_closed,
        total=_yuan_total,
    ),
)

FIGURES_BY_KEY: dict[str, FigureDefinition] = {figure.key: figure for figure in FIGURES}
