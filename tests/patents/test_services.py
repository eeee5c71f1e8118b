"""The patents' services: each rule on a worked example, refused with its reason under the
field it concerns."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from liaison.patents.choices import FeeKind, OfficeActionKind, PatentKind, PatentStatus
from liaison.patents.models import Patent
from liaison.patents.services import (
    fee_payment_delete,
    lapse_and_expire_due,
    office_action_respond,
    patent_abandon,
    patent_delete,
    patent_expire,
    patent_grant,
    patent_lapse,
    patent_record_office_action,
    patent_record_publication,
    patent_request_examination,
    patent_update,
    patent_withdraw,
)
from tests.organizations.factories import OrganizationFactory
from tests.patents.factories import (
    cn_number,
    granted_patent,
    make_patent,
    office_action,
    pay,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def codes(error: ValidationError, field: str = "__all__") -> list[str | None]:
    return [e.code for e in error.error_dict.get(field, [])] if hasattr(error, "error_dict") else []


# Patents ----------------------------------------------------------------------------------


def test_a_patent_is_stored_with_its_number_normalized_and_its_term() -> None:
    patent = make_patent(
        filed_on=D(2017, 7, 21), application_number="ＺＬ２０１７１０６０１８６２．３"
    )
    assert patent.application_number == "201710601862.3"
    assert patent.expires_on == D(2037, 7, 20)
    assert patent.status == PatentStatus.PENDING


def test_a_wrong_check_character_is_refused_under_the_number_naming_the_expected_one() -> None:
    with pytest.raises(ValidationError) as caught:
        make_patent(filed_on=D(2017, 7, 21), application_number="201710601862.5")
    assert codes(caught.value, "application_number") == ["cn_number_checksum"]
    assert "should be 3" in caught.value.message_dict["application_number"][0]


def test_a_utility_model_number_on_an_invention_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        make_patent(
            kind=PatentKind.INVENTION,
            application_number=cn_number(2017, PatentKind.UTILITY_MODEL),
        )
    assert codes(caught.value, "application_number") == ["cn_number_kind"]


def test_a_foreign_number_is_not_checked_as_a_chinese_one() -> None:
    patent = make_patent(jurisdiction="US", application_number="17/123,456")
    assert patent.application_number == "17/123,456"


def test_a_patent_needs_an_owner() -> None:
    with pytest.raises(ValidationError) as caught:
        make_patent(owners=[])
    assert codes(caught.value, "owners") == ["owners_required"]


def test_a_fee_reduction_is_refused_for_an_owner_the_rules_leave_out() -> None:
    government = OrganizationFactory.create(kind="government")
    with pytest.raises(ValidationError) as caught:
        make_patent(owners=[government], fee_reduction=True)
    assert codes(caught.value, "fee_reduction") == ["reduction_owner_kind"]


def test_a_priority_older_than_twelve_months_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        make_patent(filed_on=D(2020, 6, 10), priority_on=D(2019, 6, 9))
    assert codes(caught.value, "priority_on") == ["priority_too_old"]


def test_the_term_follows_a_change_of_kind_and_filing_date() -> None:
    patent = make_patent(kind=PatentKind.DESIGN, filed_on=D(2021, 5, 31))
    assert patent.expires_on == D(2031, 5, 30)
    patent = patent_update(
        patent=patent,
        by=None,
        version=patent.version,
        filed_on=D(2021, 6, 1),
        application_number=cn_number(2021, PatentKind.DESIGN),
    )
    assert patent.expires_on == D(2036, 5, 31)


def test_a_pending_patent_without_payments_may_be_deleted_and_one_with_them_not() -> None:
    patent = make_patent()
    patent_delete(patent=patent, by=None)
    paid = make_patent()
    pay(paid, kind=FeeKind.APPLICATION, paid_on=paid.filed_on, amount=Decimal(900))
    with pytest.raises(ValidationError) as caught:
        patent_delete(patent=paid, by=None)
    assert caught.value.code == "not_deletable"


# Lifecycle ---------------------------------------------------------------------------------


def test_publication_comes_after_the_filing() -> None:
    patent = make_patent(filed_on=D(2017, 3, 15))
    with pytest.raises(ValidationError) as caught:
        patent_record_publication(patent=patent, published_on=D(2017, 3, 1), by=None)
    assert codes(caught.value, "published_on") == ["before_filing"]
    patent = patent_record_publication(patent=patent, published_on=D(2018, 9, 14), by=None)
    assert patent.published_on == D(2018, 9, 14)


def test_examination_requested_after_three_years_is_refused_naming_the_deadline() -> None:
    patent = make_patent(filed_on=D(2020, 6, 10), priority_on=D(2019, 8, 20))
    with pytest.raises(ValidationError) as caught:
        patent_request_examination(patent=patent, requested_on=D(2022, 8, 23), by=None)
    assert codes(caught.value, "requested_on") == ["examination_too_late"]
    assert "2022-08-22" in caught.value.message_dict["requested_on"][0]
    patent_request_examination(patent=patent, requested_on=D(2022, 8, 22), by=None)


def test_an_invention_is_granted_after_its_examination_request_and_numbered_zl() -> None:
    patent = make_patent(filed_on=D(2017, 7, 21), application_number="201710601862.3")
    with pytest.raises(ValidationError) as caught:
        patent_grant(patent=patent, granted_on=D(2019, 11, 20), by=None)
    assert codes(caught.value) == ["not_examined"]
    patent_request_examination(patent=patent, requested_on=D(2017, 9, 1), by=None)
    patent = patent_grant(patent=patent, granted_on=D(2019, 11, 20), by=None)
    assert patent.patent_number == "ZL201710601862.3"


def test_a_foreign_grant_needs_its_number() -> None:
    patent = make_patent(jurisdiction="US", application_number="17/123,456")
    with pytest.raises(ValidationError) as caught:
        patent_grant(patent=patent, granted_on=D(2020, 1, 7), by=None)
    assert codes(caught.value, "patent_number") == ["patent_number_required"]
    patent = patent_grant(
        patent=patent, granted_on=D(2020, 1, 7), patent_number="US 11,000,001 B2", by=None
    )
    assert patent.patent_number == "US 11,000,001 B2"


def test_withdraw_a_pending_application_and_abandon_a_granted_patent() -> None:
    pending = patent_withdraw(patent=make_patent(), ended_on=D(2018, 1, 5), by=None)
    assert pending.status == PatentStatus.WITHDRAWN
    granted = granted_patent()
    with pytest.raises(ValidationError):
        patent_withdraw(patent=granted, ended_on=D(2021, 1, 5), by=None)
    abandoned = patent_abandon(
        patent=granted, ended_on=D(2021, 1, 5), reason="No licensee", by=None
    )
    assert abandoned.status == PatentStatus.ABANDONED
    assert abandoned.end_reason == "No licensee"


def test_a_patent_lapses_when_an_annual_fee_is_unpaid_past_the_late_window() -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    pay(patent, kind=FeeKind.ANNUAL, fee_year=3, paid_on=D(2019, 11, 1), amount=Decimal(900))
    with pytest.raises(ValidationError) as caught:
        patent_lapse(patent=patent, by=None, on=D(2020, 9, 15))
    assert caught.value.code == "not_lapsed"
    patent = patent_lapse(patent=patent, by=None, on=D(2020, 9, 16))
    assert patent.status == PatentStatus.LAPSED
    assert patent.lapsed_on == D(2020, 3, 15)
    assert "year 4" in patent.end_reason


def test_the_docket_job_lapses_and_expires_due_patents_once() -> None:
    unpaid = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    kept = granted_patent(filed_on=D(2024, 3, 15), granted_on=D(2025, 11, 20))
    pay(kept, kind=FeeKind.ANNUAL, fee_year=3, paid_on=D(2026, 3, 16), amount=Decimal(900))
    old = granted_patent(
        kind=PatentKind.UTILITY_MODEL, filed_on=D(2016, 1, 4), granted_on=D(2016, 8, 1)
    )
    for year in range(1, 11):
        pay(old, kind=FeeKind.ANNUAL, fee_year=year, paid_on=D(2016, 8, 1), amount=_fee(old, year))
    lapsed, expired = lapse_and_expire_due(on=D(2026, 12, 7))
    assert [p.pk for p in lapsed] == [unpaid.pk]
    assert [p.pk for p in expired] == [old.pk]
    kept.refresh_from_db()
    assert kept.status == PatentStatus.GRANTED
    assert lapse_and_expire_due(on=D(2026, 12, 7)) == ([], [])


def _fee(patent: Patent, year: int) -> Decimal:
    from liaison.patents import docket

    return docket.annual_fee(patent, year).amount


def test_expiry_waits_for_the_end_of_the_term() -> None:
    patent = granted_patent(
        kind=PatentKind.UTILITY_MODEL, filed_on=D(2016, 1, 4), granted_on=D(2016, 8, 1)
    )
    with pytest.raises(ValidationError):
        patent_expire(patent=patent, by=None, on=D(2026, 1, 3))
    patent = patent_expire(patent=patent, by=None, on=D(2026, 1, 4))
    assert patent.status == PatentStatus.EXPIRED
    assert patent.ended_on == D(2026, 1, 3)


def test_the_docket_command_lists_what_is_due(capsys: pytest.CaptureFixture[str]) -> None:
    make_patent(filed_on=D(2024, 1, 2))
    call_command("docket", "--list-only", "--days", "4000")
    out = capsys.readouterr().out
    assert "Request substantive examination" in out


# Fee payments ---------------------------------------------------------------------------------


def test_an_annual_fee_paid_on_time_is_recorded_with_its_rules() -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    payment = pay(
        patent, kind=FeeKind.ANNUAL, fee_year=4, paid_on=D(2020, 3, 16), amount=Decimal(1200)
    )
    assert payment.due_on == D(2020, 3, 16)
    assert payment.surcharge == 0
    assert payment.rule_version == "CN-fees-2016-09"


@pytest.mark.parametrize(
    ("paid_on", "amount", "surcharge"),
    [
        (D(2023, 4, 10), "2000", "0"),
        (D(2023, 4, 20), "2100", "100"),
        (D(2023, 5, 20), "2200", "200"),
        (D(2023, 6, 20), "2300", "300"),
        (D(2023, 7, 20), "2400", "400"),
        (D(2023, 8, 20), "2500", "500"),
    ],
)
def test_a_late_payment_carries_the_surcharge_of_its_month(
    paid_on: datetime.date, amount: str, surcharge: str
) -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    payment = pay(patent, kind=FeeKind.ANNUAL, fee_year=7, paid_on=paid_on, amount=Decimal(amount))
    assert payment.surcharge == Decimal(surcharge)


def test_a_payment_without_its_surcharge_is_refused_naming_the_amount_due() -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    with pytest.raises(ValidationError) as caught:
        pay(patent, kind=FeeKind.ANNUAL, fee_year=7, paid_on=D(2023, 6, 20), amount=Decimal(2000))
    assert codes(caught.value, "amount") == ["amount_mismatch"]
    assert "2300" in caught.value.message_dict["amount"][0]


def test_a_payment_after_the_late_window_is_refused() -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    with pytest.raises(ValidationError) as caught:
        pay(patent, kind=FeeKind.ANNUAL, fee_year=7, paid_on=D(2023, 9, 18), amount=Decimal(2500))
    assert codes(caught.value, "paid_on") == ["after_late_window"]


def test_a_reduced_fee_is_checked_as_reduced_by_owner_count() -> None:
    single = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20), fee_reduction=True)
    pay(single, kind=FeeKind.ANNUAL, fee_year=4, paid_on=D(2020, 3, 1), amount=Decimal(180))
    joint = granted_patent(
        filed_on=D(2017, 3, 15),
        granted_on=D(2019, 11, 20),
        fee_reduction=True,
        owners=[OrganizationFactory.create(kind="university"), OrganizationFactory.create()],
    )
    with pytest.raises(ValidationError):
        pay(joint, kind=FeeKind.ANNUAL, fee_year=4, paid_on=D(2020, 3, 1), amount=Decimal(180))
    pay(joint, kind=FeeKind.ANNUAL, fee_year=4, paid_on=D(2020, 3, 1), amount=Decimal(360))


def test_an_annual_fee_is_recorded_once_per_fee_year() -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    pay(patent, kind=FeeKind.ANNUAL, fee_year=4, paid_on=D(2020, 3, 16), amount=Decimal(1200))
    with pytest.raises(ValidationError):
        pay(patent, kind=FeeKind.ANNUAL, fee_year=4, paid_on=D(2020, 3, 17), amount=Decimal(1200))


def test_no_annual_fee_before_the_grant_nor_outside_the_term() -> None:
    patent = make_patent()
    with pytest.raises(ValidationError) as caught:
        pay(patent, kind=FeeKind.ANNUAL, fee_year=1, paid_on=D(2017, 3, 15), amount=Decimal(900))
    assert codes(caught.value, "kind") == ["not_granted"]
    granted = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    with pytest.raises(ValidationError) as caught:
        pay(granted, kind=FeeKind.ANNUAL, fee_year=2, paid_on=D(2019, 3, 1), amount=Decimal(900))
    assert codes(caught.value, "fee_year") == ["fee_year_out_of_term"]


def test_the_examination_fee_is_checked_against_the_schedule() -> None:
    patent = make_patent(filed_on=D(2020, 6, 10))
    with pytest.raises(ValidationError):
        pay(patent, kind=FeeKind.EXAMINATION, paid_on=D(2020, 7, 1), amount=Decimal(2000))
    payment = pay(patent, kind=FeeKind.EXAMINATION, paid_on=D(2020, 7, 1), amount=Decimal(2500))
    assert payment.due_on == D(2023, 6, 12)  # 10 June 2023 is a Saturday


def test_a_payment_of_an_ended_patent_stays() -> None:
    patent = granted_patent(filed_on=D(2017, 3, 15), granted_on=D(2019, 11, 20))
    payment = pay(
        patent, kind=FeeKind.ANNUAL, fee_year=3, paid_on=D(2019, 11, 1), amount=Decimal(900)
    )
    patent_abandon(patent=patent, ended_on=D(2021, 1, 5), by=None)
    payment.refresh_from_db()
    with pytest.raises(ValidationError):
        fee_payment_delete(fee_payment=payment, by=None)


# Office actions ---------------------------------------------------------------------------------


def test_an_office_actions_deadline_is_computed_and_recorded_with_its_rules() -> None:
    patent = make_patent(filed_on=D(2025, 6, 10))
    action = patent_record_office_action(
        patent=patent, kind=OfficeActionKind.FIRST_OPINION, issued_on=D(2026, 9, 1), by=None
    )
    assert action.response_due_on == D(2027, 1, 18)
    assert action.rule_version == "CN-deadlines-2024-01"


def test_a_notice_of_another_kind_needs_its_term() -> None:
    patent = make_patent(filed_on=D(2025, 6, 10))
    with pytest.raises(ValidationError) as caught:
        office_action(patent, kind=OfficeActionKind.OTHER, issued_on=D(2026, 9, 1))
    assert codes(caught.value, "term_months") == ["term_required"]
    action = office_action(
        patent, kind=OfficeActionKind.OTHER, issued_on=D(2026, 9, 1), term_months=1
    )
    assert action.response_due_on == D(2026, 10, 16)


def test_a_late_answer_is_refused_and_a_timely_one_recorded() -> None:
    patent = make_patent(filed_on=D(2017, 3, 15))
    action = office_action(patent, issued_on=D(2018, 9, 3), kind=OfficeActionKind.CORRECTION)
    # Presumed received on 18 September; 2 months on is Sunday 18 November: due the 19th.
    assert action.response_due_on == D(2018, 11, 19)
    with pytest.raises(ValidationError) as caught:
        office_action_respond(office_action=action, responded_on=D(2018, 11, 20), by=None)
    assert codes(caught.value, "responded_on") == ["answer_too_late"]
    action = office_action_respond(office_action=action, responded_on=D(2018, 11, 19), by=None)
    assert action.responded_on == D(2018, 11, 19)
