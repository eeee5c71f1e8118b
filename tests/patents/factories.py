"""Patents made through their services, so their numbers, terms and deadlines are the rules'."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from liaison.organizations.models import Organization
from liaison.patents.choices import PatentKind
from liaison.patents.models import FeePayment, OfficeAction, Patent
from liaison.patents.numbers import cn_check_character
from liaison.patents.services import (
    fee_payment_create,
    office_action_create,
    patent_create,
    patent_grant,
    patent_request_examination,
)
from tests.achievements.factories import AchievementFactory
from tests.organizations.factories import InstituteFactory

TYPE_DIGITS: dict[str, str] = {
    PatentKind.INVENTION: "1",
    PatentKind.UTILITY_MODEL: "2",
    PatentKind.DESIGN: "3",
}
_serials = itertools.count(600_001)


def cn_number(year: int, kind: str = PatentKind.INVENTION, serial: int | None = None) -> str:
    """A valid CN application number of `year` for a patent of `kind`."""
    digits = f"{year}{TYPE_DIGITS[kind]}{serial if serial is not None else next(_serials):07d}"
    return f"{digits}.{cn_check_character(digits)}"


def institute() -> Organization:
    return Organization.objects.filter(is_institute=True).first() or InstituteFactory.create()


def make_patent(**fields: Any) -> Patent:
    """A pending Chinese invention application of the institute, filed 2017-03-15."""
    fields.setdefault("kind", PatentKind.INVENTION)
    fields.setdefault("filed_on", datetime.date(2017, 3, 15))
    fields.setdefault("application_number", cn_number(fields["filed_on"].year, fields["kind"]))
    fields.setdefault("title", "一种可降解镁合金血管支架")
    if "achievement" not in fields:
        fields["achievement"] = AchievementFactory.create()
    if "owners" not in fields:
        fields["owners"] = [institute()]
    return patent_create(by=None, **fields)


def granted_patent(
    *, granted_on: datetime.date = datetime.date(2019, 11, 20), **fields: Any
) -> Patent:
    """A Chinese patent granted on `granted_on` (an invention's examination requested first)."""
    patent = make_patent(**fields)
    if patent.kind == PatentKind.INVENTION:
        patent_request_examination(
            patent=patent, requested_on=patent.filed_on + datetime.timedelta(days=30), by=None
        )
    return patent_grant(patent=patent, granted_on=granted_on, by=None)


def pay(patent: Patent, **fields: Any) -> FeePayment:
    return fee_payment_create(by=None, patent=patent, **fields)


def office_action(patent: Patent, **fields: Any) -> OfficeAction:
    fields.setdefault("kind", "first_opinion")
    fields.setdefault("issued_on", patent.filed_on + datetime.timedelta(days=400))
    return office_action_create(by=None, patent=patent, **fields)


def patent_of_a_center(**fields: Any) -> Patent:
    """A pending application of an achievement of a center (the scoping's whole path)."""
    from tests.centers.factories import CenterFactory

    fields.setdefault("achievement", AchievementFactory.create(center=CenterFactory.create()))
    return make_patent(**fields)


def fee_payment(**fields: Any) -> FeePayment:
    """The application fee of a new application of a center's achievement."""
    patent = fields.pop("patent", None) or patent_of_a_center()
    fields.setdefault("kind", "application")
    fields.setdefault("paid_on", patent.filed_on)
    fields.setdefault("amount", 900)
    return pay(patent, **fields)


def office_action_of_a_center(**fields: Any) -> OfficeAction:
    return office_action(fields.pop("patent", None) or patent_of_a_center(), **fields)
