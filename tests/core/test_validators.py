import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from liaison.core.validators import (
    CREDIT_CODE_ALPHABET,
    credit_code_check_character,
    normalize_credit_code,
    validate_credit_code,
)

# Published codes (of well-known companies) that a checksum must accept.
KNOWN_GOOD = ["91350100M000100Y43", "91110000802100433B", "91330000142916567N"]


@pytest.mark.parametrize("code", KNOWN_GOOD)
def test_real_credit_codes_are_accepted(code: str) -> None:
    validate_credit_code(code)


def test_lowercase_input_is_accepted() -> None:
    validate_credit_code(KNOWN_GOOD[0].lower())


def test_full_width_input_is_accepted() -> None:
    validate_credit_code("".join(chr(ord(c) + 0xFEE0) for c in KNOWN_GOOD[0]))


def test_normalizing_makes_full_width_half_width_and_upper_case() -> None:
    assert normalize_credit_code(" ９１３５０１００ｍ０００１００ｙ４３ ") == KNOWN_GOOD[0]


def test_a_wrong_check_character_is_refused_and_the_right_one_named() -> None:
    with pytest.raises(ValidationError) as error:
        validate_credit_code("91350100M000100Y44")
    assert error.value.code == "credit_code_checksum"
    assert "3" in error.value.messages[0]


def test_a_code_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        validate_credit_code("91350100M000100Y4")
    assert error.value.code == "credit_code_length"


def test_letters_outside_the_alphabet_are_refused() -> None:
    with pytest.raises(ValidationError) as error:
        validate_credit_code("91350100M0001OOY43")
    assert error.value.code == "credit_code_characters"


@given(st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=11, max_size=11), st.integers(0, 999999))
def test_every_single_character_typo_is_caught(tail: str, region: int) -> None:
    body = f"91{region:06d}{tail[:9]}"
    code = body + credit_code_check_character(body)
    validate_credit_code(code)
    for position in range(18):
        for replacement in CREDIT_CODE_ALPHABET[:3]:
            if code[position] == replacement:
                continue
            typo = code[:position] + replacement + code[position + 1 :]
            if position in range(2, 8) and not replacement.isdigit():
                continue
            with pytest.raises(ValidationError):
                validate_credit_code(typo)
