"""The technical-contract registration form (技术合同登记表, JJ-001), version by version.

The registration rules changed in 2026: the Ministry of Industry and Information Technology
issued new rules on 2026-01-23, replacing the Ministry of Science and Technology's of 2000
(the administrative measures) and 2001 (the recognition rules). Which form an application
is filled on follows from the day it is made (`version_for`). Each version lists the fields
it asks, the contract types it registers, its code tables and how long the registry has to
decide; nothing about the form is written anywhere else.

What is not verified against an official text is listed in
`/work/shared/research/transfer-and-market.md` ("Technical-contract registration") and in
each version's `unverified`.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .choices import AgreementKind, RegistrationContractType

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# GB/T 2260: the first two digits of an administrative-division code name the province-level
# division. Shared by every version: the standard is the state's, not the registry's.
PROVINCE_PREFIXES: Mapping[str, str] = {
    "北京": "11",
    "天津": "12",
    "河北": "13",
    "山西": "14",
    "内蒙古": "15",
    "辽宁": "21",
    "吉林": "22",
    "黑龙江": "23",
    "上海": "31",
    "江苏": "32",
    "浙江": "33",
    "安徽": "34",
    "福建": "35",
    "江西": "36",
    "山东": "37",
    "河南": "41",
    "湖北": "42",
    "湖南": "43",
    "广东": "44",
    "广西": "45",
    "海南": "46",
    "重庆": "50",
    "四川": "51",
    "贵州": "52",
    "云南": "53",
    "西藏": "54",
    "陕西": "61",
    "甘肃": "62",
    "青海": "63",
    "宁夏": "64",
    "新疆": "65",
    "台湾": "71",
    "香港": "81",
    "澳门": "82",
}
REGION_CODE = re.compile(r"^\d{6}$")

# The customs' country (region) statistics codes of 2003, three digits, which the form asks
# for each party; keyed by the ISO 3166 code an organization is recorded with. Only China's
# (142) is checked against the form's instructions; the others are to be confirmed on the
# customs' table before an application relies on them.
COUNTRY_CODES: Mapping[str, str] = {
    "CN": "142",
    "HK": "110",
    "MO": "113",
    "TW": "143",
    "JP": "116",
    "KR": "133",
    "DE": "304",
    "GB": "303",
    "FR": "305",
    "US": "502",
}
CHINA = COUNTRY_CODES["CN"]
COUNTRY_CODE = re.compile(r"^\d{3}$")

# The parties' legal-entity types (法人类型 / 单位性质), three digits, as the form's filling
# instructions list them: government bodies, public institutions (research institutes,
# universities, medical bodies), social organizations, then enterprises by registration type.
ENTITY_TYPES_2001: Mapping[str, StrOrPromise] = {
    "010": _("Government body"),
    "021": _("Research institute"),
    "022": _("University"),
    "023": _("Medical or health institution"),
    "024": _("Other public institution"),
    "030": _("Social organization"),
    "110": _("State-owned enterprise"),
    "120": _("Collective enterprise"),
    "130": _("Joint-stock cooperative enterprise"),
    "140": _("Associated enterprise"),
    "150": _("Limited liability company"),
    "160": _("Company limited by shares"),
    "170": _("Private enterprise"),
    "180": _("Other domestic enterprise"),
    "200": _("Enterprise invested from Hong Kong, Macao or Taiwan"),
    "300": _("Foreign-invested enterprise"),
    "400": _("Individual"),
}


@dataclasses.dataclass(frozen=True)
class FormVersion:
    """One version of the registration form and the rules around it."""

    key: str
    title: StrOrPromise
    issued_on: datetime.date
    effective_on: datetime.date
    # The registry decides within this many days of accepting the application.
    decision_days: int
    # The contract types registered, and the one each technical agreement kind goes under.
    contract_types: tuple[str, ...]
    kind_types: Mapping[str, str]
    # Types whose form states the estimated new investment and new output value.
    transfer_types: frozenset[str]
    # The fields of the registration record the form asks, in its order; `required` of them
    # must be filled before the application goes in.
    fields: tuple[str, ...]
    required: tuple[str, ...]
    entity_types: Mapping[str, StrOrPromise]
    # Digits of the registration number the registry gives, when the version fixes them.
    number_digits: int | None
    unverified: tuple[str, ...] = ()

    def __str__(self) -> str:
        return str(self.title)

    def contract_type_for(self, kind: str) -> str:
        return self.kind_types.get(kind, "")


PARTY_FIELDS = (
    "seller",
    "seller_country_code",
    "seller_region_code",
    "seller_entity_type",
    "buyer",
    "buyer_country_code",
    "buyer_region_code",
    "buyer_entity_type",
)
FORM_FIELDS = (
    "project_name",
    "contract_type",
    "valid_from",
    "valid_until",
    *PARTY_FIELDS,
    "estimated_new_investment",
    "estimated_new_output",
)
REQUIRED_FIELDS = (
    "project_name",
    "contract_type",
    "valid_from",
    "valid_until",
    "seller",
    "seller_country_code",
    "seller_entity_type",
    "buyer",
    "buyer_country_code",
    "buyer_entity_type",
)

RULES_2001 = FormVersion(
    key="2001",
    title=_("Rules of 2000/2001 (Ministry of Science and Technology)"),
    issued_on=datetime.date(2001, 7, 18),
    effective_on=datetime.date(2001, 7, 18),
    decision_days=30,
    # Before the Civil Code a licence was a kind of technology transfer (patent licensing
    # among the transfer contracts); training and brokerage were registered as special kinds of
    # service contract, brokerage with its own type on the form.
    contract_types=(
        RegistrationContractType.DEVELOPMENT,
        RegistrationContractType.TRANSFER,
        RegistrationContractType.CONSULTING,
        RegistrationContractType.SERVICE,
        RegistrationContractType.BROKERAGE,
    ),
    kind_types={
        AgreementKind.TECH_DEVELOPMENT: RegistrationContractType.DEVELOPMENT,
        AgreementKind.TECH_TRANSFER: RegistrationContractType.TRANSFER,
        AgreementKind.TECH_LICENSING: RegistrationContractType.TRANSFER,
        AgreementKind.TECH_CONSULTING: RegistrationContractType.CONSULTING,
        AgreementKind.TECH_SERVICE: RegistrationContractType.SERVICE,
    },
    transfer_types=frozenset({RegistrationContractType.TRANSFER}),
    fields=FORM_FIELDS,
    required=REQUIRED_FIELDS,
    entity_types=ENTITY_TYPES_2001,
    number_digits=16,
    unverified=(
        "the date the 2001 recognition rules took effect (2001-07-18 assumed)",
        "entity-type codes other than 021 and 022, and code 400 (individual)",
        "country codes other than China's 142",
    ),
)

RULES_2026 = FormVersion(
    key="2026",
    title=_("Rules of 2026 (Ministry of Industry and Information Technology)"),
    issued_on=datetime.date(2026, 1, 23),
    # Taken to apply from the day they were issued until their own date is confirmed.
    effective_on=datetime.date(2026, 1, 23),
    decision_days=30,
    # The Civil Code (2021) makes licensing a contract type of its own beside transfer.
    contract_types=(
        RegistrationContractType.DEVELOPMENT,
        RegistrationContractType.TRANSFER,
        RegistrationContractType.LICENSING,
        RegistrationContractType.CONSULTING,
        RegistrationContractType.SERVICE,
        RegistrationContractType.BROKERAGE,
    ),
    kind_types={
        AgreementKind.TECH_DEVELOPMENT: RegistrationContractType.DEVELOPMENT,
        AgreementKind.TECH_TRANSFER: RegistrationContractType.TRANSFER,
        AgreementKind.TECH_LICENSING: RegistrationContractType.LICENSING,
        AgreementKind.TECH_CONSULTING: RegistrationContractType.CONSULTING,
        AgreementKind.TECH_SERVICE: RegistrationContractType.SERVICE,
    },
    transfer_types=frozenset(
        {RegistrationContractType.TRANSFER, RegistrationContractType.LICENSING}
    ),
    fields=FORM_FIELDS,
    required=REQUIRED_FIELDS,
    entity_types=ENTITY_TYPES_2001,
    number_digits=None,
    unverified=(
        "the date the 2026 rules took effect (the issue date, 2026-01-23, assumed)",
        "the 30-day decision period (carried over from the 2000 measures)",
        "the form's fields and code tables (carried over from JJ-001 of 2001)",
        "that licences state the estimated new investment and output as transfers do",
        "the registration number's length",
    ),
)

VERSIONS: tuple[FormVersion, ...] = (RULES_2001, RULES_2026)


def version_for(day: datetime.date) -> FormVersion:
    """The version of the form an application made on `day` is filled on."""
    in_force = [v for v in VERSIONS if v.effective_on <= day]
    return max(in_force, key=lambda v: v.effective_on) if in_force else VERSIONS[0]


def version_named(key: str) -> FormVersion | None:
    return next((v for v in VERSIONS if v.key == key), None)


def province_prefix(province: str) -> str:
    """The GB/T 2260 prefix of a province written by name (浙江省, 浙江, 广西壮族自治区), or ""."""
    name = province.strip()
    return next((code for short, code in PROVINCE_PREFIXES.items() if name.startswith(short)), "")


def plausible_region_code(code: str) -> bool:
    """Six digits whose first two name a province-level division."""
    return bool(REGION_CODE.match(code)) and code[:2] in PROVINCE_PREFIXES.values()
