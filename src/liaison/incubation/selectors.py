"""Reads of incubated companies: what an incubation center's page shows of them.

Each count comes with the address of the list that shows exactly the records it counts.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, DecimalField, F, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.centers.choices import CenterKind
from liaison.centers.models import Center
from liaison.core import permissions
from liaison.financing.choices import RoundStatus
from liaison.financing.models import FinancingRound
from liaison.needs.models import ServiceRecord

from .choices import IN_INCUBATOR_STATUSES, IncubationStatus
from .models import Incubation

# The companies in the incubator the center's page lists; its list of stays has them all.
COMPANIES_SHOWN = 10


@dataclasses.dataclass(frozen=True)
class Figure:
    label: str
    count: int
    url: str


@dataclasses.dataclass(frozen=True)
class IncubatorSummary:
    """An incubation center's companies, funnel, financing raised and services received."""

    by_status: list[Figure]
    funnel: list[Figure]
    companies: list[Incubation]
    financing_cny: Decimal
    financing_rounds: int
    financing_hidden: int
    financing_url: str
    services: int
    services_url: str


def _url(name: str, **query: Any) -> str:
    return f"{reverse(name)}?{urlencode(query, doseq=True)}"


def incubations_at(*, center: Center, user: Any) -> QuerySet[Incubation]:
    """The stays at `center` the user may see."""
    return Incubation.objects.restrict(user, "view").filter(center=center)


def financing_of_companies(*, center: Center, user: Any) -> QuerySet[FinancingRound]:
    """The financing rounds the companies `center` admitted closed on or after their admission
    (while incubated or after they left), as the catalogue's figure counts them."""
    return (
        FinancingRound.objects.restrict(user, "view")
        .filter(
            status=RoundStatus.CLOSED,
            venture__incubations__center=center,
            venture__incubations__admitted_on__lte=F("closed_on"),
        )
        .distinct()
    )


def services_to_companies(*, center: Center, user: Any) -> QuerySet[ServiceRecord]:
    """The services the institute delivered to the companies `center` admitted, on or after
    their admission."""
    return (
        ServiceRecord.objects.restrict(user, "view")
        .filter(
            organization__incubations__center=center,
            organization__incubations__admitted_on__lte=F("delivered_on"),
        )
        .distinct()
    )


def incubator_summary(*, center: Center, user: Any) -> IncubatorSummary | None:
    """What an incubation center's page shows of its companies; None for any other center."""
    if center.kind != CenterKind.INCUBATION:
        return None
    stays = incubations_at(center=center, user=user)
    list_name = "incubation:incubation_list"
    counts = dict(stays.values_list("status").annotate(n=Count("pk")).order_by())
    by_status = [
        Figure(str(label), counts.get(value, 0), _url(list_name, center=center.pk, status=value))
        for value, label in IncubationStatus.choices
    ]
    # Each stage of the funnel counts the stays that reached it, whatever happened after.
    funnel = [
        Figure(_("Admitted"), sum(counts.values()), _url(list_name, center=center.pk)),
        Figure(
            _("Started incubating"),
            stays.filter(incubating_since__isnull=False).count(),
            _url(list_name, center=center.pk, started="true"),
        ),
        Figure(
            _("Graduated"),
            counts.get(IncubationStatus.GRADUATED, 0),
            _url(list_name, center=center.pk, status=IncubationStatus.GRADUATED),
        ),
    ]
    companies = list(
        stays.filter(status__in=IN_INCUBATOR_STATUSES)
        .select_related("organization")
        .order_by("-admitted_on", "-pk")[:COMPANIES_SHOWN]
    )
    rounds = financing_of_companies(center=center, user=user)
    # Only the amounts the user is cleared for are added up; the page says how many not.
    cleared = FinancingRound.objects.filter(pk__in=permissions.cleared(rounds, user, "amount"))
    raised = cleared.aggregate(
        total=Sum(F("amount") * F("cny_rate"), output_field=DecimalField(decimal_places=2)),
        n=Count("pk"),
    )
    return IncubatorSummary(
        by_status=by_status,
        funnel=funnel,
        companies=companies,
        financing_cny=raised["total"] or Decimal(0),
        financing_rounds=raised["n"],
        financing_hidden=permissions.hidden_count(rounds, user, "amount"),
        financing_url=_url(
            "financing:financinground_list", incubator=center.pk, status=RoundStatus.CLOSED
        ),
        services=services_to_companies(center=center, user=user).count(),
        services_url=_url("needs:servicerecord_list", incubator=center.pk),
    )
