"""Reads of the patent portfolio: a patent's fee schedule with what was paid, and the fee
calendar of every patent a user may see."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet

from liaison.core.lifecycle import today as local_today

from . import docket
from .choices import FeeKind, PatentStatus
from .models import FeePayment, OfficeAction, Patent

if TYPE_CHECKING:
    from liaison.centers.models import Center


class FeeState:
    """Where an annual fee stands on a day (the template's labels and colours key on these)."""

    PAID = "paid"
    DUE = "due"
    LATE = "late"
    UNPAID = "unpaid"  # its window closed: the patent lapsed with it
    AT_GRANT = "at_grant"  # the year of grant's, paid with the grant formalities, not recorded
    COMING = "coming"


@dataclass(frozen=True)
class FeeRow:
    fee: docket.AnnualFee
    payment: FeePayment | None
    state: str
    surcharge_now: Any  # Decimal | None: what paying today adds


def fee_schedule_of(patent: Patent, *, today: datetime.date | None = None) -> list[FeeRow]:
    """Each annual fee of a granted Chinese patent, with its payment or where it stands today."""
    today = today or local_today()
    paid = {p.fee_year: p for p in patent.payments.all() if p.kind == FeeKind.ANNUAL}
    rows = []
    for fee in docket.annual_fees(patent):
        payment = paid.get(fee.fee_year)
        band = None if payment else fee.band_on(today)
        if payment is not None:
            state = FeeState.PAID
        elif fee.at_grant:
            state = FeeState.AT_GRANT
        elif band is None:
            state = FeeState.UNPAID
        elif today > fee.due_on:
            state = FeeState.LATE
        elif (fee.due_on - today).days <= 90:
            state = FeeState.DUE
        else:
            state = FeeState.COMING
        rows.append(
            FeeRow(
                fee=fee,
                payment=payment,
                state=state,
                surcharge_now=band.amount if band and state == FeeState.LATE else None,
            )
        )
    return rows


def docket_patents() -> QuerySet[Patent]:
    """Patents still owing fees or answers, with what the docket reads of them prefetched."""
    return (
        Patent.objects.filter(status__in=(PatentStatus.PENDING, PatentStatus.GRANTED))
        .select_related("achievement__center")
        .prefetch_related(
            "owners",
            Prefetch(
                "payments",
                queryset=FeePayment.objects.filter(kind=FeeKind.ANNUAL).only(
                    "pk", "patent_id", "kind", "fee_year"
                ),
            ),
            Prefetch(
                "office_actions",
                queryset=OfficeAction.objects.filter(responded_on__isnull=True),
                to_attr="open_actions",
            ),
        )
        .order_by("pk")
    )


def open_items_of(
    patent: Patent, *, today: datetime.date, until: datetime.date | None = None
) -> list[docket.DocketItem]:
    """What `patent` (from `docket_patents`) still owes, due by `until`."""
    paid = {p.fee_year for p in patent.payments.all() if p.fee_year is not None}
    return docket.open_items(
        patent,
        today=today,
        paid_years=paid,
        open_actions=getattr(patent, "open_actions", ()),
        until=until,
    )


def month_bounds(month: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day of `month` ("2026-10"), or None if it is no month."""
    try:
        year, number = (int(part) for part in month.split("-"))
        first = datetime.date(year, number, 1)
    except ValueError:
        return None
    return first, first.replace(day=calendar.monthrange(year, number)[1])


def fee_calendar(
    *,
    user: Any,
    start: datetime.date,
    end: datetime.date,
    center: Center | None = None,
    today: datetime.date | None = None,
) -> list[docket.DocketItem]:
    """Every fee and deadline due from `start` to `end` across the patents `user` may see,
    and those already overdue and still open (flagged, with today's surcharge), by date."""
    today = today or local_today()
    patents = docket_patents().filter(pk__in=Patent.objects.restrict(user, "view").values("pk"))
    if center is not None:
        patents = patents.filter(achievement__center=center)
    items = [
        item
        for patent in patents
        for item in open_items_of(patent, today=today, until=end)
        if item.due_on >= start or item.overdue(today)
    ]
    return sorted(items, key=lambda item: (item.due_on, item.patent.pk, item.key))
