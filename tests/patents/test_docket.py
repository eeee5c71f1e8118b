"""The docket's rules on worked examples: fee years from the filing date, due dates moved to
working days, the late window and its surcharge bands, reductions, terms and deadlines."""

import datetime
from decimal import Decimal

import pytest

from liaison.patents import docket, rules
from liaison.patents.choices import OfficeActionKind, PatentKind
from liaison.patents.periods import add_months, next_working_day
from tests.organizations.factories import OrganizationFactory
from tests.patents.factories import granted_patent, make_patent

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_deadline_on_national_day_moves_to_the_first_working_day_after_the_holiday_week() -> None:
    # 1-7 October 2026 are days off; the 8th is the first working day.
    assert next_working_day(D(2026, 10, 1)) == D(2026, 10, 8)


def test_a_weekend_made_a_working_day_in_lieu_is_a_working_day() -> None:
    # Saturday 10 October 2026 is worked in lieu of a day of the National Day week.
    assert next_working_day(D(2026, 10, 10)) == D(2026, 10, 10)


def test_a_deadline_on_a_sunday_moves_to_monday() -> None:
    assert next_working_day(D(2020, 3, 15)) == D(2020, 3, 16)


def test_months_are_counted_to_the_same_day_or_the_months_last() -> None:
    assert add_months(D(2023, 8, 31), 6) == D(2024, 2, 29)
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)


def test_fee_years_are_counted_from_the_filing_date_not_the_grant() -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    assert docket.fee_year_on(patent, D(2017, 3, 15)) == 1
    assert docket.fee_year_on(patent, D(2018, 3, 14)) == 1
    assert docket.fee_year_on(patent, D(2018, 3, 15)) == 2
    # Granted in its third fee year (15 March 2019 to 14 March 2020).
    assert docket.grant_fee_year(patent) == 3


def test_the_year_of_grants_fee_is_due_at_grant_and_the_next_by_the_filing_anniversary() -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    fees = docket.annual_fees(patent)
    assert [f.fee_year for f in fees] == list(range(3, 21))
    assert fees[0].at_grant
    assert fees[0].due_on == D(2019, 11, 20)
    assert fees[0].late_until is None
    year4 = fees[1]
    assert year4.year_starts == D(2020, 3, 15)
    # 15 March 2020 is a Sunday: due on Monday the 16th.
    assert year4.due_on == D(2020, 3, 16)
    assert docket.annual_fee(patent, 7).due_on == D(2023, 3, 15)


def test_annual_fees_by_band_of_the_cnipa_schedule() -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    amounts = {f.fee_year: f.full_amount for f in docket.annual_fees(patent)}
    assert amounts[3] == 900
    assert amounts[4] == amounts[6] == 1200
    assert amounts[7] == amounts[9] == 2000
    assert amounts[10] == 4000
    assert amounts[13] == 6000
    assert amounts[20] == 8000


@pytest.mark.parametrize(
    ("paid_on", "month", "rate", "surcharge"),
    [
        (D(2023, 3, 15), 0, "0", "0"),  # on the due date
        (D(2023, 4, 10), 1, "0", "0"),  # the first month late: no surcharge
        (D(2023, 4, 20), 2, "0.05", "100"),
        (D(2023, 5, 20), 3, "0.10", "200"),
        (D(2023, 6, 20), 4, "0.15", "300"),
        (D(2023, 7, 20), 5, "0.20", "400"),
        (D(2023, 8, 20), 6, "0.25", "500"),
        (D(2023, 9, 15), 6, "0.25", "500"),  # the window's last day
    ],
)
def test_each_month_of_the_late_window_has_its_surcharge_of_the_full_fee(
    paid_on: datetime.date, month: int, rate: str, surcharge: str
) -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    fee = docket.annual_fee(patent, 7)  # 2,000 yuan, due Wednesday 15 March 2023
    band = fee.band_on(paid_on)
    assert band is not None
    assert (band.month, band.rate, band.amount) == (month, Decimal(rate), Decimal(surcharge))
    assert fee.due_amount_on(paid_on) == 2000 + Decimal(surcharge)


def test_the_late_window_closes_six_months_after_the_due_date() -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    fee = docket.annual_fee(patent, 7)
    assert fee.late_until == D(2023, 9, 15)
    assert fee.band_on(D(2023, 9, 18)) is None
    assert fee.due_amount_on(D(2023, 9, 18)) is None


def test_a_surcharge_band_ending_on_a_holiday_runs_to_the_next_working_day() -> None:
    # Year 11 of a patent filed 1 October 2016 is due on National Day 2026.
    patent = granted_patent(filed_on=D(2016, 10, 1), granted_on=D(2019, 5, 10))
    fee = docket.annual_fee(patent, 11)
    assert fee.year_starts == D(2026, 10, 1)
    assert fee.due_on == D(2026, 10, 8)
    band = fee.band_on(D(2026, 10, 8))
    assert band is not None
    assert band.month == 0


def test_one_qualifying_owner_pays_15_percent_of_the_first_six_years_from_grant() -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20), fee_reduction=True)
    fees = {f.fee_year: f for f in docket.annual_fees(patent)}
    assert fees[3].reduction == Decimal("0.85")
    assert fees[3].amount == Decimal("135.00")
    assert fees[8].amount == Decimal("300.00")  # 2,000 less 85 %: the sixth year from grant
    assert fees[9].reduction == 0
    assert fees[9].amount == 2000


def test_several_owners_together_pay_30_percent() -> None:
    owners = [OrganizationFactory.create(kind="university"), OrganizationFactory.create()]
    patent = granted_patent(
        filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20), fee_reduction=True, owners=owners
    )
    assert docket.annual_fee(patent, 4).amount == Decimal("360.00")  # 1,200 less 70 %


def test_the_surcharge_is_of_the_full_fee_when_the_fee_is_reduced() -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20), fee_reduction=True)
    fee = docket.annual_fee(patent, 7)
    assert fee.due_amount_on(D(2023, 4, 20)) == Decimal("300.00") + Decimal("100.00")


def test_the_reduction_in_force_is_chosen_by_the_fees_due_date() -> None:
    assert rules.fee_schedule(D(2016, 8, 31)).reduction_single == Decimal("0.70")
    assert rules.fee_schedule(D(2016, 9, 1)).reduction_single == Decimal("0.85")
    with pytest.raises(rules.NoRulesError):
        rules.fee_schedule(D(2000, 1, 1))


def test_the_examination_must_be_requested_within_three_years_of_the_priority_date() -> None:
    patent = make_patent(filed_on=D(2020, 6, 10), priority_on=D(2019, 8, 20))
    deadline = docket.examination_deadline(patent)
    assert deadline is not None
    # 20 August 2022 is a Saturday.
    assert deadline.due_on == D(2022, 8, 22)
    assert deadline.rule_version == "CN-deadlines-2010"


def test_without_a_priority_the_examination_deadline_runs_from_the_filing_date() -> None:
    patent = make_patent(filed_on=D(2021, 3, 3))
    deadline = docket.examination_deadline(patent)
    assert deadline is not None
    assert deadline.due_on == D(2024, 3, 4)  # the 3rd is a Sunday


def test_utility_models_are_not_examined() -> None:
    patent = make_patent(kind=PatentKind.UTILITY_MODEL)
    assert docket.examination_deadline(patent) is None


def test_an_answer_is_due_months_after_the_notice_is_presumed_received() -> None:
    # Presumed received 15 days after 1 September 2026; 4 months from 16 September is
    # Saturday 16 January 2027.
    deadline = docket.response_deadline(
        issued_on=D(2026, 9, 1),
        kind=OfficeActionKind.FIRST_OPINION,
        patent_kind=PatentKind.INVENTION,
    )
    assert deadline is not None
    assert deadline.due_on == D(2027, 1, 18)
    assert deadline.rule_version == "CN-deadlines-2024-01"
    utility = docket.response_deadline(
        issued_on=D(2026, 9, 1),
        kind=OfficeActionKind.FIRST_OPINION,
        patent_kind=PatentKind.UTILITY_MODEL,
    )
    assert utility is not None
    assert utility.due_on == D(2026, 11, 16)


@pytest.mark.parametrize(
    ("kind", "filed_on", "expires_on"),
    [
        (PatentKind.INVENTION, D(2003, 5, 20), D(2023, 5, 19)),
        (PatentKind.UTILITY_MODEL, D(2018, 7, 2), D(2028, 7, 1)),
        (PatentKind.DESIGN, D(2021, 5, 31), D(2031, 5, 30)),
        (PatentKind.DESIGN, D(2021, 6, 1), D(2036, 5, 31)),
    ],
)
def test_a_patents_term_runs_from_its_filing_date(
    kind: PatentKind, filed_on: datetime.date, expires_on: datetime.date
) -> None:
    patent = make_patent(kind=kind, filed_on=filed_on)
    assert patent.expires_on == expires_on


def test_a_design_filed_from_june_2021_pays_fifteen_years() -> None:
    patent = granted_patent(
        kind=PatentKind.DESIGN, filed_on=D(2021, 6, 1), granted_on=D(2022, 1, 5)
    )
    fees = docket.annual_fees(patent)
    assert fees[-1].fee_year == 15
    assert fees[-1].full_amount == 3000


def test_an_unpaid_fee_past_its_window_lapses_the_patent_as_of_its_due_date() -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    paid = {3}
    assert docket.first_lapsing_fee(patent, today=D(2020, 9, 15), paid_years=paid) is None
    fee = docket.first_lapsing_fee(patent, today=D(2020, 9, 16), paid_years=paid)
    assert fee is not None
    assert fee.fee_year == 4
    assert fee.year_starts == D(2020, 3, 15)
    assert docket.first_lapsing_fee(patent, today=D(2020, 9, 16), paid_years={3, 4}) is None


def test_the_docket_lists_fees_and_deadlines_still_open() -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    items = docket.open_items(patent, today=D(2023, 4, 20), paid_years={3, 4, 5, 6})
    assert [i.key for i in items] == ["annual-7", "annual-8"]
    overdue = items[0]
    assert overdue.overdue(D(2023, 4, 20))
    assert overdue.surcharge == 100
    assert overdue.amount == 2100
    assert not overdue.lapses(D(2023, 4, 20))
