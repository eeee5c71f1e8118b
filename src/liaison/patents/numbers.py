"""Chinese patent application numbers (专利申请号) and their check character.

Since 1 October 2003 an application number has twelve digits and a check character,
``YYYY T NNNNNNN . C``: the filing year (for an international application entering China,
the year it entered), the type (1 invention, 2 utility model, 3 design, 8 PCT invention
entering China, 9 PCT utility model entering China), a serial number, and the check
character: the twelve digits weighted in turn by 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5, summed,
modulo 11, a remainder of 10 written ``X`` (201710601862.3: the sum is 157, 157 mod 11 = 3).
Before, the number had eight digits (``YY T NNNNN . C``) weighted 2 to 9 (ZL95115608.X:
the sum is 186, remainder 10). A granted patent's number is "ZL" and the application number.

People type these from letters, scans and Chinese input methods: a "CN" or "ZL" prefix,
full-width digits and spaces are accepted and normalized as credit codes are
(`core.validators.normalize_credit_code`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from liaison.core.validators import normalize_credit_code

from .choices import PatentKind

NEW_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
OLD_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9)
# The twelve-digit form began with applications filed from 1 October 2003.
NEW_FORM_FROM_YEAR = 2003

TYPE_KINDS = {
    "1": PatentKind.INVENTION,
    "2": PatentKind.UTILITY_MODEL,
    "3": PatentKind.DESIGN,
    "8": PatentKind.INVENTION,
    "9": PatentKind.UTILITY_MODEL,
}
# International applications entering the Chinese national phase: their number's year is the
# year they entered, not the international filing date's.
PCT_TYPES = frozenset({"8", "9"})

_SHAPE = re.compile(r"^(?:CN|ZL)?(\d{8}|\d{12})\.?([0-9X]?)$")


def cn_check_character(digits: str) -> str:
    """The check character of a CN application number whose digits (8 or 12) are `digits`."""
    if not digits.isdigit() or len(digits) not in (8, 12):
        raise ValueError(f"a CN application number has 8 or 12 digits, not {digits!r}")
    weights = NEW_WEIGHTS if len(digits) == 12 else OLD_WEIGHTS
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return "X" if remainder == 10 else str(remainder)


def normalize_cn_application_number(value: str) -> str:
    """`value` made half-width and upper-case, without spaces (a prefix is kept)."""
    return re.sub(r"[\s\-]", "", normalize_credit_code(value))


@dataclass(frozen=True)
class CNApplicationNumber:
    digits: str
    check: str

    @property
    def year(self) -> int:
        if len(self.digits) == 12:
            return int(self.digits[:4])
        return 1900 + int(self.digits[:2])

    @property
    def type_digit(self) -> str:
        return self.digits[4] if len(self.digits) == 12 else self.digits[2]

    @property
    def kind(self) -> str | None:
        return TYPE_KINDS.get(self.type_digit)

    @property
    def enters_from_pct(self) -> bool:
        return self.type_digit in PCT_TYPES

    def __str__(self) -> str:
        return f"{self.digits}.{self.check}"


def parse_cn_application_number(value: str) -> CNApplicationNumber:
    """The parts of a CN application number, refused when its form or check character is wrong."""
    normalized = normalize_cn_application_number(value)
    match = _SHAPE.match(normalized)
    if match is None:
        raise ValidationError(
            _(
                "A Chinese application number has 12 digits and a check character "
                "(201710601862.3), or before 2004 8 digits and one (95115608.X); "
                "“%(value)s” has neither form."
            ),
            code="cn_number_form",
            params={"value": value.strip()},
        )
    digits, given = match.groups()
    expected = cn_check_character(digits)
    if not given:
        raise ValidationError(
            _(
                "This application number lacks its check character: it should end in "
                ".%(expected)s (%(digits)s.%(expected)s)."
            ),
            code="cn_number_check_missing",
            params={"expected": expected, "digits": digits},
        )
    if given != expected:
        raise ValidationError(
            _(
                "This application number fails its check: the check character should be "
                "%(expected)s, not %(actual)s. Check it for a mistyped digit."
            ),
            code="cn_number_checksum",
            params={"expected": expected, "actual": given},
        )
    number = CNApplicationNumber(digits=digits, check=given)
    if len(digits) == 12 and number.year < NEW_FORM_FROM_YEAR:
        raise ValidationError(
            _("The 12-digit form began in 2003; this number says %(year)s."),
            code="cn_number_year",
            params={"year": number.year},
        )
    if number.kind is None:
        raise ValidationError(
            _(
                "The type digit of this application number is %(digit)s; it is 1 (invention), "
                "2 (utility model), 3 (design), 8 or 9 (an international application entering "
                "China)."
            ),
            code="cn_number_type",
            params={"digit": number.type_digit},
        )
    return number


def validate_cn_application_number(
    value: str,
    kind: str | None = None,
    *,
    filed_on: datetime.date | None = None,
    entered_on: datetime.date | None = None,
) -> str:
    """Refuse a CN application number whose form, check character, type or year is wrong.

    `kind` is the patent's kind, which the type digit must name; `filed_on` the filing date,
    whose year the number's must be; for an international application entering China the
    number's year is that of `entered_on` (the national phase entry), never before the filing.
    Returns the number as stored (``201710601862.3``).
    """
    number = parse_cn_application_number(value)
    if kind is not None and number.kind != kind:
        raise ValidationError(
            _(
                "The type digit %(digit)s of this application number says “%(says)s”, "
                "not “%(kind)s”."
            ),
            code="cn_number_kind",
            params={
                "digit": number.type_digit,
                "says": PatentKind(number.kind or "").label,
                "kind": PatentKind(kind).label if kind in PatentKind.values else kind,
            },
        )
    if number.enters_from_pct:
        year = entered_on.year if entered_on is not None else None
        if filed_on is not None and number.year < filed_on.year:
            raise ValidationError(
                _(
                    "This number's year, %(year)s, is before the international filing date "
                    "(%(filed_on)s)."
                ),
                code="cn_number_year",
                params={"year": number.year, "filed_on": filed_on.isoformat()},
            )
    else:
        year = filed_on.year if filed_on is not None else None
    if year is not None and number.year != year:
        raise ValidationError(
            _(
                "This application number's year is %(number_year)s, but the date it goes "
                "with is in %(year)s."
            ),
            code="cn_number_year",
            params={"number_year": number.year, "year": year},
        )
    return str(number)


def cn_patent_number(application_number: str) -> str:
    """The number of the patent granted on a CN application: "ZL" and the application number."""
    return f"ZL{parse_cn_application_number(application_number)}"
