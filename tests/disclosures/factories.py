"""Disclosures for tests: `DisclosureFactory` (submitted, no inventors) and `submitted_disclosure`
(through the service, with inventors adding up to 100 %), moved on with `acknowledged`,
`evaluated`, `decided` and `accepted`."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory

from liaison.disclosures.choices import DisclosureDecision
from liaison.disclosures.models import (
    Disclosure,
    DisclosureAttachment,
    DisclosureEvent,
    DisclosureFunding,
    DisclosureInventor,
)
from liaison.disclosures.services import (
    disclosure_accept,
    disclosure_acknowledge,
    disclosure_decide,
    disclosure_start_evaluation,
    disclosure_submit,
)
from liaison.people.models import Person
from tests.accounts.factories import UserFactory
from tests.organizations.factories import OrganizationFactory
from tests.people.factories import PersonFactory

CONCEIVED_ON = datetime.date(2026, 3, 2)
SUBMITTED_ON = datetime.date(2026, 9, 1)
ACKNOWLEDGED_ON = datetime.date(2026, 9, 8)
EVALUATED_ON = datetime.date(2026, 9, 15)
DECIDED_ON = datetime.date(2026, 10, 20)
ACCEPTED_ON = datetime.date(2026, 11, 2)


class DisclosureFactory(factory.django.DjangoModelFactory[Disclosure]):
    """A submitted disclosure with no inventors: add them with `DisclosureInventorFactory`."""

    class Meta:
        model = Disclosure

    title_zh = factory.Sequence(lambda n: f"一种可降解镁合金涂层{n}")
    title_en = factory.Sequence(lambda n: f"A degradable magnesium alloy coating {n}")
    description = "A coating that slows the corrosion of magnesium stents to six months."
    conceived_on = CONCEIVED_ON
    submitted_on = SUBMITTED_ON


class DisclosureInventorFactory(factory.django.DjangoModelFactory[DisclosureInventor]):
    class Meta:
        model = DisclosureInventor

    disclosure = factory.SubFactory(DisclosureFactory)
    person = factory.SubFactory(PersonFactory)
    share = Decimal("100.00")


class DisclosureFundingFactory(factory.django.DjangoModelFactory[DisclosureFunding]):
    class Meta:
        model = DisclosureFunding

    disclosure = factory.SubFactory(DisclosureFactory)
    sponsor = factory.SubFactory(OrganizationFactory)
    project = factory.Sequence(lambda n: f"国家自然科学基金 8230{n:04d}")


class DisclosureEventFactory(factory.django.DjangoModelFactory[DisclosureEvent]):
    class Meta:
        model = DisclosureEvent

    disclosure = factory.SubFactory(DisclosureFactory)
    kind = "submitted"
    happened_on = SUBMITTED_ON


def make_attachment(disclosure: Disclosure | None = None) -> DisclosureAttachment:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return DisclosureAttachment.objects.create(
        disclosure=disclosure or DisclosureFactory.create(),
        title="实验记录",
        file=SimpleUploadedFile("notes.txt", b"lab notes"),
    )


def submitted_disclosure(
    *,
    by: Any = None,
    shares: tuple[tuple[Person, str], ...] | None = None,
    **fields: Any,
) -> Disclosure:
    """A disclosure submitted through the service; two inventors at 60/40 unless told."""
    if shares is None:
        shares = ((PersonFactory.create(), "60.00"), (PersonFactory.create(), "40.00"))
    fields.setdefault("title_zh", "一种可降解镁合金涂层")
    fields.setdefault("title_en", "A degradable magnesium alloy coating")
    fields.setdefault("description", "A coating that slows the corrosion of magnesium stents.")
    fields.setdefault("conceived_on", CONCEIVED_ON)
    return disclosure_submit(
        by=by,
        inventors=[(person, Decimal(share)) for person, share in shares],
        submitted_on=fields.pop("submitted_on", SUBMITTED_ON),
        **fields,
    )


def acknowledged(
    disclosure: Disclosure, *, by: Any = None, on: datetime.date = ACKNOWLEDGED_ON
) -> Disclosure:
    responsible = by if by is not None else UserFactory.create()
    return disclosure_acknowledge(
        disclosure=disclosure, acknowledged_on=on, responsible=responsible, by=by
    )


def evaluated(disclosure: Disclosure, *, by: Any = None) -> Disclosure:
    return disclosure_start_evaluation(
        disclosure=acknowledged(disclosure, by=by), started_on=EVALUATED_ON, by=by
    )


def decided(
    disclosure: Disclosure,
    *,
    by: Any = None,
    decision: str = DisclosureDecision.FILE_PATENT,
) -> Disclosure:
    return disclosure_decide(
        disclosure=evaluated(disclosure, by=by),
        decision=decision,
        decided_on=DECIDED_ON,
        note="Novel and inventive over the prior art found; a licensee is interested.",
        by=by,
    )


def accepted(disclosure: Disclosure, *, by: Any = None) -> Disclosure:
    """Accepted as an achievement of the institute (made if there is none)."""
    from liaison.organizations.models import Organization
    from tests.organizations.factories import InstituteFactory

    if not Organization.objects.filter(is_institute=True).exists():
        InstituteFactory.create()
    return disclosure_accept(disclosure=decided(disclosure, by=by), accepted_on=ACCEPTED_ON, by=by)
