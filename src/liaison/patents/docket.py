"""The docket: a patent's fees and deadlines, computed from its dates and the rules.

Pure computations: nothing here reads the database beyond the patent's own fields, its owners
(for the fee reduction) and what the caller passes (the fee years paid, the open office
actions); nothing writes. Services check payments against it, pages and the fee calendar show
it, the reminders and the `liaison docket` command act on it.

Annual fees (Patent Law art. 43-44; Implementing Regulations r. 97-98 of 2010):
- fee year n of a patent runs from the (n-1)th anniversary of its FILING date to the day before
  the nth, whenever it was granted;
- the fee of the year in which the patent is granted is paid with the grant formalities, at
  grant: the docket shows it due on the grant date;
- the fee of each later year n is due by the anniversary that starts it (filing date + n-1
  years); if unpaid it may be paid within six months after, with a surcharge of 5 % of the full
  annual fee for each month late after the first;
- a fee still unpaid when that window closes ends the patent: it lapses as of the due date
  (the end of the last year paid for). Restoration (a request within two months of CNIPA's
  notice) is not recorded in Liaison.
A deadline that falls on a public holiday or a weekend moves to the next working day
(`periods.next_working_day`); the surcharge's monthly bands end on the same days of the
following months, each moved likewise.
Only Chinese patents' fees are computed; foreign ones are paid through their agents.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from liaison.core.money import CENT

from . import rules
from .choices import FeeKind, Jurisdiction, PatentKind, PatentStatus
from .periods import add_months, add_years, next_working_day

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from .models import OfficeAction, Patent


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# Fee years -------------------------------------------------------------------------------


def fee_year_start(patent: Patent, fee_year: int) -> datetime.date:
    """The day fee year `fee_year` of `patent` begins: the filing date's anniversary."""
    return add_years(patent.filed_on, fee_year - 1)


def fee_year_on(patent: Patent, day: datetime.date) -> int:
    """The fee year of `patent` that `day` falls in (1 from the filing date)."""
    year = max(1, day.year - patent.filed_on.year + 1)
    while year > 1 and fee_year_start(patent, year) > day:
        year -= 1
    while fee_year_start(patent, year + 1) <= day:
        year += 1
    return year


def term_years(patent: Patent) -> int | None:
    """How many years `patent` lasts from its filing date, by the rules for its filing."""
    terms = rules.term_rules(patent.filed_on) if is_cn(patent) else rules.FOREIGN_TERMS
    return terms.years.get(patent.kind)


def expiry(patent: Patent) -> datetime.date | None:
    """The last day of `patent`'s term: the day before the anniversary that ends it
    (an invention filed 2003-05-20 is protected until 2023-05-19). Not moved to a working day:
    it ends a right, it is no time limit for an act."""
    years = term_years(patent)
    if years is None or patent.filed_on is None:
        return None
    return add_years(patent.filed_on, years) - datetime.timedelta(days=1)


def is_cn(patent: Patent) -> bool:
    return bool(patent.jurisdiction == Jurisdiction.CN)


# The fee reduction (费减) ----------------------------------------------------------------


def reduction_rate(
    patent: Patent, schedule: rules.FeeSchedule, owner_count: int | None = None
) -> Decimal:
    """The share taken off `patent`'s reducible fees: none unless CNIPA approved a reduction;
    then the schedule's rate for one owner or for several."""
    if not patent.fee_reduction:
        return Decimal(0)
    if owner_count is None:
        owner_count = len(patent.owners.all()) if patent.pk else 0
    return schedule.reduction_single if owner_count <= 1 else schedule.reduction_joint


def reduction_refusals(owner_kinds: Iterable[str], on: datetime.date) -> list[str]:
    """The kinds among `owner_kinds` that the rules in force on `on` grant no reduction to."""
    schedule = rules.fee_schedule(on)
    return sorted({k for k in owner_kinds if k not in schedule.reduction_owner_kinds})


# Annual fees -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SurchargeBand:
    """The surcharge of a fee paid in month `month` of its late window (0: on time)."""

    month: int
    rate: Decimal
    ends_on: datetime.date  # the last day a payment falls in this band
    amount: Decimal


@dataclass(frozen=True)
class AnnualFee:
    """The annual fee of one fee year of a patent, as the rules set it."""

    fee_year: int
    year_starts: datetime.date
    at_grant: bool  # the year of grant: paid with the grant formalities
    due_on: datetime.date  # moved to a working day
    late_until: datetime.date | None  # the last day of the late window (None: at grant)
    full_amount: Decimal
    reduction: Decimal
    amount: Decimal  # after the reduction
    bands: tuple[SurchargeBand, ...]
    rule_version: str

    def band_on(self, paid_on: datetime.date) -> SurchargeBand | None:
        """The surcharge band a payment on `paid_on` falls in; None once the window closed."""
        for band in self.bands:
            if paid_on <= band.ends_on:
                return band
        return None

    def due_amount_on(self, paid_on: datetime.date) -> Decimal | None:
        """What a payment on `paid_on` must be, surcharge included; None past the window."""
        band = self.band_on(paid_on)
        return None if band is None else self.amount + band.amount


def grant_fee_year(patent: Patent) -> int | None:
    """The fee year of the grant: its fee is paid at grant, the following ones by anniversary.

    The grant's date here is the date recorded at grant; CNIPA counts the year in which it
    sends the notice to complete the grant formalities, a few weeks before."""
    if patent.granted_on is None:
        return None
    return fee_year_on(patent, patent.granted_on)


def annual_fee(patent: Patent, fee_year: int, *, owner_count: int | None = None) -> AnnualFee:
    """The annual fee of `fee_year` of a granted Chinese patent, with its dates and bands."""
    if not is_cn(patent):
        raise ValueError("annual fees are computed for Chinese patents only")
    first = grant_fee_year(patent)
    if first is None:
        raise ValueError("a patent pays annual fees once it is granted")
    if fee_year < first:
        raise ValueError(f"fee year {fee_year} is before the year of grant ({first})")
    last = term_years(patent)
    if last is not None and fee_year > last:
        raise ValueError(f"fee year {fee_year} is after the patent's term ({last} years)")
    starts = fee_year_start(patent, fee_year)
    at_grant = fee_year == first
    assert patent.granted_on is not None
    nominal_due = patent.granted_on if at_grant else starts
    schedule = rules.fee_schedule(nominal_due)
    full = schedule.annual_fee(patent.kind, fee_year)
    if full is None:
        raise ValueError(f"the {schedule.version} schedule has no fee for year {fee_year}")
    reduction = (
        reduction_rate(patent, schedule, owner_count)
        if fee_year < first + schedule.reduced_annual_years
        else Decimal(0)
    )
    amount = _money(full * (1 - reduction))
    due_on = next_working_day(nominal_due)
    bands: tuple[SurchargeBand, ...]
    if at_grant:
        # Paid with the grant formalities: no late window of its own.
        bands = (SurchargeBand(0, Decimal(0), due_on, Decimal(0)),)
        late_until = None
    else:
        bands = tuple(
            SurchargeBand(
                month=month,
                rate=rate,
                ends_on=next_working_day(add_months(nominal_due, month)) if month else due_on,
                amount=_money(full * rate),
            )
            for month, rate in enumerate(
                (Decimal(0), *schedule.surcharge_rates[: schedule.late_months])
            )
        )
        late_until = bands[-1].ends_on
    return AnnualFee(
        fee_year=fee_year,
        year_starts=starts,
        at_grant=at_grant,
        due_on=due_on,
        late_until=late_until,
        full_amount=full,
        reduction=reduction,
        amount=amount,
        bands=bands,
        rule_version=schedule.version,
    )


def annual_fees(patent: Patent, *, owner_count: int | None = None) -> list[AnnualFee]:
    """Every annual fee of a granted Chinese patent, from the year of grant to its term's end."""
    return list(iter_annual_fees(patent, owner_count=owner_count))


def iter_annual_fees(
    patent: Patent, *, owner_count: int | None = None, skip: Collection[int] = ()
) -> Iterator[AnnualFee]:
    """The annual fees of a granted Chinese patent in order, but for the fee years in `skip`,
    each computed when it is read: a docket reads up to its window's end, not twenty years
    of fees with their surcharge bands."""
    first = grant_fee_year(patent)
    last = term_years(patent)
    if not is_cn(patent) or first is None or last is None:
        return
    if owner_count is None and patent.fee_reduction:
        owner_count = len(patent.owners.all())
    for n in range(first, last + 1):
        if n not in skip:
            yield annual_fee(patent, n, owner_count=owner_count)


# Other fees ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fee:
    """A one-off fee (application, examination) as the rules set it."""

    kind: str
    due_on: datetime.date | None
    full_amount: Decimal
    reduction: Decimal
    amount: Decimal
    rule_version: str


def one_off_fee(patent: Patent, kind: str, *, on: datetime.date) -> Fee | None:
    """The application or examination fee of a Chinese patent, for a payment on `on`."""
    if not is_cn(patent):
        return None
    schedule = rules.fee_schedule(on)
    if kind == FeeKind.APPLICATION:
        full: Decimal | None = schedule.application.get(patent.kind)
        due_on: datetime.date | None = patent.filed_on
    elif kind == FeeKind.EXAMINATION and patent.kind == PatentKind.INVENTION:
        full = schedule.examination
        deadline = examination_deadline(patent)
        due_on = deadline.due_on if deadline else None
    else:
        return None
    if full is None:
        return None
    reduction = reduction_rate(patent, schedule)
    return Fee(
        kind=kind,
        due_on=due_on,
        full_amount=full,
        reduction=reduction,
        amount=_money(full * (1 - reduction)),
        rule_version=schedule.version,
    )


# Deadlines -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    due_on: datetime.date
    rule_version: str


def examination_deadline(patent: Patent) -> Deadline | None:
    """The last day to request the substantive examination of a Chinese invention application:
    three years from its filing date or, if it claims one, its priority date."""
    if not is_cn(patent) or patent.kind != PatentKind.INVENTION or patent.filed_on is None:
        return None
    start = patent.priority_on or patent.filed_on
    deadline_rules = rules.deadline_rules(start)
    nominal = add_years(start, deadline_rules.examination_request_years)
    return Deadline(next_working_day(nominal), deadline_rules.version)


def national_phase_deadline(patent: Patent) -> Deadline | None:
    """The last day for an international (PCT) application to enter the Chinese national
    phase: 30 months from its priority (or filing) date."""
    if patent.jurisdiction != Jurisdiction.PCT or patent.filed_on is None:
        return None
    start = patent.priority_on or patent.filed_on
    deadline_rules = rules.deadline_rules(start)
    nominal = add_months(start, deadline_rules.national_phase_months)
    return Deadline(next_working_day(nominal), deadline_rules.version)


def response_deadline(
    *,
    issued_on: datetime.date,
    kind: str,
    patent_kind: str,
    term_months: int | None = None,
) -> Deadline | None:
    """The last day to answer a notice issued on `issued_on`: the notice is presumed received
    15 days after it was issued, and its term runs from then; None when neither the notice
    (`term_months`) nor the rules set a term."""
    deadline_rules = rules.deadline_rules(issued_on)
    months = term_months or deadline_rules.response_months.get(kind, {}).get(patent_kind)
    if not months:
        return None
    received = issued_on + datetime.timedelta(days=deadline_rules.presumed_receipt_days)
    return Deadline(next_working_day(add_months(received, months)), deadline_rules.version)


# The docket of a patent -------------------------------------------------------------------


@dataclass(frozen=True)
class DocketItem:
    """One fee or deadline of a patent that is still open."""

    patent: Patent
    key: str  # "annual-7", "examination", "office-action-12", "national-phase"
    label: StrOrPromise
    due_on: datetime.date
    late_until: datetime.date | None = None  # an annual fee's late window
    amount: Decimal | None = None  # what is due today (surcharge included), in yuan
    surcharge: Decimal | None = None
    fee_year: int | None = None
    office_action: OfficeAction | None = None
    rule_version: str = ""

    def overdue(self, today: datetime.date) -> bool:
        return today > self.due_on

    def lapses(self, today: datetime.date) -> bool:
        """Whether the late window closed with the fee unpaid: the patent has lapsed."""
        return self.late_until is not None and today > self.late_until


def open_items(
    patent: Patent,
    *,
    today: datetime.date,
    paid_years: Collection[int],
    open_actions: Iterable[OfficeAction] = (),
    until: datetime.date | None = None,
) -> list[DocketItem]:
    """What `patent` still owes: fees unpaid and deadlines not met, due by `until` (or every
    one already due and the next annual fee when `until` is None), oldest first.

    `paid_years` are the fee years whose annual fee is recorded; `open_actions` the office
    actions not answered yet.
    """
    items: list[DocketItem] = []
    if patent.status not in (PatentStatus.PENDING, PatentStatus.GRANTED):
        return items
    if patent.status == PatentStatus.PENDING:
        exam = examination_deadline(patent)
        if exam and patent.examination_requested_on is None:
            items.append(
                DocketItem(
                    patent=patent,
                    key="examination",
                    label=_("Request substantive examination"),
                    due_on=exam.due_on,
                    rule_version=exam.rule_version,
                )
            )
        phase = national_phase_deadline(patent)
        if phase:
            items.append(
                DocketItem(
                    patent=patent,
                    key="national-phase",
                    label=_("Enter the national phase"),
                    due_on=phase.due_on,
                    rule_version=phase.rule_version,
                )
            )
    for action in open_actions:
        if action.response_due_on is None or action.responded_on is not None:
            continue
        items.append(
            DocketItem(
                patent=patent,
                key=f"office-action-{action.pk}",
                label=_("Answer: %(notice)s") % {"notice": action.get_kind_display()},
                due_on=action.response_due_on,
                office_action=action,
                rule_version=action.rule_version,
            )
        )
    if patent.status == PatentStatus.GRANTED:
        next_shown = False
        for fee in iter_annual_fees(patent, skip=paid_years):
            # The year of grant's fee is paid with the grant formalities, before the grant
            # is recorded: never an open item.
            if fee.at_grant:
                continue
            if until is not None and fee.due_on > until:
                break
            if until is None and fee.due_on > today:
                if next_shown:
                    break
                next_shown = True
            band = fee.band_on(today)
            items.append(
                DocketItem(
                    patent=patent,
                    key=f"annual-{fee.fee_year}",
                    label=_("Annual fee, year %(year)s") % {"year": fee.fee_year},
                    due_on=fee.due_on,
                    late_until=fee.late_until,
                    amount=fee.amount + band.amount if band else fee.amount,
                    surcharge=band.amount if band else None,
                    fee_year=fee.fee_year,
                    rule_version=fee.rule_version,
                )
            )
    if until is not None:
        items = [item for item in items if item.due_on <= until]
    return sorted(items, key=lambda item: item.due_on)


def first_lapsing_fee(
    patent: Patent, *, today: datetime.date, paid_years: Collection[int]
) -> AnnualFee | None:
    """The earliest annual fee of a granted patent left unpaid past its late window, if any:
    the patent has lapsed with it."""
    if patent.status != PatentStatus.GRANTED:
        return None
    for fee in iter_annual_fees(patent, skip=paid_years):
        if fee.late_until is None:
            continue
        if today > fee.late_until:
            return fee
        break
    return None
