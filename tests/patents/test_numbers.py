"""CN application numbers and their check character, on worked examples and at large."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from liaison.patents.choices import PatentKind
from liaison.patents.numbers import (
    cn_check_character,
    cn_patent_number,
    validate_cn_application_number,
)


def test_check_character_of_the_worked_example_is_3() -> None:
    # 2·2+0·3+1·4+7·5+1·6+0·7+6·8+0·9+1·2+8·3+6·4+2·5 = 157; 157 mod 11 = 3
    assert cn_check_character("201710601862") == "3"


def test_check_character_of_the_old_form_remainder_10_is_x() -> None:
    # 9·2+5·3+1·4+1·5+5·6+6·7+0·8+8·9 = 186; 186 mod 11 = 10 → X
    assert cn_check_character("95115608") == "X"


def test_a_valid_number_is_stored_in_its_plain_form() -> None:
    assert validate_cn_application_number("201710601862.3") == "201710601862.3"


@pytest.mark.parametrize(
    "typed",
    [
        "ZL201710601862.3",
        "CN201710601862.3",
        "CN 2017 1 0601862.3",
        "２０１７１０６０１８６２．３",
        " zl201710601862.3 ",
        "2017106018623",
    ],
)
def test_prefixes_full_width_characters_and_spaces_are_accepted(typed: str) -> None:
    assert validate_cn_application_number(typed) == "201710601862.3"


def test_a_wrong_check_character_is_refused_naming_the_expected_one() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_cn_application_number("201710601862.4")
    assert caught.value.code == "cn_number_checksum"
    assert "should be 3, not 4" in caught.value.messages[0]


def test_a_missing_check_character_is_refused_naming_it() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_cn_application_number("201710601862")
    assert caught.value.code == "cn_number_check_missing"
    assert "201710601862.3" in caught.value.messages[0]


def test_the_old_eight_digit_form_is_accepted_with_its_x() -> None:
    assert validate_cn_application_number("ZL95115608.X") == "95115608.X"
    assert cn_patent_number("95115608.X") == "ZL95115608.X"


def test_the_old_form_with_a_wrong_check_character_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_cn_application_number("95115608.1")
    assert "should be X" in caught.value.messages[0]


def test_a_number_of_neither_form_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_cn_application_number("2017-106.3")
    assert caught.value.code == "cn_number_form"


def test_the_type_digit_must_name_the_patents_kind() -> None:
    validate_cn_application_number("201710601862.3", PatentKind.INVENTION)
    with pytest.raises(ValidationError) as caught:
        validate_cn_application_number("201710601862.3", PatentKind.UTILITY_MODEL)
    assert caught.value.code == "cn_number_kind"


def test_an_unknown_type_digit_is_refused() -> None:
    digits = "201750601862"
    with pytest.raises(ValidationError) as caught:
        validate_cn_application_number(f"{digits}.{cn_check_character(digits)}")
    assert caught.value.code == "cn_number_type"


def test_the_year_must_be_the_filing_dates() -> None:
    validate_cn_application_number("201710601862.3", filed_on=datetime.date(2017, 7, 21))
    with pytest.raises(ValidationError) as caught:
        validate_cn_application_number("201710601862.3", filed_on=datetime.date(2018, 1, 2))
    assert caught.value.code == "cn_number_year"


def test_a_pct_entry_carries_the_year_it_entered_china() -> None:
    digits = "201780012345"
    number = f"{digits}.{cn_check_character(digits)}"
    assert (
        validate_cn_application_number(
            number,
            PatentKind.INVENTION,
            filed_on=datetime.date(2015, 6, 1),
            entered_on=datetime.date(2017, 12, 1),
        )
        == number
    )
    with pytest.raises(ValidationError):
        validate_cn_application_number(
            number, filed_on=datetime.date(2015, 6, 1), entered_on=datetime.date(2018, 1, 3)
        )


def test_the_granted_number_is_zl_and_the_application_number() -> None:
    assert cn_patent_number("CN 201710601862.3") == "ZL201710601862.3"


@given(
    year=st.integers(2003, 2099),
    type_digit=st.sampled_from("12389"),
    serial=st.integers(0, 9_999_999),
)
def test_every_number_with_its_own_check_character_is_valid(
    year: int, type_digit: str, serial: int
) -> None:
    digits = f"{year}{type_digit}{serial:07d}"
    assert validate_cn_application_number(f"ZL{digits}.{cn_check_character(digits)}") == (
        f"{digits}.{cn_check_character(digits)}"
    )


@given(
    year=st.integers(2003, 2099),
    type_digit=st.sampled_from("12389"),
    serial=st.integers(0, 9_999_999),
    wrong=st.sampled_from("0123456789X"),
)
def test_every_other_check_character_is_refused_naming_the_right_one(
    year: int, type_digit: str, serial: int, wrong: str
) -> None:
    digits = f"{year}{type_digit}{serial:07d}"
    right = cn_check_character(digits)
    if wrong == right:
        return
    with pytest.raises(ValidationError) as caught:
        validate_cn_application_number(f"{digits}.{wrong}")
    assert f"should be {right}, not {wrong}" in caught.value.messages[0]


@given(digits=st.text("0123456789", min_size=12, max_size=12), position=st.integers(0, 11))
def test_a_single_mistyped_digit_is_caught(digits: str, position: int) -> None:
    # Weights 2..9 are prime to 11, so changing one digit always changes the remainder.
    changed = str((int(digits[position]) + 1) % 10)
    mistyped = digits[:position] + changed + digits[position + 1 :]
    assert cn_check_character(mistyped) != cn_check_character(digits)
