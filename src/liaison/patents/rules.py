"""The patent office's fees and time limits, as versioned data.

Each set of rules is a frozen record with the date it took effect and where it comes from;
the docket (`liaison.patents.docket`) picks the version in force on the date that matters
(a fee's due date, a patent's filing date, a notice's date) and records which it used, so a
payment recorded today still says which table it was checked against when the table changes.
A change of the rules is a new version appended here, never an edit of an old one.

What is marked UNVERIFIED was not checked against the official text while writing this;
check it before relying on it, as `shared/research/transfer-and-market.md` says.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from liaison.organizations.choices import OrganizationKind

from .choices import OfficeActionKind, PatentKind

INVENTION, UTILITY_MODEL, DESIGN = PatentKind.INVENTION, PatentKind.UTILITY_MODEL, PatentKind.DESIGN


@dataclass(frozen=True)
class FeeBand:
    """The annual fee of the fee years `first` to `last` (both included)."""

    first: int
    last: int
    amount: Decimal


@dataclass(frozen=True)
class FeeSchedule:
    """CNIPA's fees, their reduction (费减) and the late payment of annual fees."""

    version: str
    effective_from: datetime.date
    source: str
    annual: Mapping[str, Sequence[FeeBand]]  # by patent kind
    application: Mapping[str, Decimal]  # by patent kind
    examination: Decimal  # substantive examination of an invention application
    # 费减: the share of a fee taken off, for one owner and for several owners together.
    reduction_single: Decimal
    reduction_joint: Decimal
    # The annual fees reduced: this many fee years, starting with the year of grant.
    reduced_annual_years: int
    # Owners who may be granted a reduction, by the kind of organization.
    reduction_owner_kinds: frozenset[str]
    # An annual fee not paid by its due date may still be paid within this many months…
    late_months: int
    # …with a surcharge of these shares of the FULL (unreduced) annual fee, by the month of
    # the late window in which it is paid: the first month none.
    surcharge_rates: Sequence[Decimal]

    def annual_fee(self, kind: str, fee_year: int) -> Decimal | None:
        """The full annual fee of `fee_year` for a patent of `kind`; None past the bands."""
        for band in self.annual.get(kind, ()):
            if band.first <= fee_year <= band.last:
                return band.amount
        return None


@dataclass(frozen=True)
class DeadlineRules:
    """The time limits of the Patent Law, its Implementing Regulations and the Guidelines."""

    version: str
    effective_from: datetime.date
    source: str
    # Art. 35: an invention application's substantive examination is requested within this
    # many years of its filing date (or its earliest priority date).
    examination_request_years: int
    # A notice is presumed received on this day after it was issued; terms run from then.
    presumed_receipt_days: int
    # The term of an answer, in months from the presumed receipt, by kind of notice and kind
    # of patent; None: the notice itself sets it.
    response_months: Mapping[str, Mapping[str, int | None]]
    # PCT Rule 103: an international application enters China within this many months of
    # its priority (or filing) date.
    national_phase_months: int


@dataclass(frozen=True)
class TermRules:
    """How long a patent lasts, in years from its filing date, for filings from a date."""

    version: str
    effective_from: datetime.date  # of the filing date
    source: str
    years: Mapping[str, int]


CN = "CN"

_INVENTION_BANDS = (
    FeeBand(1, 3, Decimal(900)),
    FeeBand(4, 6, Decimal(1200)),
    FeeBand(7, 9, Decimal(2000)),
    FeeBand(10, 12, Decimal(4000)),
    FeeBand(13, 15, Decimal(6000)),
    FeeBand(16, 20, Decimal(8000)),
)
_SHORT_BANDS = (
    FeeBand(1, 3, Decimal(600)),
    FeeBand(4, 5, Decimal(900)),
    FeeBand(6, 8, Decimal(1200)),
    FeeBand(9, 10, Decimal(2000)),
)
_APPLICATION: dict[str, Decimal] = {
    INVENTION: Decimal(900),
    UTILITY_MODEL: Decimal(500),
    DESIGN: Decimal(500),
}
_SURCHARGES = tuple(Decimal(p) / 100 for p in (0, 5, 10, 15, 20, 25))
# 2016 measures, art. 3: individuals and enterprises under an income ceiling (which CNIPA
# checks, not Liaison), public institutions (事业单位: universities, institutes, public
# hospitals), social organizations and non-profit research bodies. Not government bodies.
_REDUCTION_OWNERS = frozenset(
    {
        OrganizationKind.UNIVERSITY,
        OrganizationKind.RESEARCH_INSTITUTE,
        OrganizationKind.HOSPITAL,
        OrganizationKind.ENTERPRISE,
        OrganizationKind.SERVICE_PROVIDER,
        OrganizationKind.INVESTOR,
        OrganizationKind.ASSOCIATION,
    }
)

FEE_SCHEDULES: tuple[FeeSchedule, ...] = (
    FeeSchedule(
        version="CN-fees-2006",
        # UNVERIFIED: the effective date and the reduced years of the 2006 measures
        # (专利费用减缓办法); the research file's "85 % for individuals, 70 % for units" is
        # this regime. Owners here are organizations (units): 70 %.
        effective_from=datetime.date(2006, 10, 1),
        source="专利费用减缓办法 (2006); annual fees and surcharges: CNIPA fee table, "
        "Implementing Regulations r. 98 (2010)",
        annual={INVENTION: _INVENTION_BANDS, UTILITY_MODEL: _SHORT_BANDS, DESIGN: _SHORT_BANDS},
        application=_APPLICATION,
        examination=Decimal(2500),
        reduction_single=Decimal("0.70"),
        reduction_joint=Decimal("0.70"),
        reduced_annual_years=3,
        reduction_owner_kinds=_REDUCTION_OWNERS,
        late_months=6,
        surcharge_rates=_SURCHARGES,
    ),
    FeeSchedule(
        version="CN-fees-2016-09",
        effective_from=datetime.date(2016, 9, 1),
        # 财税〔2016〕78号 专利收费减缴办法, art. 4-5: 85 % for one owner who qualifies, 70 %
        # for two or more together, on the application fee, the examination fee and the
        # annual fees of six years from the year of grant (the research file's "85 %
        # individuals, 70 % units" is the 2006 regime's wording; this is the 2016 text as
        # remembered: UNVERIFIED against the gazette). Late payment: Implementing
        # Regulations r. 98 (2010): 5 % of the full annual fee per month late after the
        # first month, up to six months.
        source="财税〔2016〕78号 专利收费减缴办法 art. 4-5; Implementing Regulations r. 98",
        annual={INVENTION: _INVENTION_BANDS, UTILITY_MODEL: _SHORT_BANDS, DESIGN: _SHORT_BANDS},
        application=_APPLICATION,
        examination=Decimal(2500),
        reduction_single=Decimal("0.85"),
        reduction_joint=Decimal("0.70"),
        reduced_annual_years=6,
        reduction_owner_kinds=_REDUCTION_OWNERS,
        late_months=6,
        surcharge_rates=_SURCHARGES,
    ),
    FeeSchedule(
        version="CN-fees-2021-06",
        effective_from=datetime.date(2021, 6, 1),
        # Designs filed from 2021-06-01 last 15 years; their fee years 11 to 15.
        # UNVERIFIED: the amount of 3,000 yuan for design fee years 11-15.
        source="Patent Law (2020 amendment) art. 42; CNIPA fee table for design years 11-15",
        annual={
            INVENTION: _INVENTION_BANDS,
            UTILITY_MODEL: _SHORT_BANDS,
            DESIGN: (*_SHORT_BANDS, FeeBand(11, 15, Decimal(3000))),
        },
        application=_APPLICATION,
        examination=Decimal(2500),
        reduction_single=Decimal("0.85"),
        reduction_joint=Decimal("0.70"),
        reduced_annual_years=6,
        reduction_owner_kinds=_REDUCTION_OWNERS,
        late_months=6,
        surcharge_rates=_SURCHARGES,
    ),
)

_RESPONSES: dict[str, dict[str, int | None]] = {
    # Guidelines part II ch. 8: a first opinion on an invention 4 months, later ones 2; the
    # preliminary examination of utility models and designs 2 months.
    OfficeActionKind.FIRST_OPINION: {INVENTION: 4, UTILITY_MODEL: 2, DESIGN: 2},
    OfficeActionKind.FURTHER_OPINION: {INVENTION: 2, UTILITY_MODEL: 2, DESIGN: 2},
    OfficeActionKind.CORRECTION: {INVENTION: 2, UTILITY_MODEL: 2, DESIGN: 2},
    # Art. 41: a request for reexamination within 3 months of receiving the rejection.
    OfficeActionKind.REJECTION: {INVENTION: 3, UTILITY_MODEL: 3, DESIGN: 3},
    OfficeActionKind.OTHER: {INVENTION: None, UTILITY_MODEL: None, DESIGN: None},
}

DEADLINE_RULES: tuple[DeadlineRules, ...] = (
    DeadlineRules(
        version="CN-deadlines-2010",
        effective_from=datetime.date(2010, 2, 1),
        source="Patent Law art. 35, 41; Implementing Regulations (2010) r. 4; Patent "
        "Examination Guidelines part II ch. 8; PCT r. 103 of the Implementing Regulations",
        examination_request_years=3,
        presumed_receipt_days=15,
        response_months=_RESPONSES,
        national_phase_months=30,
    ),
    DeadlineRules(
        version="CN-deadlines-2024-01",
        # The 2023 revision of the Implementing Regulations (in force 2024-01-20) presumes an
        # electronic notice received 15 days after it was sent, as a posted one (UNVERIFIED
        # wording of art. 4); the terms are unchanged.
        effective_from=datetime.date(2024, 1, 20),
        source="Patent Law art. 35, 41; Implementing Regulations (2023) art. 4; Patent "
        "Examination Guidelines part II ch. 8",
        examination_request_years=3,
        presumed_receipt_days=15,
        response_months=_RESPONSES,
        national_phase_months=30,
    ),
)

TERM_RULES: tuple[TermRules, ...] = (
    TermRules(
        version="CN-terms-1993",
        effective_from=datetime.date(1993, 1, 1),
        source="Patent Law (1992 amendment) art. 42",
        years={INVENTION: 20, UTILITY_MODEL: 10, DESIGN: 10},
    ),
    TermRules(
        version="CN-terms-2021-06",
        effective_from=datetime.date(2021, 6, 1),
        source="Patent Law (2020 amendment) art. 42: designs filed from 2021-06-01 last 15 years",
        years={INVENTION: 20, UTILITY_MODEL: 10, DESIGN: 15},
    ),
)
# Abroad only an invention's term is the same everywhere Liaison's offices file (TRIPS art. 33:
# at least 20 years from filing); utility models and designs vary by country and are not
# computed.
FOREIGN_TERMS = TermRules(
    version="TRIPS-33",
    effective_from=datetime.date(1995, 1, 1),
    source="TRIPS art. 33",
    years={INVENTION: 20},
)


class NoRulesError(LookupError):
    """No version of the rules was in force on the date asked about."""


_R = TypeVar("_R", FeeSchedule, DeadlineRules, TermRules)


def _in_force(versions: Sequence[_R], on: datetime.date) -> _R:
    chosen = [v for v in versions if v.effective_from <= on]
    if not chosen:
        raise NoRulesError(f"no rules in force on {on.isoformat()}")
    return max(chosen, key=lambda v: v.effective_from)


def fee_schedule(on: datetime.date) -> FeeSchedule:
    """CNIPA's fee schedule in force on `on` (a fee's due date)."""
    return _in_force(FEE_SCHEDULES, on)


def deadline_rules(on: datetime.date) -> DeadlineRules:
    """The time limits in force on `on` (the date a term starts)."""
    return _in_force(DEADLINE_RULES, on)


def term_rules(filed_on: datetime.date) -> TermRules:
    """The patent terms that apply to a filing of `filed_on`."""
    return _in_force(TERM_RULES, filed_on)


def versions() -> dict[str, str]:
    """Every version of the rules, with its source: what a recorded `rule_version` names."""
    every: list[FeeSchedule | DeadlineRules | TermRules] = [
        *FEE_SCHEDULES,
        *DEADLINE_RULES,
        *TERM_RULES,
        FOREIGN_TERMS,
    ]
    return {v.version: f"{v.effective_from.isoformat()}: {v.source}" for v in every}
